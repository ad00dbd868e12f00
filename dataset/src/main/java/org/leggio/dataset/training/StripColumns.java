package org.leggio.dataset.training;

import org.leggio.model.StripImage;

/**
 * A strip's grey pixels stored column by column: {@code grey(x, y) = columns[x · heightPx + y] &
 * 0xff}, 255 = white. A 200-column sheet crop is then one contiguous run of memory (40 KB for a
 * 200-row strip) instead of 160 rows lying a strip width apart, which keeps random crops from
 * missing the caches on every row. Immutable; safe to share between threads.
 *
 * @param widthPx width in pixels
 * @param heightPx height in pixels
 * @param columns {@code widthPx · heightPx} grey values, column-major; not copied, do not modify
 */
record StripColumns(int widthPx, int heightPx, byte[] columns) {
    private static final int BLOCK = 64;

    /** Transposes a row-major strip (in cache-friendly blocks). */
    static StripColumns of(StripImage strip) {
        int width = strip.widthPx();
        int height = strip.heightPx();
        byte[] rows = strip.pixels();
        byte[] columns = new byte[rows.length];
        for (int y0 = 0; y0 < height; y0 += BLOCK) {
            int y1 = Math.min(height, y0 + BLOCK);
            for (int x0 = 0; x0 < width; x0 += BLOCK) {
                int x1 = Math.min(width, x0 + BLOCK);
                for (int x = x0; x < x1; x++) {
                    int to = x * height;
                    for (int y = y0; y < y1; y++) {
                        columns[to + y] = rows[y * width + x];
                    }
                }
            }
        }
        return new StripColumns(width, height, columns);
    }

    /** Grey value 0..255 at (x, y). */
    int grey(int xPx, int yPx) {
        return columns[xPx * heightPx + yPx] & 0xff;
    }
}
