package org.leggio.dataset.training;

import java.util.SplittableRandom;
import org.leggio.model.NetworkSpec;
import org.leggio.model.SheetSnippets;

/**
 * Cuts 80 × 100 sheet snippets from a strip into a flat float array, optionally shifted, scaled,
 * blurred and noisy; with no shift and scale 1 the values equal {@link SheetSnippets#cut} bit for
 * bit. Holds scratch arrays: one instance per thread.
 */
final class SheetCutter {
    private static final int ROWS = NetworkSpec.SHEET_ROWS;
    private static final int COLUMNS = NetworkSpec.SHEET_COLUMNS;
    private static final int CROP_HEIGHT_PX = SheetSnippets.CROP_HEIGHT_PX;
    private static final int CROP_WIDTH_PX = SheetSnippets.CROP_WIDTH_PX;
    private static final int WHITE = 255;
    /** The mean of four grey values summing to {@code s}, as {@link SheetSnippets#cut} computes it. */
    private static final float[] SUM_TO_VALUE = new float[4 * WHITE + 1];

    static {
        for (int s = 0; s < SUM_TO_VALUE.length; s++) {
            SUM_TO_VALUE[s] = s / 4f / 255f;
        }
    }

    /** Size of the table of normal deviates (a power of two). */
    static final int GAUSSIAN_TABLE_SIZE = 1 << 13;
    private static final float[] GAUSSIAN = gaussians();

    private final int[] sourceColumns = new int[CROP_WIDTH_PX];
    private final int[] sourceRows = new int[CROP_HEIGHT_PX];
    private final float[] blurCopy = new float[ROWS * COLUMNS];

    /**
     * Writes the snippet of {@code strip} centred on column {@code centreXPx} into {@code out[offset
     * … offset + 8000)}, row-major. Crop offset {@code (v, u)} from (centre row + {@code shiftYPx},
     * {@code centreXPx}) reads strip offset {@code (⌊(v + ½) / scale⌋, ⌊(u + ½) / scale⌋)}; pixels
     * outside the strip read as white.
     */
    void cut(StripColumns strip, int centreXPx, int shiftYPx, double scale, float[] out, int offset) {
        int width = strip.widthPx();
        int height = strip.heightPx();
        int centreRow = height / 2 + shiftYPx;
        boolean rowsInside = true;
        for (int v = 0; v < CROP_HEIGHT_PX; v++) {
            int y = centreRow + scaled(v - CROP_HEIGHT_PX / 2, scale);
            sourceRows[v] = y;
            rowsInside &= y >= 0 && y < height;
        }
        for (int u = 0; u < CROP_WIDTH_PX; u++) {
            sourceColumns[u] = centreXPx + scaled(u - CROP_WIDTH_PX / 2, scale);
        }
        byte[] pixels = strip.columns();
        for (int c = 0; c < COLUMNS; c++) {
            int xa = sourceColumns[2 * c];
            int xb = sourceColumns[2 * c + 1];
            if (rowsInside && xa >= 0 && xa < width && xb >= 0 && xb < width) {
                int a = xa * height;
                int b = xb * height;
                if (scale == 1) { // rows top, top + 1, …: sequential reads of two adjacent columns
                    int top = sourceRows[0];
                    for (int r = 0, ya = a + top, yb = b + top, o = offset + c; r < ROWS; r++, ya += 2, yb += 2,
                            o += COLUMNS) {
                        out[o] = SUM_TO_VALUE[(pixels[ya] & 0xff) + (pixels[ya + 1] & 0xff) + (pixels[yb] & 0xff)
                                + (pixels[yb + 1] & 0xff)];
                    }
                    continue;
                }
                for (int r = 0, o = offset + c; r < ROWS; r++, o += COLUMNS) {
                    int ya = sourceRows[2 * r];
                    int yb = sourceRows[2 * r + 1];
                    out[o] = SUM_TO_VALUE[(pixels[a + ya] & 0xff) + (pixels[a + yb] & 0xff) + (pixels[b + ya] & 0xff)
                            + (pixels[b + yb] & 0xff)];
                }
            } else { // near the strip's ends or edges: white outside
                for (int r = 0, o = offset + c; r < ROWS; r++, o += COLUMNS) {
                    int ya = sourceRows[2 * r];
                    int yb = sourceRows[2 * r + 1];
                    out[o] = SUM_TO_VALUE[grey(strip, xa, ya) + grey(strip, xa, yb) + grey(strip, xb, ya)
                            + grey(strip, xb, yb)];
                }
            }
        }
    }

    private static int grey(StripColumns strip, int xPx, int yPx) {
        return xPx < 0 || xPx >= strip.widthPx() || yPx < 0 || yPx >= strip.heightPx() ? WHITE : strip.grey(xPx, yPx);
    }

    /** Replaces the snippet at {@code offset} by its 3 × 3 box mean (edge pixels replicated). */
    void blur(float[] out, int offset) {
        // horizontal sums of three into the scratch copy, then vertical sums of three back
        for (int r = 0; r < ROWS; r++) {
            int row = offset + r * COLUMNS;
            int to = r * COLUMNS;
            blurCopy[to] = 2 * out[row] + out[row + 1];
            for (int c = 1; c < COLUMNS - 1; c++) {
                blurCopy[to + c] = out[row + c - 1] + out[row + c] + out[row + c + 1];
            }
            blurCopy[to + COLUMNS - 1] = out[row + COLUMNS - 2] + 2 * out[row + COLUMNS - 1];
        }
        for (int r = 0; r < ROWS; r++) {
            int up = Math.max(0, r - 1) * COLUMNS;
            int mid = r * COLUMNS;
            int down = Math.min(ROWS - 1, r + 1) * COLUMNS;
            int row = offset + mid;
            for (int c = 0; c < COLUMNS; c++) {
                out[row + c] = (blurCopy[up + c] + blurCopy[mid + c] + blurCopy[down + c]) / 9f;
            }
        }
    }

    /**
     * Adds gaussian noise of standard deviation {@code std} to the snippet at {@code offset},
     * clipped to [0, 1]. The normal deviates come from a fixed table of {@value #GAUSSIAN_TABLE_SIZE}
     * (normalised to mean 0, deviation 1) at random places — ample for image noise, and ten times
     * faster than drawing each.
     */
    static void addNoise(float[] out, int offset, double std, SplittableRandom random) {
        float s = (float) std;
        int end = offset + ROWS * COLUMNS;
        for (int i = offset; i < end; ) {
            long bits = random.nextLong();
            for (int k = 0; k < 4 && i < end; k++, i++, bits >>>= 16) {
                float v = out[i] + s * GAUSSIAN[(int) bits & (GAUSSIAN_TABLE_SIZE - 1)];
                out[i] = v < 0 ? 0 : Math.min(v, 1f);
            }
        }
    }

    private static float[] gaussians() {
        SplittableRandom random = new SplittableRandom(0x5EED_6A55L);
        double[] values = new double[GAUSSIAN_TABLE_SIZE];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
            sum += values[i];
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double deviation = Math.sqrt(squares / values.length);
        float[] table = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            table[i] = (float) ((values[i] - mean) / deviation);
        }
        return table;
    }

    /** Nearest-neighbour source offset of crop offset {@code d} (pixel centres at ½). */
    private static int scaled(int d, double scale) {
        return scale == 1 ? d : (int) Math.floor((d + 0.5) / scale);
    }
}
