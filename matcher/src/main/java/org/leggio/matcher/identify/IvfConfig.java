package org.leggio.matcher.identify;

/**
 * Parameters of an {@link IvfSnippetIndex}. Immutable; every value is validated on construction.
 * The defaults ({@link #defaults()}) were chosen with {@code leggio bench index}
 * (docs/benchmarks.md, "Snippet index at 10³…10⁷").
 *
 * @param lists inverted lists (k-means centroids), 1..{@value #MAX_LISTS}, or {@value #AUTO_LISTS}
 *     for {@value #AUTO_LISTS_PER_ROOT}{@code * sqrt(size)} (see {@link #listsFor(int)}); a build
 *     never uses more lists than it has vectors, and drops lists that end up empty
 * @param nprobe lists scanned per query, at least 1 (capped at the number of lists); more means
 *     better recall and proportionally slower queries. Only affects searching, not the build
 * @param trainingPerList training vectors per list, 1..{@value #MAX_TRAINING_PER_LIST}: the
 *     centroids are trained on a deterministic sample of {@code lists * trainingPerList} vectors of
 *     the library (all of it when it is smaller; see {@link #trainingSampleFor(int)})
 * @param iterations Lloyd iterations of (spherical) k-means on the training sample, 0..{@value
 *     #MAX_ITERATIONS}; 0 keeps the sampled seed vectors as centroids
 * @param seed seeds the training sample and the initial centroids, so a build is reproducible
 * @param threads threads that assign vectors to centroids while building, at least 1; the built
 *     index is the same for any thread count
 */
public record IvfConfig(
    int lists, int nprobe, int trainingPerList, int iterations, long seed, int threads) {

  /** {@link #lists()} value that asks for {@value #AUTO_LISTS_PER_ROOT}{@code * sqrt(size)} lists. */
  public static final int AUTO_LISTS = 0;

  /**
   * Automatic lists per square root of the library size (lists of about {@code sqrt(size) / 4}
   * vectors). On the benchmark's clusters at 10^6 vectors, {@code 4 sqrt(size)} lists reached
   * recall@10 0.999 scanning 4 lists (about 1,000 vectors), where {@code sqrt(size)} lists needed 8
   * lists (8,000 vectors) for 0.997.
   */
  public static final int AUTO_LISTS_PER_ROOT = 4;

  /**
   * Lists scanned per query by default. On {@link IndexBenchmark}'s clustered vectors 16 were enough
   * for recall@10 ≥ 0.95 from 10^4 to 10^7, but real snippets with real audio embeddings as queries
   * cluster less: over the 15,643 snippets of the 31 validation and test pieces (500 lists) recall@10
   * was 0.737 / 0.848 / 0.929 / 0.978 / 0.996 at 8 / 16 / 32 / 64 / 128 lists, for 16 to 85 µs a query
   * ({@code leggio eval identify}, docs/evaluation.md). 64 is the smallest of those at ≥ 0.95.
   */
  public static final int DEFAULT_NPROBE = 64;

  /**
   * Training vectors per list by default (the usual k-means rule of thumb is 39 to 256): 506,000 at
   * 10^7 vectors, 160,000 at 10^6, 50,600 at 10^5. In trials at 10^7, 131,072 training vectors gave
   * recall@10 0.961 (16 probes) and 524,288 gave 0.982; a fixed half million made the build at 10^6
   * twice as long.
   */
  public static final int DEFAULT_TRAINING_PER_LIST = 40;

  /** Lloyd iterations by default (not tuned: the usual few). */
  public static final int DEFAULT_ITERATIONS = 8;

  public static final long DEFAULT_SEED = 42L;

  /** More lists than this would make ranking the centroids cost as much as a scan. */
  public static final int MAX_LISTS = 1 << 20;

  public static final int MAX_TRAINING_PER_LIST = 1 << 16;

  public static final int MAX_ITERATIONS = 1_000;

  public IvfConfig {
    if (lists != AUTO_LISTS && (lists < 1 || lists > MAX_LISTS)) {
      throw new IllegalArgumentException(
          "lists must be in 1.." + MAX_LISTS + " or " + AUTO_LISTS + " (auto), was " + lists);
    }
    requireAtLeastOne("nprobe", nprobe);
    if (trainingPerList < 1 || trainingPerList > MAX_TRAINING_PER_LIST) {
      throw new IllegalArgumentException(
          "trainingPerList must be in 1.." + MAX_TRAINING_PER_LIST + ", was " + trainingPerList);
    }
    if (iterations < 0 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be in 0.." + MAX_ITERATIONS + ", was " + iterations);
    }
    requireAtLeastOne("threads", threads);
  }

  /**
   * Automatic list count, {@value #DEFAULT_NPROBE} probes, {@value #DEFAULT_TRAINING_PER_LIST}
   * training vectors per list, {@value #DEFAULT_ITERATIONS} iterations, seed {@value #DEFAULT_SEED},
   * one build thread per available processor.
   */
  public static IvfConfig defaults() {
    return new IvfConfig(
        AUTO_LISTS,
        DEFAULT_NPROBE,
        DEFAULT_TRAINING_PER_LIST,
        DEFAULT_ITERATIONS,
        DEFAULT_SEED,
        Runtime.getRuntime().availableProcessors());
  }

  /** This configuration with another list count ({@value #AUTO_LISTS} = automatic). */
  public IvfConfig withLists(int newLists) {
    return new IvfConfig(newLists, nprobe, trainingPerList, iterations, seed, threads);
  }

  /** This configuration with another number of lists scanned per query. */
  public IvfConfig withNprobe(int newNprobe) {
    return new IvfConfig(lists, newNprobe, trainingPerList, iterations, seed, threads);
  }

  /** This configuration with another number of build threads (the index built is the same). */
  public IvfConfig withThreads(int newThreads) {
    return new IvfConfig(lists, nprobe, trainingPerList, iterations, seed, newThreads);
  }

  /**
   * The number of lists a build over {@code size} vectors trains: {@link #lists()}, or {@code
   * round(}{@value #AUTO_LISTS_PER_ROOT}{@code * sqrt(size))} when automatic, but never more than
   * {@code size}; 0 only for an empty library.
   */
  public int listsFor(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    if (size == 0) {
      return 0;
    }
    int wanted =
        lists == AUTO_LISTS
            ? (int) Math.max(1, Math.round(AUTO_LISTS_PER_ROOT * Math.sqrt(size)))
            : lists;
    return Math.min(wanted, size);
  }

  /** The training sample of a build over {@code size} vectors: {@code min(size, lists * per list)}. */
  public int trainingSampleFor(int size) {
    return (int) Math.min(size, (long) listsFor(size) * trainingPerList);
  }

  private static void requireAtLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }
}
