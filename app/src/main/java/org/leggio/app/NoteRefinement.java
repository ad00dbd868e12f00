package org.leggio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leggio.ingest.dsp.LogFilterbank;
import org.leggio.matcher.notes.BandChroma;
import org.leggio.matcher.notes.NoteAlignerConfig;
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
        return follow(PieceLibrary.of(List.of(piece)), config, embeddings, audible, bandsByFrames, notes, noteConfig,
                checkJumps);
    }

    /**
     * As above in a library, starting in its first piece, whose {@code notes} are known; positions in the
     * others pass unrefined.
     */
    static List<MatcherSession.Output> follow(PieceLibrary library, SessionConfig config, float[][] embeddings,
            boolean[] audible, float[][] bandsByFrames, ScoreNotes notes, NoteAlignerConfig noteConfig,
            boolean checkJumps) {
        NoteRefiner refiner = new NoteRefiner(library.track(0), notes, chroma(), noteConfig);
        MatcherSession session = MatcherSession.following(library, library.piece(0).getPieceId(),
                config, checkJumps ? refiner : refiningOnly(refiner));
        int frames = bandsByFrames[0].length;
        float[] frame = new float[bandsByFrames.length];
        List<MatcherSession.Output> outputs = new ArrayList<>(embeddings.length);
        for (int i = 0; i < embeddings.length; i++) {
            long upTo = Math.min(frames - 1L, AudioEmbeddingRun.frameOf(i));
            while (refiner.framesPushed() <= upTo) {
                int f = (int) refiner.framesPushed();
                for (int b = 0; b < frame.length; b++) {
                    frame[b] = bandsByFrames[b][f];
                }
                refiner.pushFrame(frame);
            }
            outputs.add(session.step(embeddings[i], AudioEmbeddingRun.frameOf(i), audible[i]));
        }
        return outputs;
    }

    /** The refiner's positions, without its say on jumps. */
    private static Evidence refiningOnly(NoteRefiner refiner) {
        return new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public void jumped() {
                refiner.jumped();
            }

            @Override
            public TrackedPosition refine(TrackedPosition position) {
                return refiner.refine(position);
            }

            @Override
            public double relocation() {
                return refiner.relocation();
            }
        };
    }
}
