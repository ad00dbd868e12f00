package org.leggio.model;

/**
 * Cuts the network's sheet input from an unrolled strip, exactly as ucasr's {@code
 * SnippetDataset}: a crop of 160 rows × 200 columns — rows {@code [c − 80, c + 80)} around the
 * strip's centre row {@code c = height / 2} (rows 20–179 of a 200-row strip), columns {@code [x −
 * 100, x + 100)} — divided by 255 and halved to 80 × 100 by bilinear interpolation at exactly half
 * resolution, which equals the mean of each 2 × 2 block.
 *
 * <p>Columns outside the strip (snippets near its ends) read as white paper (1.0), so every x of
 * the strip has a snippet; the training data only used snippets lying fully inside. Stateless and
 * thread-safe.
 */
public final class SheetSnippets {
    /** Height of the crop before halving, px. */
    public static final int CROP_HEIGHT_PX = 160;
    /** Width of the crop before halving, px. */
    public static final int CROP_WIDTH_PX = 200;
    /** Rows of the network's sheet input. */
    public static final int HEIGHT = CROP_HEIGHT_PX / 2;
    /** Columns of the network's sheet input. */
    public static final int WIDTH = CROP_WIDTH_PX / 2;

    private SheetSnippets() {}

    /**
     * The 80 × 100 input centred on strip column {@code centreXPx}.
     *
     * @param strip a strip at least 160 rows high
     * @param centreXPx the snippet's centre column, px of the strip (may lie anywhere; outside is white)
     * @return {@code [80][100]} values in [0, 1], white = 1
     */
    public static float[][] cut(StripImage strip, int centreXPx) {
        if (strip.heightPx() < CROP_HEIGHT_PX) {
            throw new IllegalArgumentException("strip must be at least " + CROP_HEIGHT_PX + " px high but is "
                    + strip.heightPx());
        }
        int top = strip.heightPx() / 2 - CROP_HEIGHT_PX / 2;
        int left = centreXPx - CROP_WIDTH_PX / 2;
        float[][] out = new float[HEIGHT][WIDTH];
        for (int r = 0; r < HEIGHT; r++) {
            int y = top + 2 * r;
            for (int c = 0; c < WIDTH; c++) {
                int x = left + 2 * c;
                int sum = grey(strip, x, y) + grey(strip, x + 1, y) + grey(strip, x, y + 1) + grey(strip, x + 1, y + 1);
                out[r][c] = sum / 4f / 255f;
            }
        }
        return out;
    }

    private static int grey(StripImage strip, int x, int y) {
        return x < 0 || x >= strip.widthPx() ? 255 : strip.grey(x, y);
    }
}
