package org.leggio.score.internal.pages;

import java.util.Arrays;
import org.leggio.model.StripImage;

/**
 * Resizes 8-bit grey images: exact area averaging (a box filter over the covered source area) when
 * shrinking, bilinear interpolation when enlarging, one axis after the other.
 *
 * <p>Why not Java 2D ({@code PageLoadingBenchmark}, one quiet core, shrinking to 835 px): {@code
 * Image.SCALE_AREA_AVERAGING} gives the same kind of result ten times slower (263 ms for a 300-dpi
 * A4 scan, 1 s at 600 dpi, against 25 ms and 100 ms here); one bilinear {@code drawImage} is
 * faster (17 ms) but samples only the source pixels around each output centre, so thin staff lines
 * vanish or flicker from line to line; progressive halving plus bilinear avoids that but blurs and
 * took 52 ms and 147 ms. Area averaging keeps all of a thin line's ink: a 1-px staff line at 600 dpi
 * becomes a grey line at 100 dpi.
 */
final class GreyResampler {
    private GreyResampler() {}

    /** Resizes {@code source} to {@code widthPx × heightPx}; returns {@code source} itself if unchanged. */
    static StripImage resize(StripImage source, int widthPx, int heightPx) {
        if (widthPx < 1 || heightPx < 1) {
            throw new IllegalArgumentException("target size must be >= 1x1 but was " + widthPx + "x" + heightPx);
        }
        int sw = source.widthPx();
        int sh = source.heightPx();
        if (sw == widthPx && sh == heightPx) {
            return source;
        }
        Kernel kx = Kernel.of(sw, widthPx);
        Kernel ky = Kernel.of(sh, heightPx);

        // Horizontal pass into floats (no rounding between passes), rows kept: dw × sh.
        byte[] src = source.pixels();
        float[] rows = new float[widthPx * sh];
        for (int y = 0; y < sh; y++) {
            int rowOffset = y * sw;
            int outOffset = y * widthPx;
            for (int x = 0; x < widthPx; x++) {
                int start = kx.start[x];
                int base = kx.offset[x];
                int n = kx.offset[x + 1] - base;
                float sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += kx.weight[base + k] * (src[rowOffset + start + k] & 0xff);
                }
                rows[outOffset + x] = sum;
            }
        }

        // Vertical pass: each output row is a weighted sum of a few intermediate rows.
        byte[] out = new byte[widthPx * heightPx];
        float[] acc = new float[widthPx];
        for (int y = 0; y < heightPx; y++) {
            Arrays.fill(acc, 0f);
            int start = ky.start[y];
            int base = ky.offset[y];
            int n = ky.offset[y + 1] - base;
            for (int k = 0; k < n; k++) {
                float w = ky.weight[base + k];
                int rowOffset = (start + k) * widthPx;
                for (int x = 0; x < widthPx; x++) {
                    acc[x] += w * rows[rowOffset + x];
                }
            }
            int outOffset = y * widthPx;
            for (int x = 0; x < widthPx; x++) {
                int v = Math.round(acc[x]);
                out[outOffset + x] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
        return new StripImage(widthPx, heightPx, out);
    }

    /**
     * One axis' filter: output sample {@code i} is {@code Σ_k weight[offset[i] + k] · in[start[i] + k]}
     * for {@code k < offset[i + 1] - offset[i]}; weights of one output sum to 1.
     */
    private static final class Kernel {
        final int[] start;
        final int[] offset;
        final float[] weight;

        private Kernel(int[] start, int[] offset, float[] weight) {
            this.start = start;
            this.offset = offset;
            this.weight = weight;
        }

        static Kernel of(int inSize, int outSize) {
            return outSize <= inSize ? area(inSize, outSize) : linear(inSize, outSize);
        }

        /** Output {@code i} averages input interval {@code [i·s, (i+1)·s)}, {@code s = in/out}, by overlap. */
        private static Kernel area(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            int[] start = new int[outSize];
            int[] offset = new int[outSize + 1];
            // Each output touches at most ceil(scale) + 1 inputs.
            float[] weight = new float[outSize * ((int) Math.ceil(scale) + 1)];
            int w = 0;
            for (int i = 0; i < outSize; i++) {
                double lo = i * scale;
                double hi = Math.min((i + 1) * scale, inSize);
                int first = (int) Math.floor(lo);
                int last = Math.min((int) Math.ceil(hi) - 1, inSize - 1);
                start[i] = first;
                offset[i] = w;
                for (int j = first; j <= last; j++) {
                    double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                    weight[w++] = (float) (Math.max(overlap, 0) / (hi - lo));
                }
            }
            offset[outSize] = w;
            return new Kernel(start, offset, weight);
        }

        /** Output {@code i} interpolates between the two inputs around its centre, edges clamped. */
        private static Kernel linear(int inSize, int outSize) {
            int[] start = new int[outSize];
            int[] offset = new int[outSize + 1];
            if (inSize == 1) {
                // Nothing to interpolate: every output copies the single input.
                float[] one = new float[outSize];
                Arrays.fill(one, 1f);
                for (int i = 0; i <= outSize; i++) {
                    offset[i] = i;
                }
                return new Kernel(start, offset, one);
            }
            double scale = (double) inSize / outSize;
            float[] weight = new float[outSize * 2];
            for (int i = 0; i < outSize; i++) {
                double centre = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
                int left = Math.min((int) Math.floor(centre), inSize - 2);
                double frac = centre - left;
                start[i] = left;
                offset[i] = 2 * i;
                weight[2 * i] = (float) (1 - frac);
                weight[2 * i + 1] = (float) frac;
            }
            offset[outSize] = 2 * outSize;
            return new Kernel(start, offset, weight);
        }
    }
}
