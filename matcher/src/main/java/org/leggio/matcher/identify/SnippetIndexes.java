package org.leggio.matcher.identify;

import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and builds the {@link SnippetIndex} suited to a library's size. By default ({@link
 * Policy#defaults()}): an exact scan below {@value #DEFAULT_IVF_THRESHOLD} vectors, an {@link
 * IvfSnippetIndex} from there on; HNSW only when asked for ({@link #create(float[], int, int,
 * HnswConfig)} or a {@link Policy} with an HNSW threshold). Measurements behind these choices:
 * docs/benchmarks.md, "Snippet index at 10³…10⁷".
 */
public final class SnippetIndexes {

  /**
   * Libraries of at least this many vectors get an IVF index by default, smaller ones an exact
   * scan, which is exact and needs no build. Measured on the development machine ({@code leggio
   * bench index}, 32 floats per vector): an exact search costs 0.2 ms at 10^4 vectors and 2.2 ms at
   * 10^5, so about 1 ms here — the whole per-embedding budget of a session; IVF at 10^5 answers in
   * 55 µs with recall@10 1.000 on clustered vectors, for a build of 4 s.
   */
  public static final int DEFAULT_IVF_THRESHOLD = 50_000;

  /**
   * HNSW is never chosen by default: Lucene's graph build is single-threaded (28 s for 10^5
   * vectors, 34 min for 10^6 here) and its queries were slower than IVF's (312 against 55 µs at
   * 10^5). It stays available through {@link #create(float[], int, int, HnswConfig)} and {@link
   * Policy}. ({@code Integer.MAX_VALUE}: no library reaches it.)
   */
  public static final int DEFAULT_HNSW_THRESHOLD = Integer.MAX_VALUE;

  /** The search methods {@link SnippetIndexes} builds, by their {@link SnippetIndex#kind()}. */
  public enum Kind {
    EXACT("exact"),
    IVF("ivf"),
    HNSW("hnsw");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The {@link SnippetIndex#kind()} of indexes of this kind. */
    public String label() {
      return label;
    }
  }

  /**
   * Which index a library gets by size: HNSW from {@code hnswThreshold} vectors on, else IVF from
   * {@code ivfThreshold} on, else an exact scan.
   *
   * @param ivfThreshold the size from which IVF is used (unless HNSW is), at least 0
   * @param hnswThreshold the size from which HNSW is used, at least 0; {@link
   *     #DEFAULT_HNSW_THRESHOLD} for never
   * @param ivf the IVF parameters, used only when IVF is chosen
   * @param hnsw the HNSW parameters, used only when HNSW is chosen
   */
  public record Policy(int ivfThreshold, int hnswThreshold, IvfConfig ivf, HnswConfig hnsw) {

    public Policy {
      if (hnswThreshold < 0) {
        throw new IllegalArgumentException("hnswThreshold must be >= 0, was " + hnswThreshold);
      }
      if (ivfThreshold < 0) {
        throw new IllegalArgumentException("ivfThreshold must be >= 0, was " + ivfThreshold);
      }
      Objects.requireNonNull(ivf, "ivf");
      Objects.requireNonNull(hnsw, "hnsw");
    }

    /** Exact below {@value #DEFAULT_IVF_THRESHOLD} vectors, IVF (default config) from there on. */
    public static Policy defaults() {
      return new Policy(
          DEFAULT_IVF_THRESHOLD,
          DEFAULT_HNSW_THRESHOLD,
          IvfConfig.defaults(),
          HnswConfig.defaults());
    }

    /** The rule before IVF existed: exact below {@code hnswThreshold} vectors, HNSW from it on. */
    public static Policy exactOrHnsw(int hnswThreshold, HnswConfig hnsw) {
      return new Policy(hnswThreshold, hnswThreshold, IvfConfig.defaults(), hnsw);
    }

    /** This policy with IVF from {@code threshold} vectors on. */
    public Policy withIvfThreshold(int threshold) {
      return new Policy(threshold, hnswThreshold, ivf, hnsw);
    }

    /** This policy with HNSW from {@code threshold} vectors on. */
    public Policy withHnswThreshold(int threshold) {
      return new Policy(ivfThreshold, threshold, ivf, hnsw);
    }

