package org.leggio.matcher.identify;

/**
 * One search hit.
 *
 * @param id the insertion ordinal of the indexed vector
 * @param similarity the cosine similarity (dot product of unit vectors) to the query, in [-1, 1]
 *     up to float rounding
 */
public record Neighbour(int id, float similarity) {

  public Neighbour {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
  }
}
