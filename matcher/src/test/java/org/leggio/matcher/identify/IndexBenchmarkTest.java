package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexBenchmarkTest {

  @Test
  void tinyRunMeasuresExactIvfAndHnswUpToItsMaximumAndSkipsAbove() {
    List<String> progress = new ArrayList<>();
    List<IndexBenchmark.Row> rows =
        IndexBenchmark.run(
            new int[] {300, 1_200},
            16,
            20,
            1_000,
            HnswConfig.defaults(),
            IvfConfig.defaults().withThreads(2),
            7,
            progress::add);

    assertThat(rows).extracting(IndexBenchmark.Row::size).containsExactly(300, 1_200);
    IndexBenchmark.Row measured = rows.get(0);
    assertThat(measured.queries()).isEqualTo(20);
    assertThat(measured.exactQueries()).isEqualTo(20);
    assertThat(measured.hnswSkipped()).isFalse();
    assertThat(measured.hnswRecallAt10()).isBetween(0.0, 1.0);
    assertThat(measured.exactP50Micros()).isPositive().isLessThanOrEqualTo(measured.exactP99Micros());
    assertThat(measured.hnswP50Micros()).isPositive().isLessThanOrEqualTo(measured.hnswP99Micros());
    assertThat(measured.hnswBuildSeconds()).isPositive();
    assertThat(measured.ivfLists()).isPositive();
    assertThat(measured.ivfBuildSeconds()).isPositive();
    assertThat(measured.ivfP50Micros()).isPositive().isLessThanOrEqualTo(measured.ivfP99Micros());
    assertThat(measured.ivfRecallAt10()).isBetween(0.0, 1.0);

    IndexBenchmark.Row skipped = rows.get(1);
    assertThat(skipped.hnswSkipped()).isTrue();
    assertThat(skipped.exactP50Micros()).isPositive();
    assertThat(skipped.ivfRecallAt10()).isBetween(0.0, 1.0);
    assertThat(skipped.hnswRecallAt10()).isNaN();
    assertThat(skipped.hnswP50Micros()).isNaN();
    assertThat(progress).anyMatch(line -> line.contains("HNSW skipped"));
    assertThat(progress).anyMatch(line -> line.contains("IVF k-means iteration"));

    String table = IndexBenchmark.markdown(rows);
    assertThat(table)
        .startsWith("| vectors |")
        .contains("| 1,200 |")
        .contains("[20]")
        .contains("| skipped ");
    assertThat(table.lines()).hasSize(4);
    assertThat(table.lines()).allSatisfy(line -> assertThat(line.split("\\|", -1)).hasSize(11));
  }

  @Test
  void theExactScanIsTimedOnFewerQueriesAtLargeSizes() {
    assertThat(IndexBenchmark.exactQueries(1_000, 1_000)).isEqualTo(1_000);
    assertThat(IndexBenchmark.exactQueries(1_000_000, 1_000)).isEqualTo(1_000);
    assertThat(IndexBenchmark.exactQueries(10_000_000, 1_000)).isEqualTo(100);
    assertThat(IndexBenchmark.exactQueries(200_000_000, 1_000))
        .isEqualTo(IndexBenchmark.MIN_EXACT_QUERIES);
    assertThat(IndexBenchmark.exactQueries(200_000_000, 3)).isEqualTo(3);
  }

  @Test
  void generatedVectorsAreUnitLengthAndDeterministic() {
    float[] a = IndexBenchmark.clusteredUnitVectors(50, 32, 3);
    assertThat(a).containsExactly(IndexBenchmark.clusteredUnitVectors(50, 32, 3));
    for (int i = 0; i < 50; i++) {
      assertThat(VectorMath.dot(a, i * 32, a, i * 32, 32)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void recallAndPercentilesAreComputedAsDocumented() {
    assertThat(IndexBenchmark.recall(new int[][] {{1, 2}, {3, 4}}, new int[][] {{2, 9}, {4, 3}}))
        .isEqualTo(0.75);
    assertThat(IndexBenchmark.percentile(new long[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    assertThat(IndexBenchmark.percentile(new long[] {1, 2, 3, 4}, 0.99)).isEqualTo(4);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(
            () -> IndexBenchmark.run(new int[0], 32, 10, 10, HnswConfig.defaults(), 1, s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no sizes");
    assertThatThrownBy(
            () ->
                IndexBenchmark.run(
                    new int[] {100_000_000}, 32, 10, 10, HnswConfig.defaults(), 1, s -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }
}
