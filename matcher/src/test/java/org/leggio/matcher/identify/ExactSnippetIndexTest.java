package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactSnippetIndexTest {

  private static final int DIM = 32;

  private static float[] vector(float[] flat, int id) {
    return Arrays.copyOfRange(flat, id * DIM, (id + 1) * DIM);
  }

  @Test
  void aQueryEqualToAnIndexedVectorFindsItFirstWithSimilarityOne() {
    float[] flat = IndexBenchmark.clusteredUnitVectors(200, DIM, 1);
    ExactSnippetIndex index = ExactSnippetIndex.of(flat, DIM);

    List<Neighbour> hits = index.search(vector(flat, 37), 5);

    assertThat(hits).hasSize(5);
    assertThat(hits.get(0).id()).isEqualTo(37);
    assertThat(hits.get(0).similarity()).isCloseTo(1f, within(1e-5f));
    assertThat(index.size()).isEqualTo(200);
    assertThat(index.dimension()).isEqualTo(DIM);
    assertThat(index.kind()).isEqualTo("exact");
  }

  @Test
  void resultsMatchABruteForceSortBestFirst() {
    float[] flat = IndexBenchmark.clusteredUnitVectors(500, DIM, 2);
    float[] query = IndexBenchmark.clusteredUnitVectors(1, DIM, 3);
    ExactSnippetIndex index = ExactSnippetIndex.of(flat, DIM);

    List<Neighbour> hits = index.search(query, 20);

    List<Integer> expected =
        IntStream.range(0, 500)
            .boxed()
            .sorted(Comparator.comparingDouble(id -> -VectorMath.dot(query, 0, flat, id * DIM, DIM)))
            .limit(20)
            .toList();
    assertThat(hits).extracting(Neighbour::id).containsExactlyElementsOf(expected);
    assertThat(hits)
        .extracting(Neighbour::similarity)
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void equalSimilaritiesAreOrderedByLowerId() {
    float[] flat = new float[6 * 2];
    float[][] rows = {{0, 1}, {1, 0}, {0.6f, 0.8f}, {1, 0}, {0.8f, 0.6f}, {1, 0}};
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, 2 * i, 2);
    }
    ExactSnippetIndex index = ExactSnippetIndex.of(flat, 2);

    assertThat(index.search(new float[] {1, 0}, 4))
        .extracting(Neighbour::id)
        .containsExactly(1, 3, 5, 4);
    // Only two of the three equal best fit: the lower ids win.
    assertThat(index.search(new float[] {1, 0}, 2)).extracting(Neighbour::id).containsExactly(1, 3);
  }

  @Test
  void kLargerThanTheIndexReturnsEverything() {
    float[] flat = IndexBenchmark.clusteredUnitVectors(7, DIM, 4);
    assertThat(ExactSnippetIndex.of(flat, DIM).search(vector(flat, 0), 100)).hasSize(7);
    assertThat(ExactSnippetIndex.of(new float[0], DIM).search(vector(flat, 0), 3)).isEmpty();
  }

  @Test
  void theIndexCopiesItsInput() {
    float[] flat = IndexBenchmark.clusteredUnitVectors(10, DIM, 5);
    float[] query = vector(flat, 4);
    ExactSnippetIndex index = ExactSnippetIndex.of(flat, DIM);
    Arrays.fill(flat, 0f);

    assertThat(index.search(query, 1).get(0).id()).isEqualTo(4);
  }

  @Test
  void badQueriesAreRejectedNamingTheProblem() {
    ExactSnippetIndex index = ExactSnippetIndex.of(IndexBenchmark.clusteredUnitVectors(10, DIM, 6), DIM);
    float[] nan = new float[DIM];
    nan[3] = Float.NaN;

    assertThatThrownBy(() -> index.search(new float[DIM - 1], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 31")
        .hasMessageContaining("dimension 32");
    assertThatThrownBy(() -> index.search(new float[DIM], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> index.search(nan, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 3 is NaN");
  }

  @Test
  void malformedVectorsAreRejected() {
    float[] inf = new float[2 * DIM];
    inf[DIM + 1] = Float.POSITIVE_INFINITY;

    assertThatThrownBy(() -> ExactSnippetIndex.of(new float[DIM + 1], DIM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of dimension");
    assertThatThrownBy(() -> ExactSnippetIndex.of(inf, DIM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vector 1 component 1 is Infinity");
    assertThatThrownBy(() -> ExactSnippetIndex.of(new float[4], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension must be >= 1");
  }

  @Test
  void dotProductHandlesDimensionsNotAMultipleOfFour() {
    float[] a = {1, 2, 3, 4, 5, 6, 7};
    float[] b = {0, 7, 6, 5, 4, 3, 2, 1};
    // a . b[1..8) = 1*7 + 2*6 + 3*5 + 4*4 + 5*3 + 6*2 + 7*1
    assertThat(VectorMath.dot(a, 0, b, 1, 7)).isEqualTo(84f);
  }
}
