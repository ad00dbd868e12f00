package org.leggio.matcher.identify;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses and builds the {@link SnippetIndex} suited to a library's size. */
public final class SnippetIndexes {

  /**
   * Libraries smaller than this are scanned exactly: below about 10^6 vectors of 32 floats a scan
   * is fast enough per query, exact, and needs no minutes-long graph build.
   */
  public static final int DEFAULT_HNSW_THRESHOLD = 1_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(SnippetIndexes.class);
  private static final int LOG_INTERVAL = 100_000;

  private SnippetIndexes() {}

  /**
   * Builds an {@link ExactSnippetIndex} when the library holds fewer than {@code hnswThreshold}
   * vectors, an {@link HnswSnippetIndex} otherwise. Copies {@code flat}; an HNSW build runs on the
   * calling thread and logs its progress.
   *
   * @param flat unit vectors, row-major, {@code dim} floats each; vector i gets id i
   * @param hnswThreshold the size from which HNSW is used, at least 0 (0 = always HNSW)
   * @param cfg the HNSW parameters, used only when HNSW is chosen
   * @throws IllegalArgumentException on a malformed array or a negative threshold
   */
  public static SnippetIndex create(float[] flat, int dim, int hnswThreshold, HnswConfig cfg) {
    Objects.requireNonNull(cfg, "cfg");
    if (hnswThreshold < 0) {
      throw new IllegalArgumentException("hnswThreshold must be >= 0, was " + hnswThreshold);
    }
    int size = VectorMath.checkFlat(flat, dim);
    if (size < hnswThreshold) {
      return ExactSnippetIndex.of(flat, dim);
    }
    return buildHnsw(flat, dim, size, cfg);
  }

  /** {@link #create(float[], int, int, HnswConfig)} with the default threshold and config. */
  public static SnippetIndex create(float[] flat, int dim) {
    return create(flat, dim, DEFAULT_HNSW_THRESHOLD, HnswConfig.defaults());
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
    LOG.info(
        "HNSW index built in {} s, graph {} MiB",
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
        index.graphRamBytes() >> 20);
    return index;
  }
}
