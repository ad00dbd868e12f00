package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.leggio.matcher.identify.SnippetIndexes.Kind;
import org.leggio.matcher.identify.SnippetIndexes.Policy;

class SnippetIndexesTest {

  private static final int DIM = 32;
  private final float[] flat = IndexBenchmark.clusteredUnitVectors(100, DIM, 21);

  @Test
  void byDefaultExactBelowTheIvfThresholdIvfFromItAndNeverHnsw() {
    Policy defaults = Policy.defaults();

    assertThat(SnippetIndexes.create(flat, DIM).kind()).isEqualTo("exact");
    assertThat(defaults.kindFor(SnippetIndexes.DEFAULT_IVF_THRESHOLD - 1)).isEqualTo(Kind.EXACT);
    assertThat(defaults.kindFor(SnippetIndexes.DEFAULT_IVF_THRESHOLD)).isEqualTo(Kind.IVF);
    assertThat(defaults.kindFor(Integer.MAX_VALUE - 1)).isEqualTo(Kind.IVF);
    assertThat(defaults.ivf()).isEqualTo(IvfConfig.defaults());
  }

  @Test
  void ivfFromItsThreshold() {
    IvfConfig cfg = IvfConfig.defaults();

    assertThat(SnippetIndexes.create(flat, DIM, 101, cfg)).isInstanceOf(ExactSnippetIndex.class);
    SnippetIndex ivf = SnippetIndexes.create(flat, DIM, 100, cfg);
    assertThat(ivf).isInstanceOf(IvfSnippetIndex.class);
    assertThat(ivf.kind()).isEqualTo(Kind.IVF.label());
    assertThat(SnippetIndexes.create(flat, DIM, Policy.defaults().withIvfThreshold(0)).kind())
        .isEqualTo("ivf");
  }

  @Test
  void exactBelowTheThresholdHnswAtOrAboveItWhenHnswIsAskedFor() {
    HnswConfig cfg = HnswConfig.defaults();

    assertThat(SnippetIndexes.create(flat, DIM, 101, cfg)).isInstanceOf(ExactSnippetIndex.class);
    assertThat(SnippetIndexes.create(flat, DIM, 100, cfg)).isInstanceOf(HnswSnippetIndex.class);
    assertThat(SnippetIndexes.create(flat, DIM, 0, cfg).kind()).isEqualTo("hnsw");
    // HNSW wins where both thresholds are reached
    Policy both = Policy.defaults().withIvfThreshold(10).withHnswThreshold(50);
    assertThat(both.kindFor(9)).isEqualTo(Kind.EXACT);
    assertThat(both.kindFor(10)).isEqualTo(Kind.IVF);
    assertThat(both.kindFor(50)).isEqualTo(Kind.HNSW);
    assertThat(Policy.exactOrHnsw(50, cfg).kindFor(49)).isEqualTo(Kind.EXACT);
    assertThat(Policy.exactOrHnsw(50, cfg).kindFor(50)).isEqualTo(Kind.HNSW);
  }

  @Test
  void everyKindFindsTheSameVector() {
    float[] query = Arrays.copyOfRange(flat, 42 * DIM, 43 * DIM);
    for (Policy policy :
        new Policy[] {
          Policy.defaults(),
          Policy.defaults().withIvfThreshold(0),
          Policy.exactOrHnsw(0, HnswConfig.defaults())
        }) {
      SnippetIndex index = SnippetIndexes.create(flat, DIM, policy);
      assertThat(index.search(query, 3).get(0).id()).as(index.kind()).isEqualTo(42);
    }
  }

  @Test
  void negativeThresholdsAndMissingConfigsAreRejected() {
    assertThatThrownBy(() -> SnippetIndexes.create(flat, DIM, -1, HnswConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hnswThreshold");
    assertThatThrownBy(() -> SnippetIndexes.create(flat, DIM, -1, IvfConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ivfThreshold");
    assertThatThrownBy(() -> new Policy(0, 0, null, HnswConfig.defaults()))
        .isInstanceOf(NullPointerException.class);
  }
}
