package org.leggio.model.train;

import org.leggio.model.NetworkSpec;

/**
 * A batch of matching (sheet snippet, audio window) pairs as flat arrays, ready to become
 * tensors: pair {@code i}'s sheet snippet is {@code sheet[i·80·100 … (i+1)·80·100)} (row-major
 * 80 × 100, white = 1.0, as {@link org.leggio.model.SheetSnippets#cut}) and its audio window is
 * {@code audio[i·92·T … (i+1)·92·T)} (band-major 92 × T, log10(1 + magnitude)).
 *
 * <p>The arrays are owned by the batch; a consumer may read them from any thread once the batch is
 * handed over.
 *
 * @param size number of pairs
 * @param audioFrames T, frames per audio window
 * @param sheet {@code size · 80 · 100} values
 * @param audio {@code size · 92 · T} values
 */
public record PairBatch(int size, int audioFrames, float[] sheet, float[] audio) {
    /** Values per sheet snippet (80 · 100). */
    public static final int SHEET_VALUES = NetworkSpec.SHEET_ROWS * NetworkSpec.SHEET_COLUMNS;

    /** Validates the array lengths. */
    public PairBatch {
        if (size <= 0) {
            throw new IllegalArgumentException("a batch needs at least one pair but size was " + size);
        }
        if (sheet.length != size * SHEET_VALUES) {
            throw new IllegalArgumentException("sheet must hold " + size + " × 80 × 100 values but holds "
                    + sheet.length);
        }
        if (audio.length != size * NetworkSpec.AUDIO_BANDS * audioFrames) {
            throw new IllegalArgumentException("audio must hold " + size + " × 92 × " + audioFrames
                    + " values but holds " + audio.length);
        }
    }
}