    /** The kind of index a library of {@code size} vectors gets. */
    public Kind kindFor(int size) {
      if (size >= hnswThreshold) {
        return Kind.HNSW;
      }
      return size >= ivfThreshold ? Kind.IVF : Kind.EXACT;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SnippetIndexes.class);
  private static final int LOG_INTERVAL = 100_000;
  private static final int IVF_LOG_INTERVAL = 1_000_000;

  private SnippetIndexes() {}

  /**
   * Builds the index {@code policy} chooses for the library's size. Copies {@code flat}; an IVF
   * build uses the policy's build threads and blocks until done, an HNSW build runs on the calling
   * thread; both log their progress.
   *
   * @param flat unit vectors, row-major, {@code dim} floats each; vector i gets id i
   * @throws IllegalArgumentException on a malformed array
   */
  public static SnippetIndex create(float[] flat, int dim, Policy policy) {
    Objects.requireNonNull(policy, "policy");
    int size = VectorMath.checkFlat(flat, dim);
    return switch (policy.kindFor(size)) {
      case EXACT -> ExactSnippetIndex.of(flat, dim);
      case IVF -> buildIvf(flat, dim, size, policy.ivf());
      case HNSW -> buildHnsw(flat, dim, size, policy.hnsw());
    };
  }

  /**
   * Builds an {@link ExactSnippetIndex} when the library holds fewer than {@code hnswThreshold}
   * vectors, an {@link HnswSnippetIndex} otherwise (never IVF): the explicit way to get HNSW. Copies
   * {@code flat}; an HNSW build runs on the calling thread and logs its progress.
   *
   * @param flat unit vectors, row-major, {@code dim} floats each; vector i gets id i
   * @param hnswThreshold the size from which HNSW is used, at least 0 (0 = always HNSW)
   * @param cfg the HNSW parameters, used only when HNSW is chosen
   * @throws IllegalArgumentException on a malformed array or a negative threshold
   */
  public static SnippetIndex create(float[] flat, int dim, int hnswThreshold, HnswConfig cfg) {
    Objects.requireNonNull(cfg, "cfg");
    return create(flat, dim, Policy.exactOrHnsw(hnswThreshold, cfg));
  }

  /**
   * Builds an {@link ExactSnippetIndex} when the library holds fewer than {@code ivfThreshold}
   * vectors, an {@link IvfSnippetIndex} with {@code cfg} otherwise.
   *
   * @throws IllegalArgumentException on a malformed array or a negative threshold
   */
  public static SnippetIndex create(float[] flat, int dim, int ivfThreshold, IvfConfig cfg) {
    Objects.requireNonNull(cfg, "cfg");
    return create(
        flat,
        dim,
        new Policy(ivfThreshold, DEFAULT_HNSW_THRESHOLD, cfg, HnswConfig.defaults()));
  }

  /** {@link #create(float[], int, Policy)} with {@link Policy#defaults()}. */
  public static SnippetIndex create(float[] flat, int dim) {
    return create(flat, dim, Policy.defaults());
  }

  private static SnippetIndex buildIvf(float[] flat, int dim, int size, IvfConfig cfg) {
    LOG.info("Building IVF index over {} vectors of {} floats ({})", size, dim, cfg);
    long start = System.nanoTime();
    IvfSnippetIndex index =
        IvfSnippetIndex.build(
            flat,
            dim,
            cfg,
            (stage, done, total) -> {
              if (stage == IvfSnippetIndex.Stage.TRAINING) {
                LOG.debug("IVF build: k-means iteration {} of {}", done, total);
              } else if (done % IVF_LOG_INTERVAL < IvfSnippetIndex.CHUNK && done > 0) {
                LOG.info("IVF build: {} of {} vectors assigned", done, total);
              }
            });
    LOG.info(
        "IVF index built in {} s: {} lists, {} MiB",
        seconds(start),
        index.lists(),
        index.ramBytes() >> 20);
    return index;
  }

  private static SnippetIndex buildHnsw(float[] flat, int dim, int size, HnswConfig cfg) {
    LOG.info("Building HNSW index over {} vectors of {} floats ({})", size, dim, cfg);
    long start = System.nanoTime();
    HnswSnippetIndex index =
        HnswSnippetIndex.build(
            flat,
            dim,
            cfg,
            added -> {
              if (added % LOG_INTERVAL == 0) {
                LOG.info("HNSW build: {} of {} vectors added", added, size);
              }
            });
    LOG.info("HNSW index built in {} s, graph {} MiB", seconds(start), index.graphRamBytes() >> 20);
    return index;
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
