package org.leggio.matcher.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leggio.matcher.identify.IvfSnippetIndex.BuildProgress;

class IvfSnippetIndexTest {

  private static final int DIM = 32;
  private static final int SIZE = 6_000;
  private static final int QUERIES = 100;

  private static float[] data;
  private static float[] queries;
  private static ExactSnippetIndex exact;
  private static IvfSnippetIndex ivf;
  private static final List<String> progress = new ArrayList<>();
  private static final List<Thread> progressThreads = new ArrayList<>();

  @BeforeAll
  static void buildOnce() {
    // Data and queries from the same clusters (12 of them): the queries are fresh draws.
    float[] all = IndexBenchmark.clusteredUnitVectors(SIZE + QUERIES, DIM, 31);
    data = Arrays.copyOf(all, SIZE * DIM);
    queries = Arrays.copyOfRange(all, SIZE * DIM, all.length);
    exact = ExactSnippetIndex.of(data, DIM);
    ivf =
        IvfSnippetIndex.build(
            data,
            DIM,
            IvfConfig.defaults().withThreads(2),
            (stage, done, total) -> {
              progress.add(stage + " " + done + "/" + total);
              progressThreads.add(Thread.currentThread());
            });
  }

  @AfterAll
  static void release() {
    data = null;
    exact = null;
    ivf = null;
  }

  private static float[] row(float[] flat, int i) {
    return Arrays.copyOfRange(flat, i * DIM, (i + 1) * DIM);
  }

  private static int[] ids(List<Neighbour> hits) {
    return hits.stream().mapToInt(Neighbour::id).toArray();
  }

  private static double recallAt10(SnippetIndex index) {
    int[][] truth = new int[QUERIES][];
    int[][] found = new int[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      truth[q] = ids(exact.search(row(queries, q), 10));
      found[q] = ids(index.search(row(queries, q), 10));
    }
    return IndexBenchmark.recall(truth, found);
  }

  @Test
  void defaultRecallAt10AgainstExactIsHighAndFewListsAreScanned() {
    assertThat(ivf.lists()).isBetween(250, 310); // 4 sqrt(6,000), less any empty list
    assertThat(recallAt10(ivf)).isGreaterThanOrEqualTo(0.95);
    // one list of ~300 is a real approximation: recall drops, so the probes matter
    assertThat(recallAt10(ivf.withNprobe(1))).isLessThan(0.9);
  }

  @Test
  void probingEveryListGivesExactlyTheExactAnswer() {
    IvfSnippetIndex all = ivf.withNprobe(ivf.lists());
    for (int q = 0; q < 50; q++) {
      float[] query = row(queries, q);
      assertThat(all.search(query, 10)).isEqualTo(exact.search(query, 10));
      assertThat(all.search(query, 57)).isEqualTo(exact.search(query, 57));
    }
  }

  @Test
  void hitsCarryExactDotProductsBestFirstAndFindIndexedVectors() {
    float[] query = row(queries, 3);
    List<Neighbour> hits = ivf.search(query, 10);
    assertThat(hits).hasSize(10);
    assertThat(hits).extracting(Neighbour::similarity).isSortedAccordingTo(Comparator.reverseOrder());
    for (Neighbour hit : hits) {
      assertThat(hit.similarity()).isEqualTo(VectorMath.dot(query, 0, data, hit.id() * DIM, DIM));
    }
    for (int id = 0; id < SIZE; id += 300) {
      List<Neighbour> self = ivf.search(row(data, id), 1);
      assertThat(self.get(0).id()).as("query = vector %d", id).isEqualTo(id);
      assertThat(self.get(0).similarity()).isCloseTo(1f, within(1e-5f));
    }
  }

