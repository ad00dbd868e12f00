package org.leggio.matcher.identify;

import java.util.Arrays;
import java.util.List;

/**
 * Exact nearest-snippet search: every query scans all vectors, stored row-major in one float
 * array. Memory is {@code 4 * size * dimension} bytes (1.28 GB for 10^7 vectors of 32 floats); a
 * query costs {@code size * dimension} multiply-adds on the calling thread (about 1 ms for 5·10^4
 * vectors of 32 floats on the development machine), needs no build step and is exact, which is why
 * {@link SnippetIndexes} uses it for libraries below {@link SnippetIndexes#DEFAULT_IVF_THRESHOLD}.
 *
 * <p>Immutable and thread-safe; see {@link SnippetIndex}.
 */
public final class ExactSnippetIndex implements SnippetIndex {

  private final float[] vectors;
  private final int dimension;
  private final int size;

  private ExactSnippetIndex(float[] vectors, int dimension, int size) {
    this.vectors = vectors;
    this.dimension = dimension;
    this.size = size;
  }

  /**
   * Indexes a copy of {@code flatVectors}: vector i is {@code flatVectors[i*dimension ..
   * (i+1)*dimension)} and gets id i. The vectors should be unit length; similarities are plain dot
   * products.
   *
   * @throws IllegalArgumentException if {@code dimension < 1}, the length is not a multiple of it, or
   *     a value is NaN or infinite
   */
  public static ExactSnippetIndex of(float[] flatVectors, int dimension) {
    int size = VectorMath.checkFlat(flatVectors, dimension);
    return new ExactSnippetIndex(Arrays.copyOf(flatVectors, flatVectors.length), dimension, size);
  }

  /** Like {@link #of} but adopts the array without copying; the caller must never modify it. */
  static ExactSnippetIndex adopt(float[] flatVectors, int dimension) {
    int size = VectorMath.checkFlat(flatVectors, dimension);
    return new ExactSnippetIndex(flatVectors, dimension, size);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String kind() {
    return "exact";
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    VectorMath.checkQuery(query, dimension, k);
    TopK top = new TopK(Math.min(k, size));
    float threshold = top.threshold();
    // Ids arrive in ascending order, so a candidate that only ties the worst kept one loses (the
    // kept one has the lower id): a strict > test is both the fast path and the tie rule.
    for (int id = 0, offset = 0; id < size; id++, offset += dimension) {
      float sim = VectorMath.dot(query, 0, vectors, offset, dimension);
      if (sim > threshold) {
        top.offer(id, sim);
        threshold = top.threshold();
      }
    }
    return top.drainSorted();
  }

  @Override
  public String toString() {
    return "ExactSnippetIndex[size=" + size + ", dimension=" + dimension + "]";
  }
}
