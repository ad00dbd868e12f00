package org.leggio.score.internal.layout;

import org.leggio.model.StripImage;

/**
 * A page as "ink": 0 = paper, 255 = black, measured against the page's own paper level so that a
 * grey or yellowed scan behaves like a white export. Also carries the noise level of the paper and
 * the thresholds the detectors use, all derived from it.
 *
 * <p>Why sums of two adjacent pixels ("pairs"): engraved staff lines are often thinner than a pixel
 * (Verovio's are about 0.5 px at 835 px page width) and anti-aliasing spreads them over two rows
 * at, say, grey 191 + 191. No single-pixel threshold catches both that and a grey-128 line without
 * also thickening text; the sum of two neighbours measures the line's ink wherever it falls
 * between the pixels.
 */
final class InkImage {

    /** The smallest pair threshold: a pair must hold about a third of a black pixel's ink. */
    static final int MIN_PAIR_THRESHOLD = 80;
    /** The largest pair threshold, however noisy the page: a clean half-pixel line sums to ~128. */
    static final int MAX_PAIR_THRESHOLD = 128;
    /** Smallest threshold on a faint pair that lies in a horizontal stretch of faint pairs. */
    static final int MIN_FAINT_PAIR_THRESHOLD = 40;
    /** Shortest stretch of faint pairs that counts, px. */
    static final int FAINT_RUN_PX = 5;
    /** Rows over which connector pixels average their ink, px (odd). */
    static final int CONNECTOR_WINDOW_PX = 5;
    /** The smallest connector threshold: a faint blurred half-pixel line reaches about 80. */
    static final int MIN_CONNECTOR_THRESHOLD = 40;

    final int widthPx;
    final int heightPx;
    /** Row-major ink, 0..255. */
    final int[] ink;
    /** Grey value of the paper (mode of the bright half of the histogram). */
    final int paperGrey;
    /** Standard deviation of the paper's grey noise, grey levels (at least 1). */
    final double noiseSigmaGrey;
    /**
     * Threshold on {@code ink(a) + ink(b)} for two adjacent pixels to count as dark: 3.5 sigma of
     * the pair's noise, within [{@link #MIN_PAIR_THRESHOLD}, {@link #MAX_PAIR_THRESHOLD}].
     */
    final int pairThreshold;
    /**
     * Lower threshold for a pair that counts only inside an unbroken horizontal stretch of at least
     * {@link #FAINT_RUN_PX} such pairs (a blurred faint line): 1.5 sigma of the pair's noise, at
     * least {@link #MIN_FAINT_PAIR_THRESHOLD}, at most {@link #pairThreshold} (then there are no
     * faint pairs: the page is too noisy to tell them from noise).
     */
    final int faintPairThreshold;
    /**
     * Threshold for system connectors (ink of a pixel plus its darker horizontal neighbour,
     * averaged over {@link #CONNECTOR_WINDOW_PX} rows): paper noise averages about 1.2 sigma there
     * with a spread of about 0.4 sigma, so 3 sigma keeps noise from percolating across the gap
     * between two staves; at least {@link #MIN_CONNECTOR_THRESHOLD}.
     */
    final int connectorThreshold;

    private InkImage(int widthPx, int heightPx, int[] ink, int paperGrey, double noiseSigmaGrey) {
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.ink = ink;
        this.paperGrey = paperGrey;
        this.noiseSigmaGrey = noiseSigmaGrey;
        double sigmaInk = noiseSigmaGrey * 255.0 / Math.max(paperGrey, 1);
        double sigmaPair = Math.sqrt(2) * sigmaInk;
        this.pairThreshold = (int) Math.round(Math.max(MIN_PAIR_THRESHOLD, Math.min(MAX_PAIR_THRESHOLD, 3.5 * sigmaPair)));
        this.faintPairThreshold = (int) Math.round(Math.min(pairThreshold,
                Math.max(MIN_FAINT_PAIR_THRESHOLD, 1.5 * sigmaPair)));
        this.connectorThreshold = (int) Math.round(Math.max(MIN_CONNECTOR_THRESHOLD, 3.0 * sigmaInk));
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
        double sigma = paperNoiseSigma(pixels, page.widthPx(), page.heightPx(), paper);
        int[] table = new int[256];
        for (int g = 0; g < 256; g++) {
            int d = paper - g;
            table[g] = d <= 0 ? 0 : Math.min(255, d * 255 / Math.max(paper, 1));
        }
        int[] ink = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            ink[i] = table[pixels[i] & 0xff];
        }
        return new InkImage(page.widthPx(), page.heightPx(), ink, paper, sigma);
    }

    /**
     * Noise of the paper from differences of horizontal neighbours that are both close to paper:
     * their median absolute difference is 0.954 σ for Gaussian noise, or 0.391 σ when the paper is
     * white and the noise is clipped at 255 (half the pixels then read exactly 255). A histogram of
     * grey levels cannot tell noise from the grey fringes of blurred ink; neighbour differences in
     * flat paper can. At least 1 grey level.
     */
    private static double paperNoiseSigma(byte[] pixels, int widthPx, int heightPx, int paper) {
        int floor = paper - 64;
        long[] histogram = new long[256];
        long count = 0;
        for (int y = 0; y < heightPx; y += 2) {
            int row = y * widthPx;
            for (int x = 0; x + 1 < widthPx; x++) {
                int a = pixels[row + x] & 0xff;
                int b = pixels[row + x + 1] & 0xff;
                if (a >= floor && b >= floor) {
                    histogram[Math.abs(a - b)]++;
                    count++;
                }
            }
        }
        if (count == 0) {
            return 1.0;
        }
        long seen = 0;
        int median = 0;
        while (median < 255 && (seen += histogram[median]) * 2 < count) {
            median++;
        }
        double factor = paper >= 250 ? 0.391 : 0.954;
        return Math.max(1.0, median / factor);
    }

    int at(int xPx, int yPx) {
        return ink[yPx * widthPx + xPx];
    }
}
