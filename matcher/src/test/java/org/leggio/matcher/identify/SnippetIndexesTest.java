package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SnippetIndexesTest {

  private static final int DIM = 32;
  private final float[] flat = IndexBenchmark.clusteredUnitVectors(100, DIM, 21);

  @Test
  void exactBelowTheThresholdHnswAtOrAboveIt() {
    HnswConfig cfg = HnswConfig.defaults();

    assertThat(SnippetIndexes.create(flat, DIM, 101, cfg)).isInstanceOf(ExactSnippetIndex.class);
    assertThat(SnippetIndexes.create(flat, DIM, 100, cfg)).isInstanceOf(HnswSnippetIndex.class);
    assertThat(SnippetIndexes.create(flat, DIM, 0, cfg).kind()).isEqualTo("hnsw");
    assertThat(SnippetIndexes.create(flat, DIM).kind()).isEqualTo("exact");
  }

  @Test
  void bothKindsFindTheSameVector() {
    float[] query = Arrays.copyOfRange(flat, 42 * DIM, 43 * DIM);
    for (int threshold : new int[] {0, 1_000}) {
      SnippetIndex index = SnippetIndexes.create(flat, DIM, threshold, HnswConfig.defaults());
      assertThat(index.search(query, 3).get(0).id()).as(index.kind()).isEqualTo(42);
    }
  }

  @Test
  void aNegativeThresholdIsRejected() {
    assertThatThrownBy(() -> SnippetIndexes.create(flat, DIM, -1, HnswConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hnswThreshold");
  }
}
