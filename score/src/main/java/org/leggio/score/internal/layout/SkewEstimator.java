package org.leggio.score.internal.layout;

import org.leggio.model.StripImage;

/**
 * Estimates a page's small rotation and turns it back.
 *
 * <p>The estimate maximises the energy (sum of squares) of the horizontal projection profile of
 * the ink, sheared by each candidate angle: staff lines, the longest straight things on a music
 * page, concentrate into a few sharp peaks only when the shear matches their slope. The search is
 * coarse to fine: ±{@value #MAX_SKEW_DEGREES}° in 0.2° steps on 4-px bins (wide bins so that the
 * coarse steps cannot jump over the peak), then ±0.3° in 0.05° steps on 2-px bins, then ±0.06° in
 * 0.01° steps on 1-px bins with a parabola through the best three.
 *
 * <p>Sign: a positive angle means the page's lines descend to the right (in image coordinates,
 * y down), as after Java 2D's {@code rotate(+θ)}.
 */
public final class SkewEstimator {

    /** The largest rotation searched, degrees; larger ones are not a scanner's skew. */
    public static final double MAX_SKEW_DEGREES = 5.0;

    /** A page needs two page widths of pixels with at least this ink (0..255) to have a skew. */
    private static final int MIN_INK = 32;
    /** Pixels with less ink than this are left out of the profiles (only to save work). */
    private static final int MIN_INK_PIXEL = 8;

    private SkewEstimator() {
    }

    /** Estimated skew of the page, degrees (0 when the page has too little ink to tell). */
    public static double estimateSkewDegrees(StripImage page) {
        return estimateSkewDegrees(InkImage.of(page));
    }

    static double estimateSkewDegrees(InkImage image) {
        // Faint ink counts too: a blurred half-pixel staff line on a noisy scan is fainter than
        // the noise, but summed along the line it is what makes the peaks. Noise adds about the
        // same to every row and does not move the maximum.
        int minInk = MIN_INK_PIXEL;
        // Ink summed over small cells stands in for the pixels: far fewer points, and the shear
        // error of putting a cell's ink at its centre (half a cell width times tan(angle)) stays
        // well inside a bin. 16x2 cells for the coarse search, 4x1 for the fine ones; both grids
        // come from one pass over the page.
        int fineCols = (image.widthPx + 3) / 4;
        int coarseCols = (image.widthPx + 15) / 16;
        float[] fine = new float[fineCols * image.heightPx];
        float[] coarse = new float[coarseCols * ((image.heightPx + 1) / 2)];
        long strong = 0;
        for (int y = 0; y < image.heightPx; y++) {
            int row = y * image.widthPx;
            int fineRow = y * fineCols;
            int coarseRow = (y / 2) * coarseCols;
            for (int x = 0; x < image.widthPx; x++) {
                int v = image.ink[row + x];
                if (v >= minInk) {
                    fine[fineRow + (x >> 2)] += v;
                    coarse[coarseRow + (x >> 4)] += v;
                    if (v >= MIN_INK) {
                        strong++;
                    }
                }
            }
        }
        if (strong < 2L * image.widthPx) {
            return 0.0; // not even two lines' worth of ink
        }
        Projection coarseCells = Projection.ofCells(coarse, coarseCols, 16, 2, image.widthPx, image.heightPx);
        Projection fineCells = Projection.ofCells(fine, fineCols, 4, 1, image.widthPx, image.heightPx);

        double coarseAngle = coarseCells.best(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.2, 4.0);
        if (Math.abs(coarseAngle) >= MAX_SKEW_DEGREES - 1e-9) {
            return 0.0; // the best is at the edge of the range: no trustworthy skew in range
        }
        double medium = fineCells.best(coarseAngle - 0.3, coarseAngle + 0.3, 0.05, 2.0);
        return fineCells.refine(medium - 0.06, medium + 0.06, 0.01, 1.0);
    }

