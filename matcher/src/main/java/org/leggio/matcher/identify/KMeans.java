package org.leggio.matcher.identify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Spherical k-means and nearest-centroid assignment for {@link IvfSnippetIndex}'s build, plus the
 * centroid scoring its queries share. Centroids are kept by dimension ({@code [dim][k]}, component
 * d of centroid c at {@code [d][c]}) so that scoring one vector against all of them is {@code dim}
 * element-wise multiply-adds over arrays, which C2 vectorises.
 *
 * <p>Everything here is deterministic: the same input and seed give the same centroids and
 * assignments for any thread count (each row's assignment depends only on the row and the
 * centroids; means are summed on one thread in row order).
 */
final class KMeans {

  /** Rows per unit of parallel work, and the granularity of progress reports. */
  static final int CHUNK = 1 << 14;

  /**
   * From this many centroids on, a row is compared only with the centroids of the {@value
   * #GROUP_PROBES} groups (of about {@code sqrt(k)} centroids each) most similar to it: about
   * {@code 17 sqrt(k)} comparisons instead of {@code k} (1,900 instead of 12,649 for 10^7 vectors),
   * at the price of an occasional second-best assignment.
   */
  static final int GROUPED_FROM = 2_048;

  /**
   * Groups searched per row. In a trial at 10^7 vectors (524,288 training vectors, 16 probes),
   * recall@10 was 0.944 with 8 groups against 0.982 with 16; 8 halve the assignment time.
   */
  static final int GROUP_PROBES = 16;
  private static final int GROUP_ITERATIONS = 5;

  private KMeans() {}

  /**
   * {@code k} centroids of {@code rows} (row-major, {@code n} rows of {@code dim}), as {@code
   * [dim][k]}: seeded with {@code k} distinct rows chosen by {@code random}, then {@code
   * iterations} Lloyd iterations (assign, set each centroid to the normalised mean of its rows,
   * re-seed empty ones). Requires {@code 1 <= k <= n}.
   *
   * @param pool assigns in parallel when not null
   * @param afterIteration told each finished iteration (1-based), on the calling thread
   */
  static float[][] train(
      float[] rows,
      int n,
      int dim,
      int k,
      int iterations,
      SplittableRandom random,
      ForkJoinPool pool,
      IntConsumer afterIteration) {
    // Seeds: distinct rows, by a partial Fisher-Yates shuffle of the row numbers.
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    float[][] centroids = new float[dim][k];
    for (int c = 0; c < k; c++) {
      int pick = c + random.nextInt(n - c);
      int row = order[pick];
      order[pick] = order[c];
      order[c] = row;
      setCentroid(centroids, c, rows, row * dim);
    }
    int[] labels = new int[n];
    float[] sims = new float[n];
    for (int iteration = 1; iteration <= iterations; iteration++) {
      Nearest nearest = Nearest.of(centroids, random.nextLong());
      assign(rows, n, nearest, labels, sims, pool, done -> {});
      update(rows, dim, n, labels, sims, centroids);
      afterIteration.accept(iteration);
    }
    return centroids;
  }

