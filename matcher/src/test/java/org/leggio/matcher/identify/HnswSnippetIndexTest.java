package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HnswSnippetIndexTest {

  private static final int DIM = 32;
  private static final int SIZE = 5_000;
  private static final int QUERIES = 100;

  private static float[] data;
  private static float[] queries;
  private static ExactSnippetIndex exact;
  private static HnswSnippetIndex hnsw;
  private static final List<Integer> progress = new ArrayList<>();

  @BeforeAll
  static void buildOnce() {
    data = IndexBenchmark.clusteredUnitVectors(SIZE, DIM, 11);
    queries = IndexBenchmark.clusteredUnitVectors(QUERIES, DIM, 12);
    exact = ExactSnippetIndex.of(data, DIM);
    hnsw = HnswSnippetIndex.build(data, DIM, HnswConfig.defaults(), progress::add);
  }

  @AfterAll
  static void release() {
    data = null;
    exact = null;
    hnsw = null;
  }

  private static float[] row(float[] flat, int i) {
    return Arrays.copyOfRange(flat, i * DIM, (i + 1) * DIM);
  }

  @Test
  void recallAt10AgainstExactIsAtLeastPointNine() {
    int[][] truth = new int[QUERIES][];
    int[][] found = new int[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      truth[q] = exact.search(row(queries, q), 10).stream().mapToInt(Neighbour::id).toArray();
      found[q] = hnsw.search(row(queries, q), 10).stream().mapToInt(Neighbour::id).toArray();
    }
    assertThat(IndexBenchmark.recall(truth, found)).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void anIndexedVectorIsFoundFirstWithSimilarityOne() {
    for (int id = 0; id < SIZE; id += 250) {
      List<Neighbour> hits = hnsw.search(row(data, id), 10);
      assertThat(hits.get(0).id()).as("query = vector %d", id).isEqualTo(id);
      assertThat(hits.get(0).similarity()).isCloseTo(1f, within(1e-5f));
    }
  }

  @Test
  void similaritiesAreExactDotProductsBestFirst() {
    float[] query = row(queries, 0);
    List<Neighbour> hits = hnsw.search(query, 10);

    assertThat(hits).hasSize(10);
    assertThat(hits)
        .extracting(Neighbour::similarity)
        .isSortedAccordingTo(Comparator.reverseOrder());
    for (Neighbour hit : hits) {
      assertThat(hit.similarity()).isEqualTo(VectorMath.dot(query, 0, data, hit.id() * DIM, DIM));
    }
  }

  @Test
  void kAboveSearchCandidatesWidensTheSearch() {
    assertThat(hnsw.search(row(queries, 1), 300)).hasSize(300);
  }

  @Test
  void concurrentSearchesAgreeWithSequentialOnes() throws Exception {
    List<List<Neighbour>> sequential = new ArrayList<>();
    for (int q = 0; q < QUERIES; q++) {
      sequential.add(hnsw.search(row(queries, q), 10));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Neighbour>>> futures = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (int q = 0; q < QUERIES; q++) {
          float[] query = row(queries, q);
          futures.add(pool.submit(() -> hnsw.search(query, 10)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(sequential.get(i % QUERIES));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void progressIsReportedAtTheEnd() {
    assertThat(progress).containsExactly(SIZE);
    assertThat(hnsw.size()).isEqualTo(SIZE);
    assertThat(hnsw.kind()).isEqualTo("hnsw");
    assertThat(hnsw.graphRamBytes()).isPositive();
  }

  @Test
  void scoresMatchLuceneDotProductSimilarity() {
    float[] a = row(data, 1);
    float[] b = row(data, 2);
    float expected = VectorSimilarityFunction.DOT_PRODUCT.compare(a, b);
    HnswSnippetIndex.FlatScorer scorer = new HnswSnippetIndex.FlatScorer(a, 0, data, DIM, SIZE);

    assertThat(scorer.score(2)).isCloseTo(expected, within(1e-6f));
  }

  @Test
  void tinyAndEmptyIndexesWork() {
    List<Integer> reports = new ArrayList<>();
    HnswSnippetIndex one = HnswSnippetIndex.build(row(data, 3), DIM, HnswConfig.defaults(), reports::add);
    HnswSnippetIndex none = HnswSnippetIndex.build(new float[0], DIM, HnswConfig.defaults(), i -> {});

    assertThat(one.search(row(data, 3), 5)).extracting(Neighbour::id).containsExactly(0);
    assertThat(none.search(row(data, 3), 5)).isEmpty();
    assertThat(reports).containsExactly(1);
  }

  @Test
  void badQueriesAreRejected() {
    float[] nan = new float[DIM];
    nan[0] = Float.NaN;
    assertThatThrownBy(() -> hnsw.search(new float[DIM + 1], 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 33");
    assertThatThrownBy(() -> hnsw.search(new float[DIM], -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> hnsw.search(nan, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void configIsValidated() {
    assertThat(HnswConfig.defaults())
        .isEqualTo(new HnswConfig(16, 100, 100, 42L));
    assertThat(HnswConfig.defaults().withSearchCandidates(7).searchCandidates()).isEqualTo(7);
    assertThatThrownBy(() -> new HnswConfig(0, 100, 100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(() -> new HnswConfig(16, 5000, 100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beamWidth");
    assertThatThrownBy(() -> new HnswConfig(16, 100, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("searchCandidates");
  }
}
