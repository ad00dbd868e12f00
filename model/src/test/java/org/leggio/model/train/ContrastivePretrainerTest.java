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

class ContrastivePretrainerTest {
    private static final NetworkSpec SPEC = new NetworkSpec(42, false, 8);

    /** Item k: a dark bar at a column set by k; the two views differ by noise. */
    private static ViewBatch views(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] v = new float[2][n * PairBatch.SHEET_VALUES];
        for (int view = 0; view < 2; view++) {
            for (int i = 0; i < n; i++) {
                int col = i * 90 / n;
                for (int row = 0; row < 80; row++) {
                    for (int c = 0; c < 100; c++) {
                        boolean ink = c >= col && c < col + 6;
                        v[view][i * PairBatch.SHEET_VALUES + row * 100 + c] =
                                (ink ? 0f : 1f) + (float) (r.nextGaussian() * 0.05);
                    }
                }
            }
        }
        return new ViewBatch(ViewBatch.Modality.SHEET, n, 0, v[0], v[1]);
    }

    private static ViewBatchSource source() {
        return new ViewBatchSource() {
            private long calls;

            private final ViewBatch fixed = views(8, 5);

            @Override
            public ViewBatch next(int size) {
                calls++;
                // the same batch every step: the loss must fall as the encoder fits it
                return fixed;
            }

            @Override
            public ViewBatch.Modality modality() {
                return ViewBatch.Modality.SHEET;
            }

            @Override
            public int audioFrames() {
                return 0;
            }
        };
    }

    @Test
    void pretrainsTheSheetEncoderAndResumes(@TempDir Path work) {
        PretrainConfig config = PretrainConfig.defaults(SPEC, ViewBatch.Modality.SHEET)
                .withLimits(8, 16, 2, 5, 0).withLearningRate(2e-3f);
        ViewBatch validation = views(8, 1000);
        List<String> log = new ArrayList<>();
        try (ContrastivePretrainer p = ContrastivePretrainer.open(config, ModelInit.scratch(3), "pre", work, log::add)) {
            p.train(source(), validation);
        }
        List<String> resumed = new ArrayList<>();
        Path result;
        try (ContrastivePretrainer p = ContrastivePretrainer.open(config.withLimits(8, 16, 3, 5, 0), ModelInit.scratch(3),
                "pre", work, resumed::add)) {
            result = p.train(source(), validation);
        }
        assertThat(resumed.get(0)).startsWith("resuming pre pre-training from epoch 2");
        assertThat(resumed).anyMatch(l -> l.startsWith("pre-training epoch 3:"));
        assertThat(log).anyMatch(l -> l.startsWith("pre-training epoch 0:"));
        double firstLoss = lossOf(log.stream().filter(l -> l.startsWith("pre-training epoch 1:")).findFirst().orElseThrow());
        double lastLoss = lossOf(resumed.stream().filter(l -> l.startsWith("pre-training epoch 3:")).findFirst().orElseThrow());
        assertThat(lastLoss).isLessThan(firstLoss);
        assertThat(Files.isRegularFile(result.resolve("pretraining.json"))).isTrue();
        try (NetworkEmbedder e = Embedders.open(result)) {
            assertThat(e.info().modelId()).isEqualTo("pre");
        }
    }

    private static double lossOf(String line) {
        String s = line.substring(line.indexOf("NT-Xent ") + 8);
        return Double.parseDouble(s.split(",")[0]);
    }
}
