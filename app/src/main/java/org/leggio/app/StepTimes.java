package org.leggio.app;

import java.util.Arrays;
import java.util.List;

/**
 * What a run of matcher steps cost: the time of each step, in nanoseconds, summarised for {@code leggio bench
 * follow}. Immutable.
 *
 * @param steps steps timed
 * @param totalNanos their total time, ns
 * @param p50Nanos the median step, ns
 * @param p99Nanos the 99th percentile (nearest rank), ns
 * @param maxNanos the slowest step, ns
 * @param audioSeconds the audio the steps covered, s
 */
record StepTimes(int steps, long totalNanos, long p50Nanos, long p99Nanos, long maxNanos, double audioSeconds) {

    StepTimes {
        if (steps < 0 || totalNanos < 0 || !(audioSeconds >= 0)) {
            throw new IllegalArgumentException("steps, time and audio must not be negative");
        }
    }

    /** The summary of {@code stepNanos} (one per step, each ≥ 0) over {@code audioSeconds} of audio. */
    static StepTimes of(long[] stepNanos, double audioSeconds) {
        long[] sorted = stepNanos.clone();
        Arrays.sort(sorted);
        long total = 0;
        for (long n : sorted) {
            if (n < 0) {
                throw new IllegalArgumentException("a step cannot take negative time: " + n + " ns");
            }
            total += n;
        }
        int n = sorted.length;
        return new StepTimes(n, total, rank(sorted, 0.50), rank(sorted, 0.99), n == 0 ? 0 : sorted[n - 1],
                audioSeconds);
    }

    /** The summary of several runs' steps together (percentiles over all their steps). */
    static StepTimes pooled(List<long[]> stepNanos, double audioSeconds) {
        int n = stepNanos.stream().mapToInt(a -> a.length).sum();
        long[] all = new long[n];
        int at = 0;
        for (long[] a : stepNanos) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return of(all, audioSeconds);
    }

    /** The nearest-rank percentile {@code q} of sorted values (0 when there are none). */
    private static long rank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Mean time per step, µs (NaN without steps). */
    double meanMicros() {
        return steps == 0 ? Double.NaN : totalNanos / 1e3 / steps;
    }

    /** Processing time over audio time (NaN without audio). */
    double realTimeFactor() {
        return audioSeconds > 0 ? totalNanos / 1e9 / audioSeconds : Double.NaN;
    }
}
