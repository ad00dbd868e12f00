package org.leggio.matcher.identify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures exact scan against HNSW on synthetic snippet embeddings: unit vectors drawn around
 * random cluster centres (about 500 vectors per cluster, roughly the snippets of one piece), with
 * deterministic seeds so runs are comparable. Per library size it reports single-query latency of
 * a top-10 search (p50/p99 in microseconds, single-threaded, after a JIT warm-up), HNSW build time
 * in seconds and HNSW recall@10 against the exact answer.
 *
 * <p>Memory: one {@code size * dimension} float array per size (1.28 GB for 10^7 x 32, so run
 * such sizes with -Xmx4g), shared by both indexes. HNSW is skipped above a maximum size because
 * building it for 10^7 vectors takes hours. Threading: runs on the calling thread and holds no
 * shared state, but concurrent runs (or a busy machine) distort each other's timings.
 */
public final class IndexBenchmark {

  /** The k of the measured searches and of recall@k. */
  public static final int K = 10;

  // Noise vector length relative to the unit centre: same-cluster vectors then have cosine ~0.8,
  // different clusters ~0 +- 0.2 in 32 dimensions.
  private static final double NOISE_NORM = 0.5;
  private static final int VECTORS_PER_CLUSTER = 500;
  private static final int MAX_CLUSTERS = 20_000;
  // Enough scanned vectors for C2 to have compiled the scan before timing starts.
  private static final long WARMUP_VECTORS = 3_000_000;
  private static final int HNSW_WARMUP_QUERIES = 500;
  private static final int MAX_EXACT_WARMUP_QUERIES = 1_000;
  private static final int BUILD_REPORT_INTERVAL = 100_000;

  /**
   * One library size. Latencies are in microseconds, build time in seconds; the HNSW fields are
   * NaN where HNSW was skipped.
   */
  public record Row(
      int size,
      double exactP50Micros,
      double exactP99Micros,
      double hnswBuildSeconds,
      double hnswP50Micros,
      double hnswP99Micros,
      double recallAt10) {

    public boolean hnswSkipped() {
      return Double.isNaN(hnswBuildSeconds);
    }
  }

  private IndexBenchmark() {}

  /**
   * Runs the benchmark on the calling thread, one {@link Row} per entry of {@code sizes}.
   *
   * @param sizes library sizes in vectors, each at least 1
   * @param dimension floats per vector
   * @param queries timed queries per size (fresh draws from the same clusters, not indexed vectors)
   * @param hnswMaxSize sizes above this skip HNSW
   * @param progress told what is happening, for long runs
   */
  public static List<Row> run(
      int[] sizes,
      int dimension,
      int queries,
      int hnswMaxSize,
      HnswConfig cfg,
      long seed,
      Consumer<String> progress) {
    checkArguments(sizes, dimension, queries, cfg, progress);
    List<Row> rows = new ArrayList<>();
    for (int size : sizes) {
      rows.add(runOne(size, dimension, queries, hnswMaxSize, cfg, seed, progress));
    }
    return List.copyOf(rows);
  }

