package org.leggio.model.train;

/**
 * Where training pairs come from. A training run calls {@link #next} from one thread; an
 * implementation may prepare batches ahead on its own threads.
 */
public interface PairBatchSource {
    /**
     * The next batch of {@code batchSize} pairs (random and augmented for training; fixed and
     * clean for a validation or CCA-refit source).
     *
     * @param batchSize pairs wanted, ≥ 1
     */
    PairBatch next(int batchSize);

    /** T, frames per audio window, of every batch this source returns. */
    int audioFrames();
}