  @Test
  void theSameInputGivesTheSameIndexWhateverTheThreadCount() {
    // more than one chunk of parallel work, so that threads really share it
    float[] flat = IndexBenchmark.clusteredUnitVectors(KMeans.CHUNK + 1_000, DIM, 33);
    IvfConfig config = new IvfConfig(64, 8, 40, 4, 42L, 1);
    IvfSnippetIndex one = IvfSnippetIndex.build(flat, DIM, config, BuildProgress.none());
    IvfSnippetIndex three = IvfSnippetIndex.build(flat, DIM, config.withThreads(3), BuildProgress.none());
    assertThat(three.lists()).isEqualTo(one.lists());
    for (int list = 0; list < one.lists(); list++) {
      assertThat(three.listSize(list)).isEqualTo(one.listSize(list));
    }
    for (int q = 0; q < QUERIES; q++) {
      assertThat(three.search(row(queries, q), 10)).isEqualTo(one.search(row(queries, q), 10));
    }
    IvfSnippetIndex otherSeed =
        IvfSnippetIndex.build(
            flat, DIM, new IvfConfig(64, 8, 40, 4, 7L, 1), BuildProgress.none());
    assertThat(
            IntStream.range(0, otherSeed.lists()).map(otherSeed::listSize).boxed().toList())
        .isNotEqualTo(IntStream.range(0, one.lists()).map(one::listSize).boxed().toList());
  }

  @Test
  void manyListsUseGroupedAssignmentAndStayDeterministic() {
    // from KMeans.GROUPED_FROM lists on, a vector is compared with the centroids of a few groups
    float[] flat = Arrays.copyOf(data, (KMeans.GROUPED_FROM + 500) * DIM);
    IvfConfig config = new IvfConfig(KMeans.GROUPED_FROM, 4, 1, 1, 5L, 2);
    IvfSnippetIndex a = IvfSnippetIndex.build(flat, DIM, config, BuildProgress.none());
    IvfSnippetIndex b = IvfSnippetIndex.build(flat, DIM, config.withThreads(1), BuildProgress.none());
    ExactSnippetIndex truth = ExactSnippetIndex.of(flat, DIM);

    assertThat(a.lists()).isGreaterThan(KMeans.GROUPED_FROM / 2).isLessThanOrEqualTo(KMeans.GROUPED_FROM);
    for (int q = 0; q < 20; q++) {
      float[] query = row(queries, q);
      assertThat(a.search(query, 10)).isEqualTo(b.search(query, 10));
      assertThat(a.withNprobe(a.lists()).search(query, 10)).isEqualTo(truth.search(query, 10));
    }
  }

