package org.leggio.model.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.leggio.model.NetworkSpec;

/**
 * Measures training throughput: optimiser steps (forward, batch CCA + loss, backward, Adam) on
 * random inputs of the real shapes, after warm-up steps. For {@code leggio bench train} and
 * docs/benchmarks.md; the inputs' content does not change the cost.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    /**
     * One measurement.
     *
     * @param spec network
     * @param batchSize pairs per step
     * @param cca batch CCA in the loss
     * @param frozenBlocks leading conv blocks not trained
     * @param msPerStep mean wall time of a step
     * @param pairsPerSecond batchSize / step time
     */
    public record Result(NetworkSpec spec, int batchSize, boolean cca, int frozenBlocks, double msPerStep, double pairsPerSecond) {}

    /** Times {@code steps} steps after {@code warmup} steps. */
    public static Result run(NetworkSpec spec, int batchSize, boolean cca, int frozenBlocks, int warmup, int steps) {
        Path work = null;
        try {
            work = Files.createTempDirectory("leggio-bench-train");
            TrainingConfig config = TrainingConfig.defaults(spec).withBatchSize(batchSize).withCcaInTraining(cca)
                    .withPairsPerEpoch(Math.max(batchSize, 1024)).withFrozenBlocks(frozenBlocks);
            PairBatchSource source = randomSource(spec, batchSize);
            try (EmbeddingTrainer trainer = EmbeddingTrainer.open(config, ModelInit.scratch(1), "bench", work, l -> { })) {
                trainer.timeSteps(source, warmup);
                double seconds = trainer.timeSteps(source, steps);
                return new Result(spec, batchSize, cca, frozenBlocks, seconds * 1000, batchSize / seconds);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    private static PairBatchSource randomSource(NetworkSpec spec, int batchSize) {
        SplittableRandom r = new SplittableRandom(7);
        int t = spec.audioContextFrames();
        float[] sheet = new float[batchSize * PairBatch.SHEET_VALUES];
        float[] audio = new float[batchSize * NetworkSpec.AUDIO_BANDS * t];
        for (int i = 0; i < sheet.length; i++) {
            sheet[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (r.nextDouble() * 2);
        }
        PairBatch batch = new PairBatch(batchSize, t, sheet, audio);
        return new PairBatchSource() {
            @Override
            public PairBatch next(int size) {
                return batch;
            }

            @Override
            public int audioFrames() {
                return t;
            }
        };
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
