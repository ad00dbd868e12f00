package org.leggio.app;

/**
 * Whether each audio embedding's window ends in sound: the mean of the log spectrogram (all bands) over
 * its last 0.5 s is above {@link #THRESHOLD}. Silence is exactly 0 (log10(1 + 0)); played piano music
 * stays far above it (a median of ~0.17 on the dataset's renderings).
 */
final class SilenceGate {
    static final double THRESHOLD = org.leggio.matcher.stream.MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD;
    static final int FRAMES = 10;

    private SilenceGate() {}

    /**
     * The loudness the streaming embedder attaches to an embedding ending at {@code lastFrame}: the mean
     * of all bands over the last {@link #FRAMES} frames (what {@link #audible} compares with the threshold).
     */
    static float recentLogMagnitude(float[][] bandsByFrames, long lastFrame) {
        int last = (int) Math.min(bandsByFrames[0].length - 1, lastFrame);
        double sum = 0;
        int n = 0;
        for (int f = Math.max(0, last - FRAMES + 1); f <= last; f++) {
            for (float[] band : bandsByFrames) {
                sum += band[f];
                n++;
            }
        }
        return n == 0 ? 0 : (float) (sum / n);
    }

    static boolean[] audible(float[][] bandsByFrames, int embeddings) {
        int frames = bandsByFrames[0].length;
        double[] frameMean = new double[frames];
        for (float[] band : bandsByFrames) {
            for (int f = 0; f < frames; f++) {
                frameMean[f] += band[f];
            }
        }
        boolean[] audible = new boolean[embeddings];
        for (int i = 0; i < embeddings; i++) {
            int last = (int) Math.min(frames - 1, AudioEmbeddingRun.frameOf(i));
            double sum = 0;
            int n = 0;
            for (int f = Math.max(0, last - FRAMES + 1); f <= last; f++) {
                sum += frameMean[f] / bandsByFrames.length;
                n++;
            }
            audible[i] = n > 0 && sum / n > THRESHOLD;
        }
        return audible;
    }
}
