package org.leggio.matcher.identify;

/** Dot products and argument checks shared by the index implementations. */
final class VectorMath {

  private VectorMath() {}

  /**
   * Dot product of {@code dim} floats of {@code a} from {@code aOffset} and of {@code b} from {@code
   * bOffset}. Four independent accumulators break the add dependency chain so the JIT can pipeline
   * (and, where it may, vectorise) the loop; jdk.incubator.vector is not available to us.
   */
  static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    for (int upper = dim & ~3; i < upper; i += 4) {
      s0 += a[aOffset + i] * b[bOffset + i];
      s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Validates a flat row-major vector array and returns the number of vectors in it. */
  static int checkFlat(float[] flat, int dimension) {
    if (flat == null) {
      throw new IllegalArgumentException("flat vector array is null");
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
    }
    if (flat.length % dimension != 0) {
      throw new IllegalArgumentException(
          "flat array length " + flat.length + " is not a multiple of dimension " + dimension);
    }
    for (int i = 0; i < flat.length; i++) {
      if (!Float.isFinite(flat[i])) {
        throw new IllegalArgumentException(
            "vector " + i / dimension + " component " + i % dimension + " is " + flat[i]);
      }
    }
    return flat.length / dimension;
  }

  static void checkQuery(float[] query, int dimension, int k) {
    if (query == null) {
      throw new IllegalArgumentException("query is null");
    }
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "query has length " + query.length + ", the index has dimension " + dimension);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    for (int i = 0; i < query.length; i++) {
      if (!Float.isFinite(query[i])) {
        throw new IllegalArgumentException("query component " + i + " is " + query[i]);
      }
    }
  }
}
