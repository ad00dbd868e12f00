package org.leggio.matcher.identify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures exact scan, IVF and HNSW on synthetic snippet embeddings: unit vectors drawn around
 * random cluster centres (about 500 vectors per cluster, roughly the snippets of one piece, at most
 * {@value #MAX_CLUSTERS} clusters), with deterministic seeds so runs are comparable. Per library
 * size it reports single-query latency of a top-10 search (p50/p99 in microseconds,
 * single-threaded, after a JIT warm-up), IVF and HNSW build time in seconds and their recall@10
 * against the exact answer.
 *
 * <p>The exact scan is timed on at most {@code 10^9 / size} queries (at least {@value
 * #MIN_EXACT_QUERIES}; 100 at 10^7, a quarter of a second each), which are also the queries recall
 * is computed on; IVF and HNSW are timed on all queries.
 *
 * <p>Memory: one {@code size * dimension} float array per size (1.28 GB for 10^7 x 32), shared by
 * the exact and HNSW indexes, plus IVF's reordered copy of it, so 10^7 needs about -Xmx4g. HNSW is
 * skipped above a maximum size because its single-threaded build takes half an hour at 10^6.
 * Threading: the IVF build uses {@link IvfConfig#threads()} threads, everything else runs on the
 * calling thread; concurrent runs (or a busy machine) distort each other's timings.
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
  private static final int IVF_WARMUP_QUERIES = 500;
  // The exact scan visits at most this many vectors in timed queries per size.
  private static final long EXACT_QUERY_BUDGET_VECTORS = 1_000_000_000L;
  static final int MIN_EXACT_QUERIES = 20;
  private static final int IVF_REPORT_INTERVAL = 1_000_000;
  private static final int MAX_EXACT_WARMUP_QUERIES = 1_000;
  private static final int BUILD_REPORT_INTERVAL = 100_000;

  /**
   * One library size. Latencies are in microseconds, build times in seconds, recall@10 is against
   * the exact answer over the first {@code exactQueries} queries; the HNSW fields are NaN where
   * HNSW was skipped.
   *
   * @param queries queries timed on IVF and HNSW
   * @param exactQueries queries timed on the exact scan (the first of them)
   * @param ivfLists the IVF index's non-empty lists
   */
  public record Row(
      int size,
      int queries,
      int exactQueries,
      double exactP50Micros,
      double exactP99Micros,
      int ivfLists,
      double ivfBuildSeconds,
      double ivfP50Micros,
      double ivfP99Micros,
      double ivfRecallAt10,
      double hnswBuildSeconds,
      double hnswP50Micros,
      double hnswP99Micros,
      double hnswRecallAt10) {

    public boolean hnswSkipped() {
      return Double.isNaN(hnswBuildSeconds);
    }
  }

  private IndexBenchmark() {}

  /** {@link #run(int[], int, int, int, HnswConfig, IvfConfig, long, Consumer)} with the default IVF. */
  public static List<Row> run(
      int[] sizes,
      int dimension,
      int queries,
      int hnswMaxSize,
      HnswConfig cfg,
      long seed,
      Consumer<String> progress) {
    return run(sizes, dimension, queries, hnswMaxSize, cfg, IvfConfig.defaults(), seed, progress);
  }

  /**
   * Runs the benchmark, one {@link Row} per entry of {@code sizes}: the exact scan, IVF, then HNSW
   * unless the size is above {@code hnswMaxSize}.
   *
   * @param sizes library sizes in vectors, each at least 1
   * @param dimension floats per vector
   * @param queries timed queries per size (fresh draws from the same clusters, not indexed vectors);
   *     the exact scan gets fewer at large sizes (see the class comment)
   * @param hnswMaxSize sizes above this skip HNSW
   * @param progress told what is happening, for long runs; called on the calling thread
   */
  public static List<Row> run(
      int[] sizes,
      int dimension,
      int queries,
      int hnswMaxSize,
      HnswConfig cfg,
      IvfConfig ivfCfg,
      long seed,
      Consumer<String> progress) {
    checkArguments(sizes, dimension, queries, cfg, progress);
    Objects.requireNonNull(ivfCfg, "ivfCfg");
    List<Row> rows = new ArrayList<>();
    for (int size : sizes) {
      rows.add(runOne(size, dimension, queries, hnswMaxSize, cfg, ivfCfg, seed, progress));
    }
    return List.copyOf(rows);
  }

  /** Queries the exact scan is timed on (and recall computed over) at a library size. */
  static int exactQueries(int size, int queries) {
    long budget = Math.max(MIN_EXACT_QUERIES, EXACT_QUERY_BUDGET_VECTORS / size);
    return (int) Math.min(queries, budget);
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
      IvfConfig ivfCfg,
      long seed,
      Consumer<String> progress) {
    SplittableRandom random = new SplittableRandom(seed ^ (size * 0x9E3779B97F4A7C15L));
    float[] centres = unitVectors(clustersFor(size), dim, random);
    float[] data = sampleAround(centres, size, dim, random);
    float[] queryVectors = sampleAround(centres, queries, dim, random);
    progress.accept(String.format(Locale.ROOT, "%,d vectors: generated", size));

    ExactSnippetIndex exact = ExactSnippetIndex.adopt(data, dim);
    warmUp(exact, queryVectors, dim, exactWarmUpQueries(size));
    int exactQueries = exactQueries(size, queries);
    int[][] truth = new int[exactQueries][];
    double[] exactMicros = timeQueries(exact, queryVectors, dim, truth);
    progress.accept(
        String.format(
            Locale.ROOT,
            "%,d vectors: exact p50 %.0f us (%,d queries)",
            size,
            exactMicros[0],
            exactQueries));
    Measured ivf = measureIvf(size, dim, ivfCfg, data, queryVectors, truth, progress);
    if (size > hnswMaxSize) {
      progress.accept(
          String.format(Locale.ROOT, "%,d vectors: HNSW skipped (above %,d)", size, hnswMaxSize));
      return row(size, queries, exactQueries, exactMicros, ivf, Measured.SKIPPED);
    }
    Measured hnsw = measureHnsw(size, dim, cfg, data, queryVectors, truth, progress);
    return row(size, queries, exactQueries, exactMicros, ivf, hnsw);
  }

  /** One approximate index's figures; NaN where skipped. */
  private record Measured(
      int lists, double buildSeconds, double p50Micros, double p99Micros, double recall) {
    static final Measured SKIPPED = new Measured(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private static Row row(
      int size, int queries, int exactQueries, double[] exactMicros, Measured ivf, Measured hnsw) {
    return new Row(
        size,
        queries,
        exactQueries,
        exactMicros[0],
        exactMicros[1],
        ivf.lists(),
        ivf.buildSeconds(),
        ivf.p50Micros(),
        ivf.p99Micros(),
        ivf.recall(),
        hnsw.buildSeconds(),
        hnsw.p50Micros(),
        hnsw.p99Micros(),
        hnsw.recall());
  }

  private static Measured measureIvf(
      int size,
      int dim,
      IvfConfig cfg,
      float[] data,
      float[] queryVectors,
      int[][] truth,
      Consumer<String> progress) {
    long start = System.nanoTime();
    IvfSnippetIndex ivf =
        IvfSnippetIndex.build(
            data,
            dim,
            cfg,
            (stage, done, total) -> {
              if (stage == IvfSnippetIndex.Stage.TRAINING) {
                progress.accept(
                    String.format(Locale.ROOT, "  IVF k-means iteration %d / %d", done, total));
              } else if (done >= IVF_REPORT_INTERVAL
                  && done % IVF_REPORT_INTERVAL < IvfSnippetIndex.CHUNK) {
                progress.accept(String.format(Locale.ROOT, "  IVF assigned %,d / %,d", done, total));
              }
            });
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    warmUp(ivf, queryVectors, dim, IVF_WARMUP_QUERIES);
    int[][] found = new int[queryVectors.length / dim][];
    double[] micros = timeQueries(ivf, queryVectors, dim, found);
    double recall = recall(truth, found);
    progress.accept(
        String.format(
            Locale.ROOT,
            "%,d vectors: IVF (%,d lists, nprobe %d) build %.1f s, p50 %.0f us, recall@10 %.3f",
            size,
            ivf.lists(),
            cfg.nprobe(),
            buildSeconds,
            micros[0],
            recall));
    return new Measured(ivf.lists(), buildSeconds, micros[0], micros[1], recall);
  }

  private static int exactWarmUpQueries(int size) {
    return (int) Math.max(1, Math.min(MAX_EXACT_WARMUP_QUERIES, WARMUP_VECTORS / size));
  }

  private static Measured measureHnsw(
      int size,
      int dim,
      HnswConfig cfg,
      float[] data,
      float[] queryVectors,
      int[][] truth,
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
    int[][] found = new int[queryVectors.length / dim][];
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
    return new Measured(0, buildSeconds, hnswMicros[0], hnswMicros[1], recall);
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

  /**
   * Mean over the queries of {@code truth} of |found ∩ truth| / |truth| ({@code found} may hold
   * more queries).
   */
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

  /**
   * Renders rows as a Markdown table, one line per size; skipped HNSW cells read "skipped". The
   * exact column also gives the number of queries it was timed on (and recall computed over).
   */
  public static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| vectors | exact p50 / p99 (µs) [queries] | IVF lists | IVF build (s)")
        .append(" | IVF p50 / p99 (µs) | IVF recall@10 | HNSW build (s) | HNSW p50 / p99 (µs)")
        .append(" | HNSW recall@10 |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %,d ", row.size()))
          .append(
              String.format(
                  Locale.ROOT,
                  "| %.0f / %.0f [%,d] ",
                  row.exactP50Micros(),
                  row.exactP99Micros(),
                  row.exactQueries()))
          .append(String.format(Locale.ROOT, "| %,d ", row.ivfLists()))
          .append(cell(row.ivfBuildSeconds(), "%.1f"))
          .append(pair(row.ivfP50Micros(), row.ivfP99Micros()))
          .append(cell(row.ivfRecallAt10(), "%.3f"))
          .append(cell(row.hnswBuildSeconds(), "%.1f"))
          .append(pair(row.hnswP50Micros(), row.hnswP99Micros()))
          .append(cell(row.hnswRecallAt10(), "%.3f"))
          .append("|\n");
    }
    return out.toString();
  }

  private static String pair(double p50, double p99) {
    return Double.isNaN(p50)
        ? "| skipped "
        : String.format(Locale.ROOT, "| %.0f / %.0f ", p50, p99);
  }

  private static String cell(double value, String format) {
    return "| " + (Double.isNaN(value) ? "skipped" : String.format(Locale.ROOT, format, value)) + " ";
  }

  /**
   * Command line: {@code IndexBenchmark [sizes, comma-separated; 100000] [hnswMaxSize; 100000]
   * [queries; 200]}, 32-d vectors, default IVF and HNSW configs. Progress goes to stderr, the table
   * to stdout. {@code leggio bench index} is the same with options.
   */
  public static void main(String[] args) {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "100000").split(","))
            .mapToInt(s -> (int) Double.parseDouble(s.trim()))
            .toArray();
    int hnswMax = args.length > 1 ? (int) Double.parseDouble(args[1]) : 100_000;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    List<Row> rows =
        run(sizes, 32, queries, hnswMax, HnswConfig.defaults(), 1L, System.err::println);
    System.out.print(markdown(rows));
  }
}
