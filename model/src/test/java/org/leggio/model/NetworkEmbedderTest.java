package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of the embedder on untrained (seeded) networks; needs nothing outside the project. */
class NetworkEmbedderTest {
    private static final EmbedderOptions CPU =
            EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build();

    private static NetworkEmbedder published;

    @BeforeAll
    static void open() {
        published = Embedders.untrained(NetworkSpec.published(), 7, CPU);
    }

    @AfterAll
    static void close() {
        published.close();
    }

    @ParameterizedTest
    @CsvSource({"42, false", "84, false", "168, false", "42, true", "84, true", "168, true"})
    void shouldEmbedEachAudioContextIntoUnitVectors(int frames, boolean attention) {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(frames, attention, 32), 1, CPU)) {
            float[][] audio = e.embedAudio(TestInputs.audio(3, frames, 11));
            float[][] sheet = e.embedSheet(TestInputs.sheet(2, 12));

            assertThat(audio).hasDimensions(3, 32);
            assertThat(sheet).hasDimensions(2, 32);
            for (float[] row : audio) {
                assertThat(TestInputs.norm(row)).isCloseTo(1.0, within(1e-5));
            }
            for (float[] row : sheet) {
                assertThat(TestInputs.norm(row)).isCloseTo(1.0, within(1e-5));
            }
            assertThat(e.info()).isEqualTo(new ModelInfo(
                    "untrained-t" + frames + (attention ? "-att" : "") + "-d32-s1", frames, 32, attention, "cpu()"));
        }
    }

    @Test
    void shouldSizeTheLinearLayersFromTheFlattenedMaps() {
        assertThat(new NetworkSpec(42, false, 32).audioFlattenSize()).isEqualTo(320);
        assertThat(NetworkSpec.published().audioFlattenSize()).isEqualTo(800);
        assertThat(new NetworkSpec(168, false, 32).audioFlattenSize()).isEqualTo(1600);
        assertThat(NetworkSpec.published().sheetFlattenSize()).isEqualTo(960);
        assertThat(published.runtime().network().weights().get("y_net.mlp_head.weight").getArray().getShape().getShape())
                .containsExactly(32, 800);
        assertThat(published.runtime().network().weights().get("x_net.mlp_head.weight").getArray().getShape().getShape())
                .containsExactly(32, 960);
        // the ucasr state dict has 56 keys per pathway, of which the 9 num_batches_tracked are not weights
        assertThat(published.runtime().network().weights().entries()).hasSize(2 * (56 - 9));
    }

    @Test
    void shouldGiveIdenticalOutputsForTheSameInputTwice() {
        List<float[][]> audio = TestInputs.audio(4, 84, 21);
        List<float[][]> sheet = TestInputs.sheet(4, 22);

        assertThat(published.embedAudio(audio)).isDeepEqualTo(published.embedAudio(audio));
        assertThat(published.embedSheet(sheet)).isDeepEqualTo(published.embedSheet(sheet));
    }

    @Test
    void shouldBuildTheSameUntrainedNetworkFromTheSameSeed() {
        List<float[][]> audio = TestInputs.audio(2, 84, 23);
        try (NetworkEmbedder same = Embedders.untrained(NetworkSpec.published(), 7, CPU);
                NetworkEmbedder other = Embedders.untrained(NetworkSpec.published(), 8, CPU)) {
            assertThat(same.embedAudio(audio)).isDeepEqualTo(published.embedAudio(audio));
            assertThat(TestInputs.maxAbsDiff(other.embedAudio(audio), published.embedAudio(audio))).isGreaterThan(1e-3);
        }
    }

    @Test
    void shouldNotDependOnTheBatchSize() {
        List<float[][]> audio = TestInputs.audio(20, 84, 31);
        List<float[][]> sheet = TestInputs.sheet(20, 32);
        float[][] audioAtOnce = published.embedAudio(audio);
        float[][] sheetAtOnce = published.embedSheet(sheet);

        try (NetworkEmbedder byThree = Embedders.untrained(NetworkSpec.published(), 7,
                EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).maxBatchSize(3).build())) {
            assertThat(byThree.maxBatchSize()).isEqualTo(3);
            assertThat(TestInputs.maxAbsDiff(byThree.embedAudio(audio), audioAtOnce)).isLessThanOrEqualTo(1e-5);
            assertThat(TestInputs.maxAbsDiff(byThree.embedSheet(sheet), sheetAtOnce)).isLessThanOrEqualTo(1e-5);
        }
        try (NetworkEmbedder sequential = Embedders.untrained(NetworkSpec.published(), 7,
                EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).parallelism(1).build())) {
            assertThat(sequential.parallelism()).isEqualTo(1);
            assertThat(TestInputs.maxAbsDiff(sequential.embedAudio(audio), audioAtOnce)).isLessThanOrEqualTo(1e-5);
            assertThat(TestInputs.maxAbsDiff(sequential.preCcaSheet(sheet), published.preCcaSheet(sheet)))
                    .isLessThanOrEqualTo(1e-5 * 1e3);
        }
        for (int i = 0; i < audio.size(); i += 7) {
            float[][] single = published.embedAudio(Collections.singletonList(audio.get(i)));
            assertThat(TestInputs.maxAbsDiff(single, new float[][] {audioAtOnce[i]})).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void shouldUseSmallBatchesSideBySideOnTheCpuUnlessConfigured() {
        assertThat(published.maxBatchSize()).isEqualTo(EmbedderOptions.DEFAULT_CPU_MAX_BATCH_SIZE);
        assertThat(published.parallelism()).isEqualTo(
                Math.min(EmbedderOptions.DEFAULT_CPU_PARALLELISM, Runtime.getRuntime().availableProcessors()));
        assertThat(EmbedderOptions.defaults().maxBatchSize(true)).isEqualTo(128);
        assertThat(EmbedderOptions.defaults().parallelism(true, 16)).isEqualTo(1);
    }

    @Test
    void shouldReturnAnEmptyResultForAnEmptyList() {
        assertThat(published.embedAudio(List.of())).isEmpty();
        assertThat(published.embedSheet(List.of())).isEmpty();
    }

    @Test
    void shouldGiveBitIdenticalOutputsAfterSaveAndLoad(@TempDir Path dir) {
        List<float[][]> audio = TestInputs.audio(3, 168, 41);
        List<float[][]> sheet = TestInputs.sheet(3, 42);
        try (NetworkEmbedder original = Embedders.untrained(new NetworkSpec(168, true, 32), 5, CPU)) {
            original.save(dir);
            assertThat(dir.resolve("model.json")).isRegularFile();
            assertThat(dir.resolve("weights.npz")).isRegularFile();

            try (NetworkEmbedder reloaded = Embedders.open(dir, CPU)) {
                assertThat(reloaded.info()).isEqualTo(original.info());
                assertThat(reloaded.embedAudio(audio)).isDeepEqualTo(original.embedAudio(audio));
                assertThat(reloaded.embedSheet(sheet)).isDeepEqualTo(original.embedSheet(sheet));
                assertThat(reloaded.attentionWeights(audio)).isDeepEqualTo(original.attentionWeights(audio));
            }
            try (NetworkEmbedder viaJson = Embedders.open(dir.resolve("model.json"), CPU)) {
                assertThat(viaJson.embedAudio(audio)).isDeepEqualTo(original.embedAudio(audio));
            }
        }
    }

    @Test
    void shouldOverwriteAModelAlreadyInTheDirectory(@TempDir Path dir) throws Exception {
        List<float[][]> sheet = TestInputs.sheet(1, 43);
        published.save(dir);
        try (NetworkEmbedder other = Embedders.untrained(NetworkSpec.published(), 99, CPU)) {
            other.save(dir);
            try (NetworkEmbedder reloaded = Embedders.open(dir, CPU)) {
                assertThat(reloaded.info().modelId()).isEqualTo("untrained-t84-d32-s99");
                assertThat(reloaded.embedSheet(sheet)).isDeepEqualTo(other.embedSheet(sheet));
            }
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.json", "weights.npz");
        }
    }

    @Test
    void shouldGiveAttentionWeightsThatSumToOnePerWindow() {
        try (NetworkEmbedder e = Embedders.untrained(new NetworkSpec(84, true, 32), 3, CPU)) {
            float[][] weights = e.attentionWeights(TestInputs.audio(5, 84, 51));

            assertThat(weights).hasDimensions(5, 84);
            for (float[] row : weights) {
                double sum = 0;
                for (float a : row) {
                    assertThat(a).isGreaterThan(0f);
                    sum += a;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void shouldRefuseAttentionWeightsWithoutAnAttentionBranch() {
        assertThatThrownBy(() -> published.attentionWeights(TestInputs.audio(1, 84, 1)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("has no attention branch");
    }

    @Test
    void shouldMatchTheUnfusedConvolutionAndBatchNorm() {
        List<float[][]> audio = TestInputs.audio(4, 84, 61);
        List<float[][]> sheet = TestInputs.sheet(4, 62);
        try (NetworkEmbedder unfused = Embedders.untrained(NetworkSpec.published(), 7, CPU)) {
            unfused.runtime().prepareForInference(false);

            assertThat(TestInputs.maxAbsDiff(unfused.embedAudio(audio), published.embedAudio(audio))).isLessThanOrEqualTo(1e-5);
            assertThat(TestInputs.maxAbsDiff(unfused.embedSheet(sheet), published.embedSheet(sheet))).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void shouldGiveTheSameResultsFromSeveralThreadsAsFromOne() throws Exception {
        List<float[][]> audio = TestInputs.audio(6, 84, 71);
        List<float[][]> sheet = TestInputs.sheet(6, 72);
        float[][] audioExpected = published.embedAudio(audio);
        float[][] sheetExpected = published.embedSheet(sheet);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> audioResults = new ArrayList<>();
            List<Future<float[][]>> sheetResults = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                audioResults.add(pool.submit(() -> published.embedAudio(audio)));
                sheetResults.add(pool.submit(() -> published.embedSheet(sheet)));
            }
            for (int i = 0; i < audioResults.size(); i++) {
                assertThat(audioResults.get(i).get(60, TimeUnit.SECONDS)).isDeepEqualTo(audioExpected);
                assertThat(sheetResults.get(i).get(60, TimeUnit.SECONDS)).isDeepEqualTo(sheetExpected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseCallsAfterClose() {
        NetworkEmbedder e = Embedders.untrained(new NetworkSpec(42, false, 16), 1, CPU);
        e.close();
        e.close(); // idempotent

        assertThatThrownBy(() -> e.embedAudio(TestInputs.audio(1, 42, 1)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("is closed");
    }
}
