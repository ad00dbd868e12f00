/**
 * Offline evaluation of an {@link org.leggio.model.Embedder}: the pair-set exchange format ({@link
 * org.leggio.model.eval.PairSet}, with its reader, writer and a synthetic generator), cross-modal
 * snippet retrieval metrics ({@link org.leggio.model.eval.RetrievalMetrics}: R@k, MRR, median rank,
 * both directions), piece identification by snippet voting and by DTW ({@link
 * org.leggio.model.eval.PieceIdentification}), and the end-to-end {@link
 * org.leggio.model.eval.RetrievalEvaluation} with a JSON/Markdown report. Follows the evaluation
 * protocol of PAPER-SPEC §6.
 *
 * <p>The metric classes work on plain {@code float[][]} embeddings and know nothing of DJL; only
 * {@code RetrievalEvaluation} calls an {@code Embedder}. Units: audio windows are 20 fps frames,
 * sheet positions are pixels of the unrolled strip, similarities are cosines in [−1, 1].
 */
package org.leggio.model.eval;
