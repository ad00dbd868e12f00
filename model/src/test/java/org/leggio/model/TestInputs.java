package org.leggio.model;

import java.util.List;

/** Seeded random inputs of the shapes the network takes. */
final class TestInputs {
    private TestInputs() {}

    /** {@code n} audio windows [92][frames], values uniform in [0, 2) like a log spectrogram. */
    static List<float[][]> audio(int n, int frames, long seed) {
        return random(n, NetworkSpec.AUDIO_BANDS, frames, 2f, seed);
    }

    /** {@code n} sheet snippets [80][100], values uniform in [0, 1). */
    static List<float[][]> sheet(int n, long seed) {
        return random(n, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS, 1f, seed);
    }

    static List<float[][]> random(int n, int rows, int columns, float scale, long seed) {
        return EmbedderBenchmark.randomInputs(n, rows, columns, scale, seed);
    }

    /** Largest |a − b| over all entries. */
    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    /** Euclidean norm of a row. */
    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
