package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.junit.jupiter.api.Test;

class NoteRefinerTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);

    @Test
    void movesAFollowingPositionToTheNotesAndLeavesEverythingElse() {
        // 24 bars of 4 quarter notes on the synthetic track; the performance covers its 96 beats
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1));
        int frame = 400;
        for (int f = 0; f <= frame; f++) {
            refiner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double tempo = SyntheticPerformance.tempo(truth);
        double guessBeats = performance.beatAt(frame / 20.0 - 0.4);
        TrackedPosition coarse = position(track, SessionState.FOLLOWING, "p", guessBeats, tempo * 60);

        TrackedPosition refined = refiner.refine(coarse);
        assertThat(Math.abs(refined.place().scoreBeats() - truth) / tempo).isLessThan(0.1);
        assertThat(refined.trackPosition()).isGreaterThan(coarse.trackPosition());
        assertThat(refined.place().pageIndex()).isEqualTo(track.locate(refined.trackPosition()).pageIndex());
        assertThat(refined.confidence()).isEqualTo(coarse.confidence());
        assertThat(refined.frameIndex()).isEqualTo(coarse.frameIndex());

        TrackedPosition lost = position(track, SessionState.LOST, "p", guessBeats, tempo * 60);
        assertThat(refiner.refine(lost)).isSameAs(lost);
        TrackedPosition other = position(track, SessionState.FOLLOWING, "another piece", guessBeats, tempo * 60);
        assertThat(refiner.refine(other)).isSameAs(other);
        TrackedPosition noTempo = position(track, SessionState.FOLLOWING, "p", guessBeats, Double.NaN);
        assertThat(refiner.refine(noTempo)).isSameAs(noTempo);
    }

    @Test
    void allowsAJumpOnlyToNotesThatFitTheAudioBetter() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 13);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        int frame = 500;
        for (int f = 0; f <= frame; f++) {
            refiner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double elsewhere = truth > 48 ? truth - 30 : truth + 30;
        assertThat(refiner.allows("p", track.positionAtBeats(truth), track.positionAtBeats(elsewhere)))
                .as("no tempo known yet: cannot judge, allows").isTrue();
        refiner.refine(position(track, SessionState.FOLLOWING, "p", truth, SyntheticPerformance.tempo(truth) * 60));
        assertThat(refiner.allows("p", track.positionAtBeats(truth), track.positionAtBeats(elsewhere))).isFalse();
        assertThat(refiner.allows("p", track.positionAtBeats(elsewhere), track.positionAtBeats(truth))).isTrue();
        assertThat(refiner.allows("another piece", track.positionAtBeats(truth), track.positionAtBeats(elsewhere)))
                .as("not this refiner's piece").isTrue();
    }

    private static TrackedPosition position(ScoreTrack track, SessionState state, String pieceId, double beats,
            double tempoBpm) {
        double trackPosition = track.positionAtBeats(beats);
        return new TrackedPosition(400, state, pieceId, track.locate(trackPosition), trackPosition, 40, tempoBpm, 1.0,
                0.8f, null);
    }
}
