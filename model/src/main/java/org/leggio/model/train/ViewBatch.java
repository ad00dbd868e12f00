package org.leggio.model.train;

/**
 * A batch of unpaired inputs of one modality as two augmented views each, for contrastive
 * (NT-Xent) pre-training of one encoder (PAPER-SPEC §4.3): item {@code i}'s views are {@code
 * first[i·n … (i+1)·n)} and {@code second[i·n … (i+1)·n)} with {@code n} = 80 · 100 for sheet
 * views and 92 · T for audio views (layouts as in {@link PairBatch}).
 *
 * @param modality which encoder the views feed
 * @param size number of items (each has two views)
 * @param audioFrames T for audio views; ignored (0) for sheet views
 * @param first the first view of each item
 * @param second the second view of each item
 */
public record ViewBatch(Modality modality, int size, int audioFrames, float[] first, float[] second) {
    /** The two kinds of input. */
    public enum Modality {
        /** Sheet snippets, 80 × 100. */
        SHEET,
        /** Audio windows, 92 × T. */
        AUDIO
    }

    /** Validates the array lengths. */
    public ViewBatch {
        if (size <= 0) {
            throw new IllegalArgumentException("a batch needs at least one item but size was " + size);
        }
        int per = modality == Modality.SHEET ? PairBatch.SHEET_VALUES
                : org.leggio.model.NetworkSpec.AUDIO_BANDS * audioFrames;
        if (per <= 0 || first.length != size * per || second.length != size * per) {
            throw new IllegalArgumentException("each view array must hold " + size + " × " + per
                    + " values but they hold " + first.length + " and " + second.length);
        }
    }
}
