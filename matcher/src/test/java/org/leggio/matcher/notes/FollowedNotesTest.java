package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.junit.jupiter.api.Test;

class FollowedNotesTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);

    @Test
    void refinesWithTheNotesOfWhicheverPieceIsFollowedFromWhenItCameToIt() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        // "a" carries its notes in its score index, "b" none
        PieceLibrary library = PieceLibrary.of(List.of(
                SyntheticScores.piece("a", 24, 1, -1, -1).toBuilder().setNotes(performance.playedNotes()).build(),
                SyntheticScores.piece("b", 24, 1, -1, -1)));
        FollowedNotes notes = FollowedNotes.ofLibrary(library,
                CHROMA, NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1));
        assertThat(notes.active()).isFalse();
        notes.follow("b");
        assertThat(notes.active()).as("no notes known for b").isFalse();
        // the session comes to "a" at 10 s (frame 200): the refiner hears the music from then on
        int cameAt = 200;
        for (int f = 0; f < cameAt; f++) {
            notes.pushFrame(performance.frame(f));
        }
        notes.follow("a");
        assertThat(notes.pieceId()).isEqualTo("a");
        ScoreTrack track = library.track(0);
        int frame = cameAt + 100;
        for (int f = cameAt; f <= frame; f++) {
            notes.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double tempo = SyntheticPerformance.tempo(truth);
        TrackedPosition coarse = position(track, "a", performance.beatAt(frame / 20.0 - 0.4), tempo * 60, frame);
        TrackedPosition refined = notes.refine(coarse);
        assertThat(Math.abs(refined.place().scoreBeats() - truth) / tempo).as("error, s").isLessThan(0.1);
        assertThat(Math.abs(coarse.place().scoreBeats() - truth) / tempo).isGreaterThan(0.3);

        notes.follow("");
        assertThat(notes.pieceId()).as("identifying again: kept").isEqualTo("a");
        notes.follow("b");
        assertThat(notes.active()).isFalse();
        TrackedPosition inB = position(library.track(1), "b", 10, 120, frame + 2);
        assertThat(notes.refine(inB)).isSameAs(inB);
        assertThat(notes.relocation()).isNaN();
        assertThat(notes.allows("b", 1, 50, true)).isTrue();
    }

    private static TrackedPosition position(ScoreTrack track, String pieceId, double beats, double tempoBpm,
            long frameIndex) {
        double trackPosition = track.positionAtBeats(beats);
        return new TrackedPosition(frameIndex, SessionState.FOLLOWING, pieceId, track.locate(trackPosition),
                trackPosition, 40, tempoBpm, 1.0, 0.8f, null);
    }
}
