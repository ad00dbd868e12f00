package org.leggio.ingest;

/**
 * The loudness an audio embedding carries for the matcher's silence gate ({@code recent_log_magnitude}
 * on the wire): the mean, over the last {@link #RECENT_FRAMES} frames of the log spectrogram (0.5 s), of
 * each frame's loudest band. Dimensionless: 0 is digital silence; played piano music is around 0.3–1.2,
 * and even a quiet high melody keeps one band well above the matcher's silence threshold (0.05,
 * {@code MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD}).
 *
 * <p>Why the loudest band and not the mean of all bands: a soft passage in one register lights a few of
 * the 92 bands, so its all-band mean falls to silence levels (on the dataset's renderings 5.5 % of the
 * frames within 1.5 s of an onset had an all-band mean ≤ 0.02, one quiet performance 36 %), and a gate on
 * that mean held the position through music. The loudest band is ≤ 0.05 on 0.55 % of those frames.
 *
 * <p>Stateless and thread-safe; nothing is allocated.
 */
public final class Loudness {
    /** Frames at the window's end that are averaged (0.5 s at 20 frames per second). */
    public static final int RECENT_FRAMES = 10;

    private Loudness() {}

    /** The loudest band of one frame (bands of the log spectrogram); 0 for an empty frame. */
    public static float peak(float[] frame) {
        float max = 0;
        for (float v : frame) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * The loudness of a band-major spectrogram ({@code [band][frame]}) at {@code lastFrame}: the mean of
     * the loudest band of the frames {@code lastFrame − RECENT_FRAMES + 1 … lastFrame} that exist (from
     * frame 0; a {@code lastFrame} past the end is taken as the last frame).
     */
    public static float at(float[][] bandsByFrames, long lastFrame) {
        if (bandsByFrames.length == 0 || bandsByFrames[0].length == 0) {
            return 0;
        }
        int last = (int) Math.min(bandsByFrames[0].length - 1, lastFrame);
        double sum = 0;
        int n = 0;
        for (int f = Math.max(0, last - RECENT_FRAMES + 1); f <= last; f++) {
            float max = 0;
            for (float[] band : bandsByFrames) {
                max = Math.max(max, band[f]);
            }
            sum += max;
            n++;
        }
        return n == 0 ? 0 : (float) (sum / n);
    }
}
