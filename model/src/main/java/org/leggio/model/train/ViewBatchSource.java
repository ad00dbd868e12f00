package org.leggio.model.train;

/** Where contrastive pre-training views come from; called from one thread. */
public interface ViewBatchSource {
    /** The next {@code size} items, two random augmented views each. */
    ViewBatch next(int size);

    /** The modality of every batch. */
    ViewBatch.Modality modality();

    /** T for audio views, 0 for sheet views. */
    int audioFrames();
}
