package org.leggio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.leggio.ingest.dsp.LogFilterbank;
import org.leggio.matcher.notes.BandChroma;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.FollowedNotes;
import org.leggio.matcher.notes.OtherPieceConfig;
import org.leggio.matcher.notes.NoteRefiner;
import org.leggio.matcher.notes.ScoreNotes;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.ScoreTimeline;

/** Note-level refinement of a followed recording, for the commands that follow files (see {@code matcher.notes}). */
final class NoteRefinement {
    /** Pitch classes are read from bands between these frequencies, Hz. */
    static final double MIN_CHROMA_HZ = 100;
    static final double MAX_CHROMA_HZ = 5000;

    private NoteRefinement() {}

    /** The played notes of a MusicXML score, repeats unfolded. */
    static ScoreNotes notesOf(Path musicXml) {
        ScoreNotes.Builder notes = ScoreNotes.builder();
        for (ScoreTimeline.PlayedNote note : ScoreTimeline.read(musicXml).playedNotes()) {
            notes.add(note.onsetUnfoldedBeats(), note.durationBeats(), note.midiPitch(), note.struck());
        }
        return notes.build();
    }

    /** The front end's bands folded onto pitch classes. */
    static BandChroma chroma() {
        return new BandChroma(LogFilterbank.standard().centreFrequenciesHz(), MIN_CHROMA_HZ, MAX_CHROMA_HZ);
    }

    /**
     * Follows a recording in one piece as {@link FollowCommand#run} does, refining each position at note
     * level with the spectrogram frames up to its own frame (strictly causal); with {@code checkJumps} the
     * session's jumps within the piece must also fit the notes better (see {@link NoteRefiner#allows}).
     *
     * @param bandsByFrames the recording's spectrogram, {@code [band][frame]}
     */
    static List<MatcherSession.Output> follow(ScoreIndex piece, SessionConfig config, float[][] embeddings,
            boolean[] audible, float[][] bandsByFrames, ScoreNotes notes, NoteAlignerConfig noteConfig,
            boolean checkJumps) {
        return follow(piece, config, embeddings, audible, bandsByFrames, notes, noteConfig, checkJumps, null);
    }

    /** As above, timing each embedding's step into {@code stepNanos} (when not null; see the library version). */
    static List<MatcherSession.Output> follow(ScoreIndex piece, SessionConfig config, float[][] embeddings,
            boolean[] audible, float[][] bandsByFrames, ScoreNotes notes, NoteAlignerConfig noteConfig,
            boolean checkJumps, long[] stepNanos) {
        return follow(PieceLibrary.of(List.of(piece)), config, embeddings, audible, bandsByFrames,
                id -> id.equals(piece.getPieceId()) ? notes : null, noteConfig, OtherPieceConfig.defaults(), checkJumps,
                stepNanos);
    }

    /**
     * As above in a library, starting in its first piece, as the matcher service does: the notes of whichever
     * piece the session follows refine it ({@link FollowedNotes}), from the frame the session came to that
     * piece; pieces whose {@code notesOf} is null pass unrefined. With more than one piece, the notes also look
     * for the players in the other pieces ({@code otherPiece}).
     */
    static List<MatcherSession.Output> follow(PieceLibrary library, SessionConfig config, float[][] embeddings,
            boolean[] audible, float[][] bandsByFrames, Function<String, ScoreNotes> notesOf,
            NoteAlignerConfig noteConfig, OtherPieceConfig otherPiece, boolean checkJumps) {
        return follow(library, config, embeddings, audible, bandsByFrames, notesOf, noteConfig, otherPiece, checkJumps,
                null);
    }

    /**
     * As above, timing each embedding's step: into {@code stepNanos[i]} (when not null; one per embedding) the
     * nanoseconds spent on embedding {@code i}, from pushing the spectrogram frames it covers to the session's
     * step and the notes' change of piece ({@code leggio bench follow}).
     */
    static List<MatcherSession.Output> follow(PieceLibrary library, SessionConfig config, float[][] embeddings,
            boolean[] audible, float[][] bandsByFrames, Function<String, ScoreNotes> notesOf,
            NoteAlignerConfig noteConfig, OtherPieceConfig otherPiece, boolean checkJumps, long[] stepNanos) {
        if (stepNanos != null && stepNanos.length != embeddings.length) {
            throw new IllegalArgumentException("stepNanos must have one slot per embedding: " + stepNanos.length
                    + " for " + embeddings.length);
        }
        FollowedNotes notes = new FollowedNotes(library, notesOf, chroma(), noteConfig, otherPiece);
        String first = library.piece(0).getPieceId();
        notes.follow(first);
        MatcherSession session = MatcherSession.following(library, first, config,
                checkJumps ? notes : refiningOnly(notes));
        int frames = bandsByFrames[0].length;
        float[] frame = new float[bandsByFrames.length];
        List<MatcherSession.Output> outputs = new ArrayList<>(embeddings.length);
        long pushed = 0;
        for (int i = 0; i < embeddings.length; i++) {
            long t0 = stepNanos != null ? System.nanoTime() : 0;
            long upTo = Math.min(frames - 1L, AudioEmbeddingRun.frameOf(i));
            for (; pushed <= upTo; pushed++) {
                for (int b = 0; b < frame.length; b++) {
                    frame[b] = bandsByFrames[b][(int) pushed];
                }
                notes.pushFrame(frame);
            }
            MatcherSession.Output output = session.step(embeddings[i], AudioEmbeddingRun.frameOf(i), audible[i]);
            notes.follow(output.position().pieceId());
            if (stepNanos != null) {
                stepNanos[i] = System.nanoTime() - t0;
            }
            outputs.add(output);
        }
        return outputs;
    }

    /** The notes' refined positions, without their say on jumps. */
    private static Evidence refiningOnly(Evidence notes) {
        return new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public void jumped() {
                notes.jumped();
            }

            @Override
            public TrackedPosition refine(TrackedPosition position) {
                return notes.refine(position);
            }

            @Override
            public double relocation() {
                return notes.relocation();
            }

            @Override
            public OtherPiece otherPiece(java.util.function.Supplier<int[]> candidates) {
                return notes.otherPiece(candidates);
            }
        };
    }
}
