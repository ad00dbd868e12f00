package org.leggio.model.eval;

/**
 * Receives progress of a {@link RetrievalEvaluation}: called on the evaluating thread after each
 * embedded batch. Must return quickly and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = (done, total) -> {};

    /**
     * @param done inputs embedded so far (audio windows plus sheet snippets)
     * @param total inputs to embed in all, 2 × n
     */
    void onProgress(int done, int total);
}
