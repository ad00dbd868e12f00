package org.leggio.model.eval.internal;

/** Float kernels shared by the metrics; flat row-major storage keeps the n² loops cache-friendly. */
public final class Vectors {
    private Vectors() {}

    /**
     * Copies {@code rows} into one flat array, each row scaled to unit L2 norm.
     *
     * @throws IllegalArgumentException naming {@code what} and the row for ragged input, a non-finite
     *     value or a zero row
     */
    public static float[] normalisedFlat(float[][] rows, String what) {
        int d = rows.length == 0 ? 0 : length(rows[0], what, 0);
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            if (length(row, what, i) != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + row.length + " values but row 0 has " + d);
            }
            double sq = 0;
            for (int k = 0; k < d; k++) {
                if (!Float.isFinite(row[k])) {
                    throw new IllegalArgumentException(what + " row " + i + " has a non-finite value " + row[k] + " at " + k);
                }
                sq += (double) row[k] * row[k];
            }
            if (sq == 0) {
                throw new IllegalArgumentException(what + " row " + i + " is all zeros: its cosine is undefined");
            }
            float inv = (float) (1.0 / Math.sqrt(sq));
            for (int k = 0; k < d; k++) {
                out[i * d + k] = row[k] * inv;
            }
        }
        return out;
    }

    private static int length(float[] row, String what, int i) {
        if (row == null) {
            throw new IllegalArgumentException(what + " row " + i + " is null");
        }
        return row.length;
    }

    /**
     * Dot product of {@code a[aOff .. aOff+d)} and {@code b[bOff .. bOff+d)}, summed in float from
     * k = 0 upwards. Every kernel here sums in exactly this order (see {@link #dotRow}), so the same
     * pair of rows gives the bit-identical value wherever it is computed; rank counting relies on that.
     */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        float s = 0;
        for (int k = 0; k < d; k++) {
            s += a[aOff + k] * b[bOff + k];
        }
        return s;
    }

    /** The transpose of flat row-major {@code [n][d]}: flat {@code [d][n]}. */
    public static float[] transpose(float[] rows, int n, int d) {
        float[] t = new float[rows.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                t[k * n + i] = rows[i * d + k];
            }
        }
        return t;
    }

    /**
     * {@code out[j − j0] = dot(a row i, column j of bT)} for j in [j0, j1), where {@code bT} is the
     * flat {@code [d][n]} transpose of the candidates: bit-identical to {@link #dot} (same order of
     * float operations per j), but a loop the JIT vectorises across j.
     */
    public static void dotRow(float[] a, int aOff, float[] bT, int n, int d, int j0, int j1, float[] out) {
        int width = j1 - j0;
        java.util.Arrays.fill(out, 0, width, 0f);
        for (int k = 0; k < d; k++) {
            float ak = a[aOff + k];
            int base = k * n + j0;
            for (int j = 0; j < width; j++) {
                out[j] += ak * bT[base + j];
            }
        }
    }

    /**
     * Indices {@code floor(k · (length − 1) / (count − 1))} for k = 0 … count − 1, in exact integer
     * arithmetic: NumPy's {@code linspace(0, length − 1, count).astype(int)}. Distinct when {@code
     * count ≤ length}.
     */
    public static int[] evenlySpaced(int length, int count) {
        if (count < 1 || count > length) {
            throw new IllegalArgumentException("count must be in 1.." + length + " but was " + count);
        }
        int[] out = new int[count];
        for (int k = 1; k < count; k++) {
            out[k] = (int) ((long) k * (length - 1) / (count - 1));
        }
        return out;
    }
}
