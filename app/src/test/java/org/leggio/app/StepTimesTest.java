package org.leggio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTimesTest {

    @Test
    void summarisesStepsByNearestRankWhateverTheirOrder() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (long) ((i * 37) % 100 + 1) * 1000; // 1 … 100 µs, shuffled
        }
        StepTimes t = StepTimes.of(nanos, 10.0);
        assertEquals(100, t.steps());
        assertEquals(50_000, t.p50Nanos());
        assertEquals(99_000, t.p99Nanos());
        assertEquals(100_000, t.maxNanos());
        assertEquals(50.5, t.meanMicros(), 1e-9);
        // 5.05 ms of work for 10 s of audio
        assertEquals(5.05e-3 / 10, t.realTimeFactor(), 1e-12);
        assertEquals(1_000, nanos[0], "the caller's array is left as it was");
    }

    @Test
    void poolsRunsIntoOnePercentileOverAllTheirSteps() {
        long[] fast = {1_000, 1_000, 1_000};
        long[] slow = {9_000};
        StepTimes pooled = StepTimes.pooled(List.of(fast, slow), 2.0);
        assertEquals(4, pooled.steps());
        assertEquals(12_000, pooled.totalNanos());
        assertEquals(1_000, pooled.p50Nanos());
        assertEquals(9_000, pooled.p99Nanos());
        assertEquals(6e-6, pooled.realTimeFactor(), 1e-15);
    }

    @Test
    void noStepsOrNoAudioGiveNoRateAndNegativeTimesAreRefused() {
        StepTimes none = StepTimes.of(new long[0], 0);
        assertEquals(0, none.steps());
        assertTrue(Double.isNaN(none.meanMicros()));
        assertTrue(Double.isNaN(none.realTimeFactor()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepTimes.of(new long[] {5, -1}, 1));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void lateOverEarlyComparesTheLastQuarterWithTheFirst() {
        long[] steady = {10, 10, 10, 10, 10, 10, 10, 10};
        assertEquals(1.0, FollowBenchCommand.lateOverEarly(steady), 1e-12);
        long[] growing = {10, 10, 20, 20, 30, 30, 40, 40};
        assertEquals(4.0, FollowBenchCommand.lateOverEarly(growing), 1e-12);
        assertTrue(Double.isNaN(FollowBenchCommand.lateOverEarly(new long[] {1, 2, 3})));
    }
}