    /**
     * Turns the page back by {@code skewDegrees} about its centre (bilinear, white outside), so that
     * lines estimated at {@code skewDegrees} become horizontal. Same size as the input.
     */
    public static StripImage deskew(StripImage page, double skewDegrees) {
        int w = page.widthPx();
        int h = page.heightPx();
        byte[] src = page.pixels();
        byte[] out = new byte[w * h];
        double phi = Math.toRadians(skewDegrees);
        double cos = Math.cos(phi);
        double sin = Math.sin(phi);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            // Output (upright) pixel p comes from the input at R(+skew)(p - c) + c.
            double sxRow = cx - dy * sin;
            double syRow = cy + dy * cos;
            int outRow = y * w;
            for (int x = 0; x < w; x++) {
                double dx = x - cx;
                double sx = sxRow + dx * cos;
                double sy = syRow + dx * sin;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                double g00 = sample(src, w, h, x0, y0);
                double g10 = sample(src, w, h, x0 + 1, y0);
                double g01 = sample(src, w, h, x0, y0 + 1);
                double g11 = sample(src, w, h, x0 + 1, y0 + 1);
                double top = g00 + (g10 - g00) * fx;
                double bottom = g01 + (g11 - g01) * fx;
                out[outRow + x] = (byte) (int) Math.round(top + (bottom - top) * fy);
            }
        }
        return new StripImage(w, h, out);
    }

    private static int sample(byte[] src, int w, int h, int x, int y) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 255;
        }
        return src[y * w + x] & 0xff;
    }

    /** Projection-profile energy of the ink points along sheared rows. */
    private static final class Projection {
        private final float[] xs;
        private final float[] ys;
        private final float[] ws;
        private final int widthPx;
        private final int heightPx;

        /** Points at the centres of the non-empty cells of a grid of cellW x cellH px cells. */
        static Projection ofCells(float[] sums, int cols, int cellW, int cellH, int widthPx, int heightPx) {
            int count = 0;
            for (float v : sums) {
                if (v > 0) {
                    count++;
                }
            }
            float[] xs = new float[count];
            float[] ys = new float[count];
            float[] ws = new float[count];
            double centreX = (widthPx - 1) / 2.0;
            int k = 0;
            for (int i = 0; i < sums.length; i++) {
                if (sums[i] > 0) {
                    int r = i / cols;
                    int c = i - r * cols;
                    xs[k] = (float) (c * cellW + (cellW - 1) / 2.0 - centreX);
                    ys[k] = (float) (r * cellH + (cellH - 1) / 2.0);
                    ws[k] = sums[i];
                    k++;
                }
            }
            return new Projection(xs, ys, ws, widthPx, heightPx);
        }

        Projection(float[] xs, float[] ys, float[] ws, int widthPx, int heightPx) {
            this.xs = xs;
            this.ys = ys;
            this.ws = ws;
            this.widthPx = widthPx;
            this.heightPx = heightPx;
        }

        /** Sum of squares of the profile of rows y − x·tan(angle), in bins of {@code binPx}, soft-binned. */
        double energy(double degrees, double binPx) {
            double t = Math.tan(Math.toRadians(degrees));
            double reach = Math.abs(t) * widthPx / 2.0 + 2.0;
            int bins = (int) Math.ceil((heightPx + 2 * reach) / binPx) + 2;
            double[] profile = new double[bins];
            double inv = 1.0 / binPx;
            double offset = reach * inv;
            for (int i = 0; i < xs.length; i++) {
                double v = (ys[i] - xs[i] * t) * inv + offset;
                int b = (int) v;
                double f = v - b;
                double w = ws[i];
                profile[b] += w * (1 - f);
                profile[b + 1] += w * f;
            }
            double sum = 0;
            for (double p : profile) {
                sum += p * p;
            }
            // A bin twice as wide doubles the energy of a flat profile; this is only compared
            // within one bin size, so no normalisation is needed.
            return sum;
        }

        double best(double fromDegrees, double toDegrees, double stepDegrees, double binPx) {
            int n = (int) Math.round((toDegrees - fromDegrees) / stepDegrees);
            double bestAngle = 0;
            double bestEnergy = -1;
            for (int i = 0; i <= n; i++) {
                double a = fromDegrees + i * stepDegrees;
                double e = energy(a, binPx);
                // Ties go to the angle nearest zero: a page with no preferred direction stays put.
                if (e > bestEnergy || (e == bestEnergy && Math.abs(a) < Math.abs(bestAngle))) {
                    bestEnergy = e;
                    bestAngle = a;
                }
            }
            return bestAngle;
        }

        double refine(double fromDegrees, double toDegrees, double stepDegrees, double binPx) {
            int n = (int) Math.round((toDegrees - fromDegrees) / stepDegrees);
            double[] e = new double[n + 1];
            int bestIndex = 0;
            for (int i = 0; i <= n; i++) {
                e[i] = energy(fromDegrees + i * stepDegrees, binPx);
                if (e[i] > e[bestIndex]) {
                    bestIndex = i;
                }
            }
            double a = fromDegrees + bestIndex * stepDegrees;
            if (bestIndex > 0 && bestIndex < n) {
                double denom = e[bestIndex - 1] - 2 * e[bestIndex] + e[bestIndex + 1];
                if (denom < 0) {
                    double shift = 0.5 * (e[bestIndex - 1] - e[bestIndex + 1]) / denom;
                    a += Math.max(-0.5, Math.min(0.5, shift)) * stepDegrees;
                }
            }
            return a;
        }
    }
}