  /**
   * Sets {@code labels[row]} to the most similar centroid of each of rows {@code 0..n-1} (and
   * {@code sims[row]} to its similarity unless {@code sims} is null), in chunks of {@value #CHUNK}
   * rows, on {@code pool} or (when null) the calling thread; tells {@code done} the rows finished
   * after each chunk, in order, on the calling thread.
   *
   * @throws IllegalStateException if interrupted while waiting (the interrupt flag is set again)
   */
  static void assign(
      float[] rows,
      int n,
      Nearest nearest,
      int[] labels,
      float[] sims,
      ForkJoinPool pool,
      IntConsumer done) {
    if (pool == null) {
      Nearest.Scratch scratch = nearest.scratch();
      for (int from = 0; from < n; from += CHUNK) {
        int to = Math.min(n, from + CHUNK);
        nearest.assignRange(rows, from, to, labels, sims, scratch);
        done.accept(to);
      }
      return;
    }
    List<Future<?>> chunks = new ArrayList<>();
    for (int from = 0; from < n; from += CHUNK) {
      int start = from;
      int to = Math.min(n, from + CHUNK);
      chunks.add(
          pool.submit(() -> nearest.assignRange(rows, start, to, labels, sims, nearest.scratch())));
    }
    try {
      for (int i = 0; i < chunks.size(); i++) {
        chunks.get(i).get();
        done.accept(Math.min(n, (i + 1) * CHUNK));
      }
    } catch (InterruptedException e) {
      chunks.forEach(chunk -> chunk.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building an IVF index", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("IVF build failed", cause);
    }
  }

  /**
   * {@code count} distinct indices of {@code 0..size-1}, ascending, each subset equally likely
   * (Knuth's selection sampling: one pass, no index array of {@code size}).
   */
  static int[] sample(int size, int count, SplittableRandom random) {
    int[] out = new int[count];
    int chosen = 0;
    for (int i = 0; i < size && chosen < count; i++) {
      if (random.nextInt(size - i) < count - chosen) {
        out[chosen++] = i;
      }
    }
    return out;
  }

  /**
   * {@code scores[c] = x[offset .. offset+dim) · centroid c} for {@code c < count}, with the
   * centroids by dimension: one element-wise multiply-add pass per dimension.
   */
  static void scoreAll(float[] x, int offset, float[][] byDimension, float[] scores, int count) {
    float[] first = byDimension[0];
    float x0 = x[offset];
    for (int c = 0; c < count; c++) {
      scores[c] = x0 * first[c];
    }
    for (int d = 1; d < byDimension.length; d++) {
      float[] row = byDimension[d];
      float xd = x[offset + d];
      for (int c = 0; c < count; c++) {
        scores[c] += xd * row[c];
      }
    }
  }

  /**
   * Puts the indices of the {@code best.length} highest of {@code scores[0 .. count)} into {@code
   * best}, highest first, equal scores by lower index; {@code bestScores} receives their scores.
   * Requires {@code best.length <= count}.
   */
  static void top(float[] scores, int count, int[] best, float[] bestScores) {
    int wanted = best.length;
    int kept = 0;
    // what a score must beat once full (an equal score loses to the lower index already kept)
    float floor = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < count; c++) {
      float s = scores[c];
      if (s <= floor && kept == wanted) {
        continue;
      }
      int at = kept < wanted ? kept++ : wanted - 1;
      while (at > 0 && bestScores[at - 1] < s) {
        best[at] = best[at - 1];
        bestScores[at] = bestScores[at - 1];
        at--;
      }
      best[at] = c;
      bestScores[at] = s;
      if (kept == wanted) {
        floor = bestScores[wanted - 1];
      }
    }
  }

