package org.leggio.matcher.identify;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Approximate nearest-snippet search over an inverted file: a k-means coarse quantiser splits the
 * library into lists of similar vectors, and a query scans only the {@link IvfConfig#nprobe()}
 * lists whose centroids are most similar to it, exactly. Hits carry the exact dot product
 * (computed as {@link ExactSnippetIndex} computes it) and are ordered like the exact index's
 * (higher similarity first, then lower id), so with {@code nprobe} at least {@link #lists()} the
 * answer is exactly the exact one. Fewer than {@code k} hits come back only when the probed lists
 * hold fewer vectors.
 *
 * <p>Build ({@link #build}): (1) a deterministic sample of {@link IvfConfig#trainingSampleFor(int)}
 * vectors; (2) spherical k-means on it with {@link IvfConfig#listsFor(int)} centroids, seeded with
 * distinct sampled vectors, {@link IvfConfig#iterations()} Lloyd iterations (assign each vector to
 * its most similar centroid, move each centroid to the normalised mean of its vectors, re-seed
 * empty ones with the worst-fitting vectors); (3) every vector assigned to its most similar
 * centroid; (4) the vectors copied in list order, so that each list is one contiguous row-major
 * block, with their original ids beside them; lists left empty are dropped. From 2,048 centroids on,
 * steps 2 and 3 compare a vector only with the centroids of the 16 most similar of about {@code
 * sqrt(lists)} groups of centroids (an occasional second-best assignment, for 10^7 vectors about 7
 * times fewer comparisons). The assignments — {@code size * dimension} multiply-adds times the
 * centroids compared, the bulk of the work — run on {@link IvfConfig#threads()} threads of a
 * private {@link ForkJoinPool} that is shut down before {@code build} returns; everything else,
 * progress reports included, runs on the calling thread. Each vector's assignment depends only on
 * the vector and the centroids, and means are summed on one thread in a fixed order, so the same
 * input and configuration give the same index whatever the thread count. Build times with the
 * defaults on the development machine (2 threads, the machine shared with other jobs): 3.9 s for
 * 10^5 vectors of 32 floats, 16 s for 10^6, 3 min for 10^7 (docs/benchmarks.md).
 *
 * <p>Query cost, on the calling thread: {@code lists * dimension} multiply-adds to rank the
 * centroids (vectorised) plus a scan of {@code nprobe} lists of about {@code size / lists} vectors
 * each; with the automatic {@code 4 sqrt(size)} lists that is {@code O(sqrt(size))} instead of the
 * exact scan's {@code O(size)}.
 *
 * <p>Memory: {@code 4 * size * dimension} bytes of vectors (1.28 GB for 10^7 vectors of 32 floats;
 * a copy — the caller's array is not retained, so a build briefly needs both), {@code 4 * size} of
 * ids and {@code 4 * lists * (dimension + 1)} of centroids and list offsets. A build also holds
 * {@code 4 * size} bytes of assignments and the training sample ({@code 4 * dimension} bytes per
 * vector). A search allocates {@code 4 * (lists + 2 * nprobe)} bytes plus its result.
 *
 * <p>Immutable and thread-safe once {@link #build} returns; see {@link SnippetIndex}.
 */
public final class IvfSnippetIndex implements SnippetIndex {

  /** Vectors per unit of parallel work, and how often a build reports its assignment progress. */
  public static final int CHUNK = KMeans.CHUNK;

  /** What a build is doing, for {@link BuildProgress}. */
  public enum Stage {
    /** k-means on the training sample; progress counts finished Lloyd iterations. */
    TRAINING,
    /** Assigning every vector to its list; progress counts vectors assigned. */
    ASSIGNING
  }

  /** Told how far a build has got; called on the building thread, in order. */
  @FunctionalInterface
  public interface BuildProgress {
    /**
     * @param stage the current stage
     * @param done iterations ({@link Stage#TRAINING}) or vectors ({@link Stage#ASSIGNING}) done
     * @param total how many there will be in this stage
     */
    void update(Stage stage, int done, int total);

    /** Ignores every report. */
    static BuildProgress none() {
      return (stage, done, total) -> {};
    }
  }

  private final float[] vectors;
  private final int[] ids;
  private final int[] listStart;
  /** Centroid component d of list c at {@code centroidsByDimension[d][c]}: scored in one pass. */
  private final float[][] centroidsByDimension;
  private final int dimension;
  private final int size;
  private final int lists;
  private final IvfConfig config;

  private IvfSnippetIndex(
      float[] vectors,
      int[] ids,
      int[] listStart,
      float[][] centroidsByDimension,
      int dimension,
      IvfConfig config) {
    this.vectors = vectors;
    this.ids = ids;
    this.listStart = listStart;
    this.centroidsByDimension = centroidsByDimension;
    this.dimension = dimension;
    this.size = ids.length;
    this.lists = listStart.length - 1;
    this.config = config;
  }

  /**
   * Builds an index over a copy of {@code flatVectors} (vector i at {@code [i*dimension,
   * (i+1)*dimension)}, id i). The vectors should be unit length; similarities are plain dot
   * products. Blocks until built; see the class comment for the steps, threads and cost.
   *
   * @param progress told of each finished training iteration and of the vectors assigned (after
   *     every {@value #CHUNK} and once at the end); called on the calling thread
   * @throws IllegalArgumentException if {@code dimension < 1}, the length is not a multiple of it, or
   *     a value is NaN or infinite
   * @throws IllegalStateException if the calling thread is interrupted while waiting for the build
   *     threads (its interrupt flag is set again)
   */
  public static IvfSnippetIndex build(
      float[] flatVectors, int dimension, IvfConfig config, BuildProgress progress) {
    int size = VectorMath.checkFlat(flatVectors, dimension);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(progress, "progress");
    int lists = config.listsFor(size);
    if (lists == 0) {
      return new IvfSnippetIndex(
          new float[0], new int[0], new int[] {0}, new float[dimension][0], dimension, config);
    }
    ForkJoinPool pool = config.threads() > 1 ? new ForkJoinPool(config.threads()) : null;
    try {
      SplittableRandom random = new SplittableRandom(config.seed());
      int[] sampled = KMeans.sample(size, config.trainingSampleFor(size), random);
      float[] sample = new float[sampled.length * dimension];
      for (int i = 0; i < sampled.length; i++) {
        System.arraycopy(flatVectors, sampled[i] * dimension, sample, i * dimension, dimension);
      }
      float[][] centroids =
          KMeans.train(
              sample,
              sampled.length,
              dimension,
              lists,
              config.iterations(),
              random,
              pool,
              done -> progress.update(Stage.TRAINING, done, config.iterations()));
      sample = null; // garbage before the copy of the library
      int[] labels = new int[size];
      KMeans.assign(
          flatVectors,
          size,
          KMeans.Nearest.of(centroids, random.nextLong()),
          labels,
          null,
          pool,
          done -> progress.update(Stage.ASSIGNING, done, size));
      return inListOrder(flatVectors, dimension, size, centroids, labels, config);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
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
    return "ivf";
  }

  public IvfConfig config() {
    return config;
  }

  /** Non-empty lists (centroids); at most {@link IvfConfig#listsFor(int)} of the size. */
  public int lists() {
    return lists;
  }

  /** Vectors in the given list, {@code 0 <= list < lists()}. */
  public int listSize(int list) {
    Objects.checkIndex(list, lists);
    return listStart[list + 1] - listStart[list];
  }

  /** Heap held by the index: vectors, ids, list offsets and centroids, in bytes (an estimate). */
  public long ramBytes() {
    return 4L * vectors.length + 4L * ids.length + 4L * listStart.length + 4L * lists * dimension;
  }

  /**
   * The same index (sharing its memory) scanning {@code nprobe} lists per query; the build-time
   * fields of {@link #config()} are unchanged.
   *
   * @throws IllegalArgumentException if {@code nprobe < 1}
   */
  public IvfSnippetIndex withNprobe(int nprobe) {
    return new IvfSnippetIndex(
        vectors, ids, listStart, centroidsByDimension, dimension, config.withNprobe(nprobe));
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    VectorMath.checkQuery(query, dimension, k);
    if (size == 0) {
      return List.of();
    }
    int[] probed = nearestLists(query, Math.min(config.nprobe(), lists));
    TopK top = new TopK(Math.min(k, size));
    float threshold = top.threshold();
    for (int list : probed) {
      for (int at = listStart[list], end = listStart[list + 1]; at < end; at++) {
        float sim = VectorMath.dot(query, 0, vectors, at * dimension, dimension);
        // >= so that a tie with the worst kept hit reaches TopK, which keeps the lower id: ids are
        // ascending within a list but not across lists.
        if (sim >= threshold) {
          top.offer(ids[at], sim);
          threshold = top.threshold();
        }
      }
    }
    return top.drainSorted();
  }

  /** The {@code count} lists whose centroids are most similar to the query, best first. */
  private int[] nearestLists(float[] query, int count) {
    float[] scores = new float[lists];
    KMeans.scoreAll(query, 0, centroidsByDimension, scores, lists);
    int[] best = new int[count];
    KMeans.top(scores, lists, best, new float[count]);
    return best;
  }

  @Override
  public String toString() {
    return "IvfSnippetIndex[size="
        + size
        + ", dimension="
        + dimension
        + ", lists="
        + lists
        + ", "
        + config
        + "]";
  }

  // ---- build ----

  /**
   * Copies the vectors into list order (ids ascending within each list), dropping empty lists and
   * their centroids.
   */
  private static IvfSnippetIndex inListOrder(
      float[] flat, int dim, int size, float[][] centroids, int[] labels, IvfConfig config) {
    int lists = centroids[0].length;
    int[] counts = new int[lists];
    for (int label : labels) {
      counts[label]++;
    }
    int[] renumber = new int[lists];
    int kept = 0;
    for (int c = 0; c < lists; c++) {
      renumber[c] = counts[c] == 0 ? -1 : kept++;
    }
    int[] listStart = new int[kept + 1];
    float[][] keptCentroids = new float[dim][kept];
    for (int c = 0; c < lists; c++) {
      if (renumber[c] >= 0) {
        listStart[renumber[c] + 1] = counts[c];
        for (int d = 0; d < dim; d++) {
          keptCentroids[d][renumber[c]] = centroids[d][c];
        }
      }
    }
    for (int list = 0; list < kept; list++) {
      listStart[list + 1] += listStart[list];
    }
    int[] next = Arrays.copyOf(listStart, kept);
    float[] vectors = new float[size * dim];
    int[] ids = new int[size];
    for (int id = 0; id < size; id++) {
      int at = next[renumber[labels[id]]]++;
      ids[at] = id;
      System.arraycopy(flat, id * dim, vectors, at * dim, dim);
    }
    return new IvfSnippetIndex(vectors, ids, listStart, keptCentroids, dim, config);
  }
}
