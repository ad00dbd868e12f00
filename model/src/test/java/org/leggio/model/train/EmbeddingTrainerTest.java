package org.leggio.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.NetworkSpec;

class EmbeddingTrainerTest {
    private static final NetworkSpec SPEC = new NetworkSpec(42, false, 8);

    /**
     * Pairs whose sheet shows a dark vertical bar at a column and whose audio has energy in a band,
     * both set by the pair's index: a one-to-one task a network can fit in a few steps.
     */
    static PairBatch synthetic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] sheet = new float[n * PairBatch.SHEET_VALUES];
        float[] audio = new float[n * 92 * 42];
        java.util.Arrays.fill(sheet, 1f);
        for (int i = 0; i < n; i++) {
            int k = i * 90 / n;
            for (int row = 0; row < 80; row++) {
                for (int c = k; c < k + 6; c++) {
                    sheet[i * PairBatch.SHEET_VALUES + row * 100 + c] = 0f;
                }
            }
            for (int b = k; b < k + 3; b++) {
                for (int t = 0; t < 42; t++) {
                    audio[i * 92 * 42 + b * 42 + t] = 2f + (float) r.nextDouble() * 0.1f;
                }
            }
        }
        return new PairBatch(n, 42, sheet, audio);
    }

    private static PairBatchSource repeating(PairBatch batch) {
        return new PairBatchSource() {
            @Override
            public PairBatch next(int batchSize) {
                assertThat(batchSize).isEqualTo(batch.size());
                return batch;
            }

            @Override
            public int audioFrames() {
                return 42;
            }
        };
    }

    private static PairBatchSource fresh() {
        return new PairBatchSource() {
            @Override
            public PairBatch next(int batchSize) {
                return synthetic(batchSize, batchSize);
            }

            @Override
            public int audioFrames() {
                return 42;
            }
        };
    }

    private static TrainingConfig config() {
        return TrainingConfig.defaults(SPEC).withBatchSize(24).withPairsPerEpoch(72).withLearningRate(2e-3f)
                .withRefitPairs(48).withMaxEpochs(3).withPatience(5, 0);
    }

    @Test
    void fitsASmallTaskImprovesValidationAndWritesALoadableModel(@TempDir Path work) {
        PairBatch batch = synthetic(24, 1);
        List<String> log = new ArrayList<>();
        TrainingResult result;
        try (EmbeddingTrainer t = EmbeddingTrainer.open(config(), ModelInit.scratch(7), "test-model", work, log::add)) {
            result = t.train(repeating(batch), batch, synthetic(48, 3), fresh());
        }
        List<EpochRecord> h = result.history();
        assertThat(h).hasSize(4);
        assertThat(h.get(3).meanLoss()).isLessThan(h.get(1).meanLoss());
        assertThat(result.bestValidationMrr()).isGreaterThan(h.get(0).validationMrr());
        assertThat(result.bestEpoch()).isPositive();
        assertThat(result.stopReason()).contains("3 epochs");
        assertThat(log).anyMatch(l -> l.startsWith("epoch 1:"));
        assertThat(Files.isRegularFile(result.modelDir().resolve("training.json"))).isTrue();
        try (NetworkEmbedder e = Embedders.open(result.modelDir())) {
            assertThat(e.info().modelId()).isEqualTo("test-model");
            assertThat(e.spec()).isEqualTo(SPEC);
        }
    }

    @Test
    void resumesAnInterruptedRunInTheMiddleOfAnEpoch(@TempDir Path work) {
        PairBatch batch = synthetic(24, 2);
        TrainingConfig interrupted = config().withMaxEpochs(1).withMaxSeconds(1);
        try (EmbeddingTrainer t = EmbeddingTrainer.open(interrupted, ModelInit.scratch(7), "m", work, l -> { })) {
            // a big batch source makes each step slow enough for the one-second budget to bite
            t.train(repeating(batch), batch, synthetic(48, 3), fresh());
        }
        List<String> log = new ArrayList<>();
        TrainingResult result;
        try (EmbeddingTrainer t = EmbeddingTrainer.open(config().withMaxEpochs(2), ModelInit.scratch(99), "m", work,
                log::add)) {
            result = t.train(repeating(batch), batch, synthetic(48, 3), fresh());
        }
        assertThat(log.get(0)).startsWith("resuming m from epoch");
        assertThat(result.history()).extracting(EpochRecord::epoch).containsExactly(0, 1, 2);
        // every epoch holds exactly stepsPerEpoch steps, whether or not it was interrupted
        assertThat(result.history().get(2).steps()).isEqualTo(2L * config().stepsPerEpoch());
    }
}