  private static void checkArguments(
      int[] sizes, int dimension, int queries, HnswConfig cfg, Consumer<String> progress) {
    Objects.requireNonNull(cfg, "cfg");
    Objects.requireNonNull(progress, "progress");
    if (sizes == null || sizes.length == 0) {
      throw new IllegalArgumentException("no sizes given");
    }
    if (dimension < 1 || queries < 1) {
      throw new IllegalArgumentException(
          "dimension and queries must be >= 1, were " + dimension + " and " + queries);
    }
    for (int size : sizes) {
      if (size < 1 || (long) size * dimension > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "size " + size + " x dimension " + dimension + " does not fit one float array");
      }
    }
  }

  private static Row runOne(
      int size,
      int dim,
      int queries,
      int hnswMaxSize,
      HnswConfig cfg,
      long seed,
      Consumer<String> progress) {
    SplittableRandom random = new SplittableRandom(seed ^ (size * 0x9E3779B97F4A7C15L));
    float[] centres = unitVectors(clustersFor(size), dim, random);
    float[] data = sampleAround(centres, size, dim, random);
    float[] queryVectors = sampleAround(centres, queries, dim, random);
    progress.accept(String.format(Locale.ROOT, "%,d vectors: generated", size));

    ExactSnippetIndex exact = ExactSnippetIndex.adopt(data, dim);
    warmUp(exact, queryVectors, dim, exactWarmUpQueries(size));
    int[][] truth = new int[queries][];
    double[] exactMicros = timeQueries(exact, queryVectors, dim, truth);
    progress.accept(
        String.format(Locale.ROOT, "%,d vectors: exact p50 %.0f us", size, exactMicros[0]));
    if (size > hnswMaxSize) {
      progress.accept(String.format(Locale.ROOT, "%,d vectors: HNSW skipped", size));
      return new Row(size, exactMicros[0], exactMicros[1], Double.NaN, Double.NaN, Double.NaN,
          Double.NaN);
    }
    return withHnsw(size, dim, cfg, data, queryVectors, truth, exactMicros, progress);
  }

  private static int exactWarmUpQueries(int size) {
    return (int) Math.max(1, Math.min(MAX_EXACT_WARMUP_QUERIES, WARMUP_VECTORS / size));
  }

  private static Row withHnsw(
      int size,
      int dim,
      HnswConfig cfg,
      float[] data,
      float[] queryVectors,
      int[][] truth,
      double[] exactMicros,
      Consumer<String> progress) {
    long start = System.nanoTime();
    HnswSnippetIndex hnsw =
        HnswSnippetIndex.adopt(
            data,
            dim,
            cfg,
            added -> {
              if (added % BUILD_REPORT_INTERVAL == 0) {
                progress.accept(String.format(Locale.ROOT, "  HNSW build %,d / %,d", added, size));
              }
            });
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    warmUp(hnsw, queryVectors, dim, HNSW_WARMUP_QUERIES);
    int[][] found = new int[truth.length][];
    double[] hnswMicros = timeQueries(hnsw, queryVectors, dim, found);
    double recall = recall(truth, found);
    progress.accept(
        String.format(
            Locale.ROOT,
            "%,d vectors: HNSW build %.1f s, p50 %.0f us, recall@10 %.3f",
            size,
            buildSeconds,
            hnswMicros[0],
            recall));
    return new Row(
        size, exactMicros[0], exactMicros[1], buildSeconds, hnswMicros[0], hnswMicros[1], recall);
  }

  private static void warmUp(SnippetIndex index, float[] queryVectors, int dim, int rounds) {
    int queries = queryVectors.length / dim;
    for (int i = 0; i < rounds; i++) {
      index.search(query(queryVectors, i % queries, dim), K);
    }
  }

  /** Times each query; fills {@code ids} with each answer; returns {p50, p99} in microseconds. */
  private static double[] timeQueries(
      SnippetIndex index, float[] queryVectors, int dim, int[][] ids) {
    long[] nanos = new long[ids.length];
    for (int q = 0; q < ids.length; q++) {
      float[] query = query(queryVectors, q, dim);
      long start = System.nanoTime();
      List<Neighbour> hits = index.search(query, K);
      nanos[q] = System.nanoTime() - start;
      ids[q] = hits.stream().mapToInt(Neighbour::id).toArray();
    }
    Arrays.sort(nanos);
    return new double[] {percentile(nanos, 0.50) / 1e3, percentile(nanos, 0.99) / 1e3};
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(long[] sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Mean over queries of |found ∩ truth| / |truth|. */
  static double recall(int[][] truth, int[][] found) {
    double sum = 0;
    for (int q = 0; q < truth.length; q++) {
      int[] expected = truth[q].clone();
      Arrays.sort(expected);
      int hits = 0;
      for (int id : found[q]) {
        if (Arrays.binarySearch(expected, id) >= 0) {
          hits++;
        }
      }
      sum += expected.length == 0 ? 1 : (double) hits / expected.length;
    }
    return sum / truth.length;
  }

  private static float[] query(float[] queryVectors, int q, int dim) {
    return Arrays.copyOfRange(queryVectors, q * dim, (q + 1) * dim);
  }

  private static int clustersFor(int size) {
    return Math.max(1, Math.min(MAX_CLUSTERS, size / VECTORS_PER_CLUSTER));
  }

  /**
   * {@code n} clustered unit vectors of {@code dim} floats, row-major, the same for the same seed;
   * the distribution the benchmark indexes, exposed for tests.
   */
  static float[] clusteredUnitVectors(int n, int dim, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] centres = unitVectors(clustersFor(n), dim, random);
    return sampleAround(centres, n, dim, random);
  }

  private static float[] unitVectors(int n, int dim, SplittableRandom random) {
    float[] out = new float[n * dim];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    normaliseRows(out, dim);
    return out;
  }

  /** Each row: a random centre plus Gaussian noise of expected length NOISE_NORM, normalised. */
  private static float[] sampleAround(float[] centres, int n, int dim, SplittableRandom random) {
    int clusters = centres.length / dim;
    double sigma = NOISE_NORM / Math.sqrt(dim);
    float[] out = new float[n * dim];
    for (int row = 0, offset = 0; row < n; row++, offset += dim) {
      int centre = random.nextInt(clusters) * dim;
      for (int j = 0; j < dim; j++) {
        out[offset + j] = (float) (centres[centre + j] + sigma * random.nextGaussian());
      }
    }
    normaliseRows(out, dim);
    return out;
  }

  private static void normaliseRows(float[] flat, int dim) {
    for (int offset = 0; offset < flat.length; offset += dim) {
      float norm = (float) Math.sqrt(VectorMath.dot(flat, offset, flat, offset, dim));
      for (int j = 0; j < dim; j++) {
        flat[offset + j] /= norm;
      }
    }
  }

  /** Renders rows as a Markdown table; skipped HNSW cells read "skipped". */
  public static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| vectors | exact p50 (µs) | exact p99 (µs) | HNSW build (s) | HNSW p50 (µs)")
        .append(" | HNSW p99 (µs) | recall@10 |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %,d ", row.size()))
          .append(cell(row.exactP50Micros(), "%.0f"))
          .append(cell(row.exactP99Micros(), "%.0f"))
          .append(cell(row.hnswBuildSeconds(), "%.1f"))
          .append(cell(row.hnswP50Micros(), "%.0f"))
          .append(cell(row.hnswP99Micros(), "%.0f"))
          .append(cell(row.recallAt10(), "%.3f"))
          .append("|\n");
    }
    return out.toString();
  }

  private static String cell(double value, String format) {
    return "| " + (Double.isNaN(value) ? "skipped" : String.format(Locale.ROOT, format, value)) + " ";
  }

  /**
   * Command line: {@code IndexBenchmark [sizes, comma-separated; 100000] [hnswMaxSize; 1000000]
   * [queries; 200]}, 32-d vectors, default HNSW config. Progress goes to stderr, the table to stdout.
   */
  public static void main(String[] args) {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "100000").split(","))
            .mapToInt(s -> (int) Double.parseDouble(s.trim()))
            .toArray();
    int hnswMax = args.length > 1 ? (int) Double.parseDouble(args[1]) : 1_000_000;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    List<Row> rows =
        run(sizes, 32, queries, hnswMax, HnswConfig.defaults(), 1L, System.err::println);
    System.out.print(markdown(rows));
  }
}
