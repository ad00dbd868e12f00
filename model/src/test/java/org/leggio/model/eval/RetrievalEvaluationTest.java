package org.leggio.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.Embedder;
import org.leggio.model.EmbeddingException;
import org.leggio.model.ModelInfo;

class RetrievalEvaluationTest {
    private static final int T = 42;
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    /** A test-only stand-in for the network: a deterministic function of its input, with call records. */
    private static class FunctionEmbedder implements Embedder {
        private final ModelInfo info;
        private final Function<float[][], float[]> audio;
        private final Function<float[][], float[]> sheet;
        final List<Integer> audioBatches = new ArrayList<>();
        final List<Integer> sheetBatches = new ArrayList<>();

        FunctionEmbedder(String id, int dim, Function<float[][], float[]> audio, Function<float[][], float[]> sheet) {
            this.info = new ModelInfo(id, T, dim, false, "cpu()");
            this.audio = audio;
            this.sheet = sheet;
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public float[][] embedAudio(List<float[][]> windows) {
            audioBatches.add(windows.size());
            return windows.stream().map(audio).toArray(float[][]::new);
        }

        @Override
        public float[][] embedSheet(List<float[][]> snippets) {
            sheetBatches.add(snippets.size());
            return snippets.stream().map(sheet).toArray(float[][]::new);
        }

        @Override
        public void close() {}
    }

