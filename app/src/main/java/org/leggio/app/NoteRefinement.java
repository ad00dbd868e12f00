package org.leggio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leggio.ingest.dsp.LogFilterbank;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.notes.BandChroma;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.NoteRefiner;
import org.leggio.matcher.notes.ScoreNotes;
import org.leggio.matcher.session.MatcherSession;
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
     * Refines each output's position with the spectrogram frames up to its own frame (strictly causal).
     *
     * @param bandsByFrames the recording's spectrogram, {@code [band][frame]}
     */
    static List<MatcherSession.Output> refine(ScoreTrack track, ScoreNotes notes, float[][] bandsByFrames,
            List<MatcherSession.Output> outputs, NoteAlignerConfig config) {
        NoteRefiner refiner = new NoteRefiner(track, notes, chroma(), config);
        int frames = bandsByFrames[0].length;
        float[] frame = new float[bandsByFrames.length];
        List<MatcherSession.Output> refined = new ArrayList<>(outputs.size());
        for (MatcherSession.Output output : outputs) {
            long upTo = Math.min(frames - 1L, output.position().frameIndex());
            while (refiner.framesPushed() <= upTo) {
                int f = (int) refiner.framesPushed();
                for (int b = 0; b < frame.length; b++) {
                    frame[b] = bandsByFrames[b][f];
                }
                refiner.pushFrame(frame);
            }
            refined.add(new MatcherSession.Output(refiner.refine(output.position()), output.identification(),
                    output.pageTurn()));
        }
        return refined;
    }
}
