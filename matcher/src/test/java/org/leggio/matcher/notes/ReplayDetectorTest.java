package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayDetectorTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);

    @Test
    void recognisesMusicPlayedAgainAndWhereItWasPlayed() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 7);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        ReplayDetector replay = new ReplayDetector(ReplayConfig.defaults(), SyntheticPerformance.FPS);
        assertThat(replay.find()).as("nothing heard yet").isEqualTo(-1);
        // 30 s played with their positions; then the players go back to 12 s and play on for 3 s
        for (int f = 0; f < 600; f++) {
            push(aligner, replay, performance, f);
            replay.mark(f, performance.beatAt(f / 20.0));
        }
        long restart = replay.framesPushed();
        for (int f = 240; f < 300; f++) {
            push(aligner, replay, performance, f);
        }
        long copied = replay.find();
        assertThat(copied).as("the copy ends where the replayed audio ends, frame").isBetween(297L, 301L);
        assertThat(replay.markedNear(copied)).isCloseTo(performance.beatAt(299 / 20.0),
                org.assertj.core.data.Offset.offset(0.2));
        double replayedCost = replay.lastCostPerFrame();
        assertThat(replayedCost).isLessThan(ReplayConfig.defaults().maxCostPerFrame() / 3);
        assertThat(restart).isEqualTo(600);

        // music not heard before (the players skip ahead to 40 s) copies nothing as closely
        for (int f = 800; f < 860; f++) {
            push(aligner, replay, performance, f);
        }
        replay.find();
        assertThat(replay.lastCostPerFrame()).isGreaterThan(ReplayConfig.defaults().maxCostPerFrame());
    }

    @Test
    void aCopyOfTheQuerysOwnRecentPastIsNoReplay() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 7);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        ReplayDetector replay = new ReplayDetector(ReplayConfig.defaults(), SyntheticPerformance.FPS);
        // 10 s of one held chord: the newest 2 s copy the 2 s before them exactly, which do not count
        float[] chord = performance.frame(100);
        for (int f = 0; f < 200; f++) {
            aligner.pushFrame(chord);
            replay.push(aligner.newestFrame());
            replay.mark(f, 10);
        }
        long copied = replay.find();
        assertThat(copied).isLessThan(replay.framesPushed() - 2 * 40);
    }

    private static void push(NoteAligner aligner, ReplayDetector replay, SyntheticPerformance performance, int f) {
        aligner.pushFrame(performance.frame(f));
        replay.push(aligner.newestFrame());
    }
}
