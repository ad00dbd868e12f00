package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * The median of a positive quantity sampled once a second over the last seconds: the players' usual tempo, or
 * how well the notes usually fit the audio. A median, not a mean, so that a ritardando or a fermata, however
 * slow, moves a usual tempo only as long as it lasts more than half the span. Memory fixed at construction; a
 * sample allocates nothing. Not thread-safe: one per refiner.
 */
final class RunningMedian {
    private final double[] samples;
    private final double[] sorted;
    private final int framesPerSecond;
    private long count;
    private long lastSampleFrame = Long.MIN_VALUE / 2;
    private double median = Double.NaN;

    /**
     * @param seconds the span, seconds (≥ 1)
     * @param framesPerSecond spectrogram frames per second (the frame indices {@link #sample} is given)
     */
    RunningMedian(int seconds, int framesPerSecond) {
        if (seconds < 1 || framesPerSecond < 1) {
            throw new IllegalArgumentException("seconds and framesPerSecond must be ≥ 1, got " + seconds + ", "
                    + framesPerSecond);
        }
        this.samples = new double[seconds];
        this.sorted = new double[seconds];
        this.framesPerSecond = framesPerSecond;
    }

    /**
     * Takes {@code value} as this second's sample if a second has passed since the last one (a value that is
     * not positive and finite is not taken), and returns the median of the samples kept (NaN: none).
     *
     * @param frameIndex the frame the value is of
     */
    double sample(long frameIndex, double value) {
        if (frameIndex - lastSampleFrame >= framesPerSecond && value > 0 && Double.isFinite(value)) {
            lastSampleFrame = frameIndex;
            samples[(int) (count++ % samples.length)] = value;
            int n = (int) Math.min(count, samples.length);
            System.arraycopy(samples, 0, sorted, 0, n);
            Arrays.sort(sorted, 0, n);
            median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        return median;
    }

    /** The median of the samples kept (NaN: none). */
    double median() {
        return median;
    }

    /** Samples kept (at most the span's seconds). */
    int samples() {
        return (int) Math.min(count, samples.length);
    }
}
