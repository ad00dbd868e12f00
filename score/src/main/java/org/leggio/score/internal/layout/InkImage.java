package org.leggio.score.internal.layout;

import org.leggio.model.StripImage;

/**
 * A page as "ink": 0 = paper, 255 = black, measured against the page's own paper level so that a
 * grey or yellowed scan behaves like a white export. Also carries the noise level of the paper and
 * the threshold that the detectors use on sums of two adjacent pixels.
 *
 * <p>Why pairs: engraved staff lines are often thinner than a pixel (Verovio's are about 0.5 px at
 * 835 px page width) and anti-aliasing spreads them over two rows at, say, grey 191 + 191. No
 * single-pixel threshold catches both that and a grey-128 line without also thickening text; the
 * sum of two neighbours measures the line's ink wherever it falls between the pixels.
 */
final class InkImage {

    /** The smallest pair threshold: a pair must hold about a third of a black pixel's ink. */
    static final int MIN_PAIR_THRESHOLD = 80;

    final int widthPx;
    final int heightPx;
    /** Row-major ink, 0..255. */
    final int[] ink;
    /** Grey value of the paper (mode of the bright half of the histogram). */
    final int paperGrey;
    /** Standard deviation of the paper's grey noise, grey levels (at least 1). */
    final double noiseSigmaGrey;
    /** Threshold on {@code ink(a) + ink(b)} for two adjacent pixels to count as dark. */
    final int pairThreshold;

    private InkImage(int widthPx, int heightPx, int[] ink, int paperGrey, double noiseSigmaGrey) {
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.ink = ink;
        this.paperGrey = paperGrey;
        this.noiseSigmaGrey = noiseSigmaGrey;
        // Five sigma of paper noise (in ink units) keeps noise pixels out of long runs; the floor
        // keeps clean anti-aliased pages from counting faint edges as ink.
        this.pairThreshold = Math.max(MIN_PAIR_THRESHOLD,
                (int) Math.round(5.0 * noiseSigmaGrey * 255.0 / Math.max(paperGrey, 1)));
    }

    static InkImage of(StripImage page) {
        byte[] pixels = page.pixels();
        int[] histogram = new int[256];
        for (byte p : pixels) {
            histogram[p & 0xff]++;
        }
        int paper = 255;
        int best = -1;
        for (int g = 128; g < 256; g++) {
            if (histogram[g] > best) {
                best = histogram[g];
                paper = g;
            }
        }
        if (best <= 0) {
            paper = 255; // an all-dark image: nothing sensible to measure against
        }
        double sigma = paperNoiseSigma(histogram, paper);
        int[] ink = new int[pixels.length];
        int scaleNum = 255;
        int scaleDen = Math.max(paper, 1);
        for (int i = 0; i < pixels.length; i++) {
            int d = paper - (pixels[i] & 0xff);
            ink[i] = d <= 0 ? 0 : Math.min(255, d * scaleNum / scaleDen);
        }
        return new InkImage(page.widthPx(), page.heightPx(), ink, paper, sigma);
    }

    /**
     * Noise of the paper from the dark side of its histogram peak: for Gaussian noise, 15.9 % of the
     * paper pixels are darker than paper − σ. The bright side is useless on a white page (clipped at
     * 255). Pixels darker than half the paper level are ink and left out.
     */
    private static double paperNoiseSigma(int[] histogram, int paper) {
        int floor = paper / 2;
        long background = 0;
        for (int g = floor + 1; g < 256; g++) {
            background += histogram[g];
        }
        if (background == 0) {
            return 1.0;
        }
        long darker = 0;
        for (int g = floor + 1; g < paper; g++) {
            darker += histogram[g];
        }
        // darker = count(floor < g <= paper - d) for d = 1, then shrink as d grows.
        for (int d = 1; d < paper - floor; d++) {
            if (darker <= 0.16 * background) {
                return d;
            }
            darker -= histogram[paper - d];
        }
        return paper - floor;
    }

    int at(int xPx, int yPx) {
        return ink[yPx * widthPx + xPx];
    }
}
