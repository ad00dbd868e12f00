package org.leggio.ingest;

/**
 * The constants of Leggio's audio front end and the one place that converts between samples,
 * frames and time.
 *
 * <p>The published embedding network was trained on exactly this front end (madmom's log-filtered
 * spectrogram as used by MSMD): 22050 Hz mono, frame {@code k} covering samples {@code
 * [floor(k * 1102.5), floor(k * 1102.5) + 2048)}, 20 frames per second, 92 logarithmic bands.
 * Changing any value here invalidates every model and every reference value.
 */
public final class FrontEnd {
    /** Sample rate of the analysed signal, Hz. */
    public static final int SAMPLE_RATE_HZ = 22050;
    /** Frames per second of the spectrogram. */
    public static final int FRAMES_PER_SECOND = 20;
    /** Frame length and FFT size, samples. */
    public static final int FRAME_SIZE_SAMPLES = 2048;
    /** Hop between frames, samples: 22050 / 20 = 1102.5, a non-integer. */
    public static final double HOP_SIZE_SAMPLES = (double) SAMPLE_RATE_HZ / FRAMES_PER_SECOND;
    /** Number of logarithmic frequency bands per frame. */
    public static final int BAND_COUNT = 92;
    /** Number of FFT magnitude bins used (0..1023; the Nyquist bin is dropped). */
    public static final int FFT_BIN_COUNT = FRAME_SIZE_SAMPLES / 2;

    /** 2 * hop = 2205 samples exactly: frame starts are computed in integers from it. */
    private static final long TWO_HOPS_SAMPLES = 2L * SAMPLE_RATE_HZ / FRAMES_PER_SECOND;

    private FrontEnd() {}

    /**
     * First sample of frame {@code frameIndex}: {@code floor(frameIndex * 1102.5)}, exact.
     *
     * @param frameIndex a frame index, ≥ 0
     * @return the sample index at 22050 Hz
     */
    public static long frameStartSample(long frameIndex) {
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frameIndex must be >= 0 but was " + frameIndex);
        }
        return frameIndex * TWO_HOPS_SAMPLES / 2;
    }

    /**
     * Number of frames of a signal of {@code sampleCount} samples: {@code ceil(sampleCount /
     * 1102.5)}, exact (madmom's {@code FramedSignal} with {@code origin='future'}).
     */
    public static long frameCount(long sampleCount) {
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must be >= 0 but was " + sampleCount);
        }
        return (2 * sampleCount + TWO_HOPS_SAMPLES - 1) / TWO_HOPS_SAMPLES;
    }

    /** Time of the start of frame {@code frameIndex} relative to the first sample, microseconds. */
    public static long frameStartMicros(long frameIndex) {
        return samplesToMicros(frameStartSample(frameIndex));
    }

    /** Duration of {@code sampleCount} samples at 22050 Hz, microseconds (rounded down). */
    public static long samplesToMicros(long sampleCount) {
        return sampleCount * 1_000_000L / SAMPLE_RATE_HZ;
    }

    /** Frames to seconds at 20 fps. */
    public static double framesToSeconds(double frames) {
        return frames / FRAMES_PER_SECOND;
    }

    /** Seconds to frames at 20 fps (not rounded). */
    public static double secondsToFrames(double seconds) {
        return seconds * FRAMES_PER_SECOND;
    }
}