  /**
   * Moves each centroid to the normalised mean of its rows (summed in doubles, in row order); an
   * empty one takes the row that fits its own centroid worst (lowest similarity, then lowest row),
   * so that no centroid stays unused while some rows are far from theirs.
   */
  private static void update(
      float[] rows, int dim, int n, int[] labels, float[] sims, float[][] centroids) {
    int k = centroids[0].length;
    double[] sums = new double[k * dim];
    int[] counts = new int[k];
    for (int row = 0; row < n; row++) {
      int base = labels[row] * dim;
      counts[labels[row]]++;
      for (int d = 0, at = row * dim; d < dim; d++, at++) {
        sums[base + d] += rows[at];
      }
    }
    Integer[] worstFirst = null;
    int nextWorst = 0;
    for (int c = 0; c < k; c++) {
      if (counts[c] == 0) {
        if (worstFirst == null) {
          worstFirst = new Integer[n];
          Arrays.setAll(worstFirst, i -> i);
          // a stable sort of ascending rows: equal similarities stay in row order
          Arrays.sort(worstFirst, (a, b) -> Float.compare(sims[a], sims[b]));
        }
        if (nextWorst < n) {
          setCentroid(centroids, c, rows, worstFirst[nextWorst++] * dim);
        }
        continue;
      }
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        norm += sums[c * dim + d] * sums[c * dim + d];
      }
      if (norm > 0) {
        double inverse = 1 / Math.sqrt(norm);
        for (int d = 0; d < dim; d++) {
          centroids[d][c] = (float) (sums[c * dim + d] * inverse);
        }
      } // a mean of zero (opposite rows) keeps the old centroid
    }
  }

  private static void setCentroid(float[][] centroids, int c, float[] from, int offset) {
    for (int d = 0; d < centroids.length; d++) {
      centroids[d][c] = from[offset + d];
    }
  }

  /**
   * Finds a row's most similar centroid (equal similarities: the lower centroid): among all of
   * them, or, from {@value #GROUPED_FROM} centroids on, among the members of the {@value
   * #GROUP_PROBES} most similar groups of a k-means grouping of the centroids. Immutable; each
   * thread uses its own {@link Scratch}.
   */
  static final class Nearest {
    private final float[][] centroids;
    private final int k;
    // grouped only (null when every centroid is scored):
    private final float[][] groupCentroids;
    private final int[][] members;
    private final float[][][] memberCentroids;
    private final int largestGroup;

    private Nearest(
        float[][] centroids, float[][] groupCentroids, int[][] members, float[][][] memberVectors) {
      this.centroids = centroids;
      this.k = centroids[0].length;
      this.groupCentroids = groupCentroids;
      this.members = members;
      this.memberCentroids = memberVectors;
      this.largestGroup =
          members == null ? 0 : Arrays.stream(members).mapToInt(m -> m.length).max().orElse(0);
    }

    /** Scores all centroids below {@value #GROUPED_FROM}, else groups them (seeded by seed). */
    static Nearest of(float[][] centroids, long seed) {
      int k = centroids[0].length;
      if (k < GROUPED_FROM) {
        return new Nearest(centroids, null, null, null);
      }
      int dim = centroids.length;
      float[] asRows = new float[k * dim];
      for (int c = 0; c < k; c++) {
        for (int d = 0; d < dim; d++) {
          asRows[c * dim + d] = centroids[d][c];
        }
      }
      int groups = (int) Math.round(Math.sqrt(k));
      float[][] grouping =
          train(asRows, k, dim, groups, GROUP_ITERATIONS, new SplittableRandom(seed), null, i -> {});
      int[] label = new int[k];
      assign(asRows, k, new Nearest(grouping, null, null, null), label, null, null, done -> {});
      int[] sizes = new int[groups];
      for (int g : label) {
        sizes[g]++;
      }
      int kept = (int) Arrays.stream(sizes).filter(s -> s > 0).count();
      int[][] members = new int[kept][];
      float[][][] memberCentroids = new float[kept][][];
      float[][] groupCentroids = new float[dim][kept];
      for (int g = 0, out = 0; g < groups; g++) {
        if (sizes[g] == 0) {
          continue;
        }
        members[out] = new int[sizes[g]];
        memberCentroids[out] = new float[dim][sizes[g]];
        for (int d = 0; d < dim; d++) {
          groupCentroids[d][out] = grouping[d][g];
        }
        int at = 0;
        for (int c = 0; c < k; c++) {
          if (label[c] == g) {
            members[out][at] = c;
            for (int d = 0; d < dim; d++) {
              memberCentroids[out][d][at] = centroids[d][c];
            }
            at++;
          }
        }
        out++;
      }
      return new Nearest(centroids, groupCentroids, members, memberCentroids);
    }

    /** Whether only some centroids are compared with each row. */
    boolean grouped() {
      return members != null;
    }

    Scratch scratch() {
      return grouped()
          ? new Scratch(
              new float[members.length],
              new int[Math.min(GROUP_PROBES, members.length)],
              new float[Math.min(GROUP_PROBES, members.length)],
              new float[largestGroup])
          : new Scratch(new float[k], null, null, null);
    }

    void assignRange(
        float[] rows, int from, int to, int[] labels, float[] sims, Scratch scratch) {
      int dim = centroids.length;
      for (int row = from; row < to; row++) {
        int offset = row * dim;
        labels[row] =
            grouped() ? nearestGrouped(rows, offset, scratch) : nearestAll(rows, offset, scratch);
        if (sims != null) {
          sims[row] = scratch.bestScore;
        }
      }
    }

    private int nearestAll(float[] rows, int offset, Scratch scratch) {
      float[] scores = scratch.scores;
      scoreAll(rows, offset, centroids, scores, k);
      int best = 0;
      float bestScore = scores[0];
      for (int c = 1; c < k; c++) {
        if (scores[c] > bestScore) { // ties keep the lower centroid
          bestScore = scores[c];
          best = c;
        }
      }
      scratch.bestScore = bestScore;
      return best;
    }

    private int nearestGrouped(float[] rows, int offset, Scratch scratch) {
      scoreAll(rows, offset, groupCentroids, scratch.scores, members.length);
      top(scratch.scores, members.length, scratch.probes, scratch.probeScores);
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int group : scratch.probes) {
        int[] ids = members[group];
        float[] scores = scratch.memberScores;
        scoreAll(rows, offset, memberCentroids[group], scores, ids.length);
        for (int m = 0; m < ids.length; m++) {
          float s = scores[m];
          if (best < 0 || s > bestScore || (s == bestScore && ids[m] < best)) {
            bestScore = s;
            best = ids[m];
          }
        }
      }
      scratch.bestScore = bestScore;
      return best;
    }

    /** Per-thread working arrays. */
    static final class Scratch {
      final float[] scores;
      final int[] probes;
      final float[] probeScores;
      final float[] memberScores;
      float bestScore;

      Scratch(float[] scores, int[] probes, float[] probeScores, float[] memberScores) {
        this.scores = scores;
        this.probes = probes;
        this.probeScores = probeScores;
        this.memberScores = memberScores;
      }
    }
  }
}