  @Test
  void equalSimilaritiesAreOrderedByLowerIdAcrossLists() {
    // query (1, 0): ids 1, 3 and 4 all score 0.6 but 3 points the other way, so lies in another list
    float[][] rows = {{0, 1}, {0.6f, 0.8f}, {0, -1}, {0.6f, -0.8f}, {0.6f, 0.8f}};
    float[] flat = new float[rows.length * 2];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, 2 * i, 2);
    }
    IvfSnippetIndex index =
        IvfSnippetIndex.build(flat, 2, new IvfConfig(2, 2, 100, 5, 1L, 1), BuildProgress.none());
    assertThat(index.lists()).isEqualTo(2);

    float[] query = {1, 0};
    assertThat(ids(index.search(query, 2))).containsExactly(1, 3);
    assertThat(ids(index.search(query, 3))).containsExactly(1, 3, 4);
    assertThat(ids(index.search(query, 5))).containsExactly(1, 3, 4, 0, 2);
    assertThat(index.search(query, 5)).isEqualTo(ExactSnippetIndex.of(flat, 2).search(query, 5));
  }

  @Test
  void fewerVectorsThanListsAndKAboveTheSize() {
    float[] seven = Arrays.copyOf(data, 7 * DIM);
    IvfSnippetIndex index =
        IvfSnippetIndex.build(seven, DIM, IvfConfig.defaults().withLists(64).withNprobe(64), BuildProgress.none());

    assertThat(index.lists()).isBetween(1, 7);
    assertThat(index.size()).isEqualTo(7);
    assertThat(index.search(row(data, 2), 100)).hasSize(7).first().extracting(Neighbour::id).isEqualTo(2);
    // with one probe a query sees only its list, never more than the index holds
    assertThat(index.withNprobe(1).search(row(data, 2), 100)).hasSizeBetween(1, 7);
  }

  @Test
  void identicalVectorsLeaveListsEmptyAndTheyAreDropped() {
    float[] same = new float[50 * DIM];
    for (int i = 0; i < 50; i++) {
      System.arraycopy(data, 0, same, i * DIM, DIM);
    }
    IvfSnippetIndex index =
        IvfSnippetIndex.build(same, DIM, IvfConfig.defaults().withLists(10), BuildProgress.none());

    assertThat(index.lists()).isEqualTo(1);
    assertThat(index.listSize(0)).isEqualTo(50);
    assertThat(ids(index.search(row(data, 0), 4))).containsExactly(0, 1, 2, 3);
  }

  @Test
  void emptyAndSingleVectorIndexesWork() {
    List<String> reports = new ArrayList<>();
    IvfSnippetIndex none =
        IvfSnippetIndex.build(new float[0], DIM, IvfConfig.defaults(), (s, d, t) -> reports.add(s + ""));
    IvfSnippetIndex one = IvfSnippetIndex.build(row(data, 5), DIM, IvfConfig.defaults(), BuildProgress.none());

    assertThat(none.search(row(data, 0), 3)).isEmpty();
    assertThat(none.lists()).isZero();
    assertThat(none.size()).isZero();
    assertThat(reports).isEmpty();
    assertThat(one.search(row(data, 0), 3)).extracting(Neighbour::id).containsExactly(0);
    assertThat(one.lists()).isEqualTo(1);
  }

  @Test
  void theIndexCopiesItsInput() {
    float[] flat = Arrays.copyOf(data, 500 * DIM);
    float[] query = row(flat, 4);
    IvfSnippetIndex index = IvfSnippetIndex.build(flat, DIM, IvfConfig.defaults(), BuildProgress.none());
    Arrays.fill(flat, 0f);

    assertThat(index.search(query, 1).get(0).id()).isEqualTo(4);
  }

  @Test
  void progressReportsEveryIterationAndTheLastVectorOnTheCallingThread() {
    int iterations = IvfConfig.DEFAULT_ITERATIONS;
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= iterations; i++) {
      expected.add("TRAINING " + i + "/" + iterations);
    }
    assertThat(progress.subList(0, iterations)).isEqualTo(expected);
    assertThat(progress.subList(iterations, progress.size()))
        .allMatch(line -> line.startsWith("ASSIGNING "))
        .endsWith("ASSIGNING " + SIZE + "/" + SIZE);
    assertThat(progressThreads).containsOnly(Thread.currentThread());
    assertThat(ivf.kind()).isEqualTo("ivf");
    assertThat(ivf.size()).isEqualTo(SIZE);
    assertThat(ivf.dimension()).isEqualTo(DIM);
    assertThat(ivf.ramBytes()).isGreaterThanOrEqualTo(4L * SIZE * DIM + 4L * SIZE);
  }

  @Test
  void concurrentSearchesAgreeWithSequentialOnes() throws Exception {
    List<List<Neighbour>> sequential = new ArrayList<>();
    for (int q = 0; q < QUERIES; q++) {
      sequential.add(ivf.search(row(queries, q), 10));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Neighbour>>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int q = 0; q < QUERIES; q++) {
          float[] query = row(queries, q);
          futures.add(pool.submit(() -> ivf.search(query, 10)));
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
  void badQueriesAreRejectedLikeEveryIndex() {
    float[] nan = new float[DIM];
    nan[3] = Float.NaN;
    assertThatThrownBy(() -> ivf.search(new float[DIM - 1], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 31")
        .hasMessageContaining("dimension 32");
    assertThatThrownBy(() -> ivf.search(new float[DIM], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> ivf.search(nan, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 3 is NaN");
    assertThatThrownBy(() -> ivf.search(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is null");
  }

  @Test
  void malformedVectorsAreRejected() {
    float[] inf = new float[2 * DIM];
    inf[DIM + 1] = Float.POSITIVE_INFINITY;
    IvfConfig config = IvfConfig.defaults();

    assertThatThrownBy(() -> IvfSnippetIndex.build(new float[DIM + 1], DIM, config, BuildProgress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of dimension");
    assertThatThrownBy(() -> IvfSnippetIndex.build(inf, DIM, config, BuildProgress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vector 1 component 1 is Infinity");
    assertThatThrownBy(() -> IvfSnippetIndex.build(new float[4], 0, config, BuildProgress.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension must be >= 1");
    assertThatThrownBy(() -> IvfSnippetIndex.build(new float[DIM], DIM, null, BuildProgress.none()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void configIsValidatedAndSizesItsLists() {
    IvfConfig defaults = IvfConfig.defaults();
    assertThat(defaults.lists()).isEqualTo(IvfConfig.AUTO_LISTS);
    assertThat(defaults.nprobe()).isEqualTo(IvfConfig.DEFAULT_NPROBE);
    assertThat(defaults.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(defaults.listsFor(0)).isZero();
    assertThat(defaults.listsFor(1)).isEqualTo(1);
    assertThat(defaults.listsFor(10_000)).isEqualTo(400);
    assertThat(defaults.listsFor(10_000_000)).isEqualTo(12_649);
    assertThat(defaults.withLists(64).listsFor(10)).isEqualTo(10);
    assertThat(new IvfConfig(64, 1, 20, 1, 1, 1).trainingSampleFor(1_000)).isEqualTo(1_000);
    assertThat(new IvfConfig(64, 1, 20, 1, 1, 1).trainingSampleFor(100_000)).isEqualTo(64 * 20);
    assertThat(defaults.trainingSampleFor(10_000_000)).isEqualTo(12_649 * 40);
    assertThat(defaults.trainingSampleFor(0)).isZero();
    assertThat(defaults.withNprobe(3).nprobe()).isEqualTo(3);
    assertThat(defaults.withThreads(5).threads()).isEqualTo(5);

    assertThatThrownBy(() -> new IvfConfig(-1, 8, 100, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lists");
    assertThatThrownBy(() -> new IvfConfig(IvfConfig.MAX_LISTS + 1, 8, 100, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lists");
    assertThatThrownBy(() -> defaults.withNprobe(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nprobe");
    assertThatThrownBy(() -> new IvfConfig(0, 8, 0, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainingPerList");
    assertThatThrownBy(() -> new IvfConfig(0, 8, IvfConfig.MAX_TRAINING_PER_LIST + 1, 8, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainingPerList");
    assertThatThrownBy(() -> new IvfConfig(0, 8, 100, -1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> defaults.withThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads");
    assertThatThrownBy(() -> defaults.listsFor(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void samplingAndTopSelectionAreExactAndTieStable() {
    int[] sample = KMeans.sample(1_000, 100, new SplittableRandom(3));
    assertThat(sample).hasSize(100).isSorted().doesNotHaveDuplicates();
    assertThat(sample[99]).isLessThan(1_000);
    assertThat(KMeans.sample(5, 5, new SplittableRandom(3))).containsExactly(0, 1, 2, 3, 4);

    int[] best = new int[3];
    float[] bestScores = new float[3];
    KMeans.top(new float[] {0.5f, 0.9f, 0.5f, 0.9f, 0.1f, 0.5f}, 6, best, bestScores);
    assertThat(best).containsExactly(1, 3, 0);
    assertThat(bestScores).containsExactly(0.9f, 0.9f, 0.5f);
  }
}