    /** A fixed random projection (seeded) of the row means of the input to {@code dim} values. */
    private static Function<float[][], float[]> projectionOfRowMeans(int rows, int dim, long seed) {
        Random random = new Random(seed);
        float[][] w = new float[dim][rows];
        for (float[] row : w) {
            for (int k = 0; k < rows; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        return input -> {
            float[] out = new float[dim];
            for (int r = 0; r < rows; r++) {
                double mean = 0;
                for (float v : input[r]) {
                    mean += v;
                }
                mean /= input[r].length;
                for (int k = 0; k < dim; k++) {
                    out[k] += (float) (w[k][r] * mean);
                }
            }
            return out;
        };
    }

    private static FunctionEmbedder projectionEmbedder() {
        return new FunctionEmbedder("test-projection", 8, projectionOfRowMeans(92, 8, 1), projectionOfRowMeans(80, 8, 2));
    }

    /** Embeds the code value at [0][0] on a circle of 8 frequencies: equal codes, equal embeddings. */
    private static float[] code(float[][] input) {
        float v = input[0][0];
        float[] out = new float[16];
        for (int k = 0; k < 8; k++) {
            out[2 * k] = (float) Math.cos(Math.PI * (k + 1) * v);
            out[2 * k + 1] = (float) Math.sin(Math.PI * (k + 1) * v);
        }
        return out;
    }

    /** Pair i carries the code i / n at sheet[0][0] and audio[0][0]; 4 pieces of n / 4 pairs. */
    private static PairSet codedSet(int n) {
        PairSet.Builder builder = PairSet.builder(T).description("coded");
        for (int i = 0; i < n; i++) {
            float[][] sheet = new float[80][100];
            float[][] audio = new float[92][T];
            sheet[0][0] = (float) i / n;
            audio[0][0] = (float) i / n;
            builder.add(new PairInfo("piece-" + i * 4 / n, i, 10 + i, "p"), sheet, audio);
        }
        return builder.build();
    }

    @Test
    void shouldEvaluateTheGeneratedExampleEndToEnd() throws IOException {
        Path dir = tmp.resolve("example");
        PairSet pairs = PairSets.generateExample(dir, 4, 6, 5);
        FunctionEmbedder embedder = projectionEmbedder();
        List<int[]> progress = new ArrayList<>();

        EvaluationReport report = new RetrievalEvaluation(EvaluationConfig.builder().batchSize(5).build(), CLOCK)
                .evaluate(pairs, embedder, (done, total) -> progress.add(new int[] {done, total}));

        assertThat(embedder.audioBatches).containsExactly(5, 5, 5, 5, 4);
        assertThat(embedder.sheetBatches).containsExactly(5, 5, 5, 5, 4);
        assertThat(progress).extracting(p -> p[0]).containsExactly(5, 10, 15, 20, 24, 29, 34, 39, 44, 48);
        assertThat(progress).extracting(p -> p[1]).containsOnly(48);
        assertThat(report.modelId()).isEqualTo("test-projection");
        assertThat(report.embeddingDim()).isEqualTo(8);
        assertThat(report.audioContextFrames()).isEqualTo(T);
        assertThat(report.pairSet()).isEqualTo(dir.toString());
        assertThat(report.totalPairs()).isEqualTo(24);
        assertThat(report.selection()).isEqualTo("all");
        assertThat(report.date()).isEqualTo(NOW);
        RetrievalResult retrieval = report.retrieval();
        assertThat(retrieval.pairs()).isEqualTo(24);
        for (RankSummary s : List.of(retrieval.audioToSheet(), retrieval.sheetToAudio())) {
            assertThat(s.queries()).isEqualTo(24);
            assertThat(s.mrr()).isBetween(1 / 24.0, 1.0);
            assertThat(s.medianRank()).isBetween(1.0, 24.0);
        }
        IdentificationReport identification = report.identification();
        assertThat(identification.queryPieces()).isEqualTo(4);
        assertThat(identification.candidatePieces()).isEqualTo(4);
        assertThat(identification.vote().outcomes()).extracting(IdentificationResult.Outcome::pieceId)
                .containsExactly("example-piece-00", "example-piece-01", "example-piece-02", "example-piece-03");
        assertThat(identification.dtw().summary().queries()).isEqualTo(4);
    }

    @Test
    void shouldRenderJsonAndMarkdown() throws IOException {
        PairSet pairs = PairSets.generateExample(tmp.resolve("example"), 3, 4, 5);

        EvaluationReport report = new RetrievalEvaluation(EvaluationConfig.defaults(), CLOCK).evaluate(pairs, projectionEmbedder());
        JsonObject json = JsonParser.parseString(report.toJson()).getAsJsonObject();
        String markdown = report.toMarkdown();

        assertThat(json.get("model_id").getAsString()).isEqualTo("test-projection");
        assertThat(json.get("n").getAsInt()).isEqualTo(12);
        assertThat(json.get("pieces").getAsInt()).isEqualTo(3);
        assertThat(json.get("date").getAsString()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(json.get("pair_set").getAsString()).isEqualTo(tmp.resolve("example").toString());
        JsonObject a2s = json.getAsJsonObject("retrieval").getAsJsonObject("audio_to_sheet");
        assertThat(a2s.get("mrr").getAsDouble()).isEqualTo(report.retrieval().audioToSheet().mrr());
        assertThat(a2s.keySet()).containsExactly("queries", "mrr", "r_at_1", "r_at_5", "r_at_10", "r_at_25", "median_rank", "mean_rank");
        JsonObject vote = json.getAsJsonObject("identification").getAsJsonObject("vote");
        assertThat(vote.getAsJsonArray("outcomes")).hasSize(3);
        assertThat(json.getAsJsonObject("identification").get("neighbours").getAsInt()).isEqualTo(25);
        assertThat(markdown).startsWith("## Retrieval evaluation: test-projection\n")
                .contains("- pairs: 12 of 12 (all), pieces: 3, T = 42 frames, d = 8\n")
                .contains("- date: 2025-01-02T03:04:05Z\n")
                .contains("| direction | MRR | R@1 | R@5 | R@10 | R@25 | median rank |\n|---|---|---|---|---|---|---|\n| audio → sheet | ")
                .contains("| sheet → audio | ")
                .contains("| piece identification, vote (audio → sheet, 3 of 3 pieces) | ")
                .contains("| piece identification, DTW (audio → sheet, 3 of 3 pieces) | ");
    }

    @Test
    void shouldRetrievePerfectlyWhenEmbeddingsEncodeThePair() {
        FunctionEmbedder embedder = new FunctionEmbedder("test-code", 16, RetrievalEvaluationTest::code, RetrievalEvaluationTest::code);

        EvaluationReport report = new RetrievalEvaluation(EvaluationConfig.builder().batchSize(7).build(), CLOCK)
                .evaluate(codedSet(40), embedder);

        assertThat(report.retrieval().audioToSheet().mrr()).isEqualTo(1.0);
        assertThat(report.retrieval().sheetToAudio().recallAt1()).isEqualTo(1.0);
        assertThat(report.retrieval().meanTrueCosine()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(report.identification().vote().summary().recallAt1()).isEqualTo(1.0);
        assertThat(report.identification().dtw().summary().recallAt1()).isEqualTo(1.0);
        assertThat(report.pairSet()).isEqualTo("(in memory)");
        assertThat(report.toMarkdown()).contains("| audio → sheet | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1 |\n");
    }

    @Test
    void shouldCutLargeSetsToMaxPairsDeterministically() {
        PairSet pairs = codedSet(40);
        FunctionEmbedder embedder = new FunctionEmbedder("test-code", 16, RetrievalEvaluationTest::code, RetrievalEvaluationTest::code);

        EvaluationReport spaced = new RetrievalEvaluation(EvaluationConfig.builder().maxPairs(10).build(), CLOCK).evaluate(pairs, embedder);
        RetrievalEvaluation random = new RetrievalEvaluation(EvaluationConfig.builder().maxPairs(10).subsetSeed(3).build(), CLOCK);
        EvaluationReport first = random.evaluate(pairs, embedder);
        EvaluationReport second = random.evaluate(pairs, embedder);

        assertThat(spaced.retrieval().pairs()).isEqualTo(10);
        assertThat(spaced.totalPairs()).isEqualTo(40);
        assertThat(spaced.selection()).isEqualTo("evenly spaced");
        assertThat(first.selection()).isEqualTo("random, seed 3");
        assertThat(first.toJson()).isEqualTo(second.toJson());
        assertThat(first.retrieval().audioToSheet().mrr()).isEqualTo(1.0);
        assertThat(spaced.toMarkdown()).contains("- pairs: 10 of 40 (evenly spaced)");
    }

    @Test
    void shouldRejectAModelWithAnotherAudioContext() {
        Embedder embedder = new FunctionEmbedder("test-code", 16, RetrievalEvaluationTest::code, RetrievalEvaluationTest::code) {
            @Override
            public ModelInfo info() {
                return new ModelInfo("long-context", 168, 16, false, "cpu()");
            }
        };

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetrievalEvaluation(EvaluationConfig.defaults()).evaluate(codedSet(8), embedder));

        assertThat(e).hasMessage("the model long-context takes audio windows of 168 frames but the pair set has 42");
    }

    @Test
    void shouldRejectAnEmbedderThatBreaksItsContract() {
        Embedder short1 = new FunctionEmbedder("bad", 16, RetrievalEvaluationTest::code, RetrievalEvaluationTest::code) {
            @Override
            public float[][] embedSheet(List<float[][]> snippets) {
                return new float[snippets.size() - 1][16];
            }
        };
        Embedder wide = new FunctionEmbedder("bad", 8, RetrievalEvaluationTest::code, RetrievalEvaluationTest::code);
        RetrievalEvaluation evaluation = new RetrievalEvaluation(EvaluationConfig.builder().batchSize(4).build());

        assertThat(assertThrows(EmbeddingException.class, () -> evaluation.evaluate(codedSet(8), short1)))
                .hasMessage("the embedder returned 3 rows for 4 sheet inputs");
        assertThat(assertThrows(EmbeddingException.class, () -> evaluation.evaluate(codedSet(8), wide)))
                .hasMessage("the embedder returned audio embeddings of 16 values but its embeddingDim is 8");
    }

    @Test
    void shouldValidateEvaluationConfig() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> EvaluationConfig.builder().maxPairs(0)))
                .hasMessage("maxPairs must be >= 1 but was 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> EvaluationConfig.builder().batchSize(0)))
                .hasMessage("batchSize must be in 1..65536 but was 0");
        assertThat(assertThrows(NullPointerException.class, () -> EvaluationConfig.builder().identification(null)))
                .hasMessage("identification can't be null");
        EvaluationConfig defaults = EvaluationConfig.defaults();
        assertThat(defaults.maxPairs()).isEqualTo(2000);
        assertThat(defaults.batchSize()).isEqualTo(64);
        assertThat(defaults.subsetSeed()).isEmpty();
        assertThat(assertThrows(NullPointerException.class, () -> new RetrievalEvaluation(null)))
                .hasMessage("config can't be null");
    }
}
