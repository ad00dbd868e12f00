package org.leggio.matcher.identify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Approximate nearest-snippet search over a Lucene HNSW graph, used standalone (no Lucene index or
 * Directory). Vectors live row-major in one float array that Lucene scores directly, so nothing is
 * copied per vector. Graph navigation uses Lucene's {@code DOT_PRODUCT} score {@code (1 + dot) / 2};
 * the returned {@link Neighbour#similarity()} is the exact dot product recomputed for each hit.
 *
 * <p>Cost: building is single-threaded on the caller's thread, roughly {@code O(size * log(size))}
 * distance computations (minutes for 10^6 vectors); memory is the vectors plus about {@code size *
 * 2M * 8} bytes of graph. A query visits a few thousand vectors instead of all of them.
 *
 * <p>Immutable and thread-safe once {@link #build} returns; see {@link SnippetIndex}.
 */
public final class HnswSnippetIndex implements SnippetIndex {

  /** How many vectors are added between two progress reports during a build. */
  public static final int PROGRESS_INTERVAL = 10_000;

  private final float[] vectors;
  private final int dimension;
  private final int size;
  private final HnswConfig config;
  private final OnHeapHnswGraph graph;

  private HnswSnippetIndex(
      float[] vectors, int dimension, int size, HnswConfig config, OnHeapHnswGraph graph) {
    this.vectors = vectors;
    this.dimension = dimension;
    this.size = size;
    this.config = config;
    this.graph = graph;
  }

  /**
   * Copies {@code flatVectors} (vector i at {@code [i*dimension, (i+1)*dimension)}, id i) and builds
   * the graph on the calling thread.
   *
   * @param progress told the number of vectors added so far, every {@link #PROGRESS_INTERVAL} and
   *     once at the end; called on the building thread
   * @throws IllegalArgumentException if {@code dimension < 1}, the length is not a multiple of it, or
   *     a value is NaN or infinite
   */
  public static HnswSnippetIndex build(
      float[] flatVectors, int dimension, HnswConfig config, IntConsumer progress) {
    VectorMath.checkFlat(flatVectors, dimension);
    return adopt(Arrays.copyOf(flatVectors, flatVectors.length), dimension, config, progress);
  }

  /** Like {@link #build} but adopts the array without copying; the caller must never modify it. */
  static HnswSnippetIndex adopt(
      float[] flatVectors, int dimension, HnswConfig config, IntConsumer progress) {
    int size = VectorMath.checkFlat(flatVectors, dimension);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(progress, "progress");
    try {
      OnHeapHnswGraph graph = buildGraph(flatVectors, dimension, size, config, progress);
      return new HnswSnippetIndex(flatVectors, dimension, size, config, graph);
    } catch (IOException e) {
      throw new UncheckedIOException("HNSW build failed", e); // our scorers never do I/O
    }
  }

  private static OnHeapHnswGraph buildGraph(
      float[] vectors, int dimension, int size, HnswConfig config, IntConsumer progress)
      throws IOException {
    HnswGraphBuilder builder =
        HnswGraphBuilder.create(
            new FlatScorerSupplier(vectors, dimension, size),
            config.maxConnections(),
            config.beamWidth(),
            config.seed(),
            size);
    // Node by node rather than builder.build(size), only so that progress can be reported.
    for (int node = 0; node < size; node++) {
      builder.addGraphNode(node);
      if ((node + 1) % PROGRESS_INTERVAL == 0) {
        progress.accept(node + 1);
      }
    }
    if (size % PROGRESS_INTERVAL != 0) {
      progress.accept(size);
    }
    return builder.getCompletedGraph();
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
    return "hnsw";
  }

  public HnswConfig config() {
    return config;
  }

  /** Lucene's estimate of the graph's heap use in bytes, excluding the vectors. */
  public long graphRamBytes() {
    return graph.ramBytesUsed();
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    VectorMath.checkQuery(query, dimension, k);
    if (size == 0) {
      return List.of();
    }
    ScoreDoc[] found = searchGraph(query, Math.max(k, config.searchCandidates()));
    TopK top = new TopK(Math.min(k, found.length));
    for (ScoreDoc hit : found) {
      // Recomputed rather than inverted from Lucene's score: (1 + dot) / 2 loses float precision.
      top.offer(hit.doc, VectorMath.dot(query, 0, vectors, hit.doc * dimension, dimension));
    }
    return top.drainSorted();
  }

  private ScoreDoc[] searchGraph(float[] query, int candidates) {
    try {
      // This overload is the thread-safe one: it walks OnHeapHnswGraph's neighbour arrays with a
      // per-call cursor, whereas HnswGraph.seek/nextNeighbor keep the cursor in the shared graph.
      KnnCollector collector =
          HnswGraphSearcher.search(
              new FlatScorer(query, 0, vectors, dimension, size),
              candidates,
              graph,
              null,
              Integer.MAX_VALUE);
      return collector.topDocs().scoreDocs;
    } catch (IOException e) {
      throw new UncheckedIOException("HNSW search failed", e); // our scorers never do I/O
    }
  }

  @Override
  public String toString() {
    return "HnswSnippetIndex[size=" + size + ", dimension=" + dimension + ", " + config + "]";
  }

  /** Lucene's DOT_PRODUCT score for unit vectors: the dot product mapped from [-1, 1] to [0, 1]. */
  static float luceneDotProductScore(float dot) {
    return Math.max((1 + dot) / 2, 0);
  }

  /**
   * Scores one vector (the query, or an indexed vector while building) against indexed vectors.
   * Holds no mutable state, so one instance may serve several threads.
   */
  static final class FlatScorer implements RandomVectorScorer {
    private final float[] query;
    private final int queryOffset;
    private final float[] vectors;
    private final int dimension;
    private final int size;

    FlatScorer(float[] query, int queryOffset, float[] vectors, int dimension, int size) {
      this.query = query;
      this.queryOffset = queryOffset;
      this.vectors = vectors;
      this.dimension = dimension;
      this.size = size;
    }

    @Override
    public float score(int node) {
      float dot = VectorMath.dot(query, queryOffset, vectors, node * dimension, dimension);
      return luceneDotProductScore(dot);
    }

    @Override
    public int maxOrd() {
      return size;
    }
  }

  /** Hands Lucene's builder a scorer for "indexed vector {@code ord} against the others". */
  static final class FlatScorerSupplier implements RandomVectorScorerSupplier {
    private final float[] vectors;
    private final int dimension;
    private final int size;

    FlatScorerSupplier(float[] vectors, int dimension, int size) {
      this.vectors = vectors;
      this.dimension = dimension;
      this.size = size;
    }

    @Override
    public RandomVectorScorer scorer(int ord) {
      return new FlatScorer(vectors, ord * dimension, vectors, dimension, size);
    }

    @Override
    public RandomVectorScorerSupplier copy() {
      return this; // stateless, so sharing is as good as copying
    }
  }
}
