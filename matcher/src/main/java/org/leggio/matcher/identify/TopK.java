package org.leggio.matcher.identify;

import java.util.List;

/**
 * Keeps the best {@code capacity} (id, similarity) pairs seen so far in a min-heap whose root is the
 * worst kept pair, so a scan over millions of candidates allocates nothing per candidate. "Better"
 * means higher similarity, then lower id. Not thread-safe: one per search.
 */
final class TopK {

  private final int[] ids;
  private final float[] sims;
  private int count;

  TopK(int capacity) {
    ids = new int[capacity];
    sims = new float[capacity];
  }

  /** The similarity a candidate must beat to enter: the worst kept one once full, else -infinity. */
  float threshold() {
    if (ids.length == 0) {
      return Float.POSITIVE_INFINITY;
    }
    return count < ids.length ? Float.NEGATIVE_INFINITY : sims[0];
  }

  void offer(int id, float sim) {
    if (count < ids.length) {
      ids[count] = id;
      sims[count] = sim;
      siftUp(count++);
    } else if (count > 0 && worse(ids[0], sims[0], id, sim)) {
      ids[0] = id;
      sims[0] = sim;
      siftDown(0);
    }
  }

  /** Empties the heap into a list, best first. */
  List<Neighbour> drainSorted() {
    Neighbour[] out = new Neighbour[count];
    for (int i = count - 1; i >= 0; i--) {
      out[i] = new Neighbour(ids[0], sims[0]);
      count--;
      ids[0] = ids[count];
      sims[0] = sims[count];
      siftDown(0);
    }
    return List.of(out);
  }

  private static boolean worse(int idA, float simA, int idB, float simB) {
    return simA < simB || (simA == simB && idA > idB);
  }

  private boolean worseAt(int a, int b) {
    return worse(ids[a], sims[a], ids[b], sims[b]);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worseAt(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= count) {
        return;
      }
      if (child + 1 < count && worseAt(child + 1, child)) {
        child++;
      }
      if (!worseAt(child, i)) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int a, int b) {
    int id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
    float sim = sims[a];
    sims[a] = sims[b];
    sims[b] = sim;
  }
}
