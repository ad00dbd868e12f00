package org.leggio.matcher.identify;

import java.util.List;

/**
 * A nearest-neighbour index over L2-normalised float vectors (snippet embeddings, typically 32
 * dimensions). Similarity is cosine similarity, which for unit vectors is the plain dot product, so
 * it lies in [-1, 1] (1 = same direction).
 *
 * <p>Ids are the insertion ordinals {@code 0 .. size()-1}: the i-th vector of the flat array the
 * index was built from has id i. Mapping ids to pieces and snippet positions is the caller's job.
 *
 * <p>Threading and lifecycle: implementations are immutable once constructed and safe for any
 * number of concurrent {@link #search} calls. They hold only heap memory, need no closing and are
 * reclaimed by the garbage collector.
 */
public interface SnippetIndex {

  /** Number of floats per vector. */
  int dimension();

  /** Number of indexed vectors. */
  int size();

  /**
   * Returns up to {@code k} indexed vectors most similar to {@code query}, best first; equal
   * similarities are ordered by lower id. Fewer than {@code k} come back only when the index holds
   * fewer vectors (exact) or the search found fewer (approximate).
   *
   * @param query a vector of length {@link #dimension()}, expected to be unit length; not retained
   * @param k the maximum number of neighbours, at least 1
   * @throws IllegalArgumentException if the query length is wrong, it holds NaN or an infinity, or
   *     {@code k < 1}
   */
  List<Neighbour> search(float[] query, int k);

  /**
   * A short name of the search method, for logs and metrics: {@code "exact"} ({@link
   * ExactSnippetIndex}), {@code "ivf"} ({@link IvfSnippetIndex}) or {@code "hnsw"} ({@link
   * HnswSnippetIndex}); {@link SnippetIndexes.Kind#label()} gives the same names.
   */
  String kind();
}
