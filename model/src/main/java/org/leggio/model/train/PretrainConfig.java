package org.leggio.model.train;

import java.util.Objects;
import org.leggio.model.NetworkSpec;

/**
 * Hyperparameters of contrastive (NT-Xent) pre-training of one encoder (PAPER-SPEC §4.3; ucasr:
 * audio τ 0.6, batch 128, Adam 1e-3; score τ 0.5, batch 256, Adam 5e-4; weight decay 1e-5; MLP
 * head 512 → 32).
 *
 * @param spec the network whose encoder is pre-trained
 * @param modality which encoder
 * @param batchSize items per step (each gives two views)
 * @param learningRate Adam's initial rate
 * @param weightDecay L2 weight decay
 * @param temperature τ
 * @param itemsPerEpoch items drawn per epoch
 * @param maxEpochs epoch limit
 * @param patience epochs without a better validation MRR before the rate is halved; the run stops
 *     after the third halving
 * @param checkpointSeconds wall time between checkpoints
 * @param maxSeconds wall-time budget, 0 = none
 * @param seed seeds the initialisation
 */
public record PretrainConfig(NetworkSpec spec, ViewBatch.Modality modality, int batchSize, float learningRate,
        float weightDecay, float temperature, int itemsPerEpoch, int maxEpochs, int patience, int checkpointSeconds,
        long maxSeconds, long seed) {
    /** Hidden units of the projection head. */
    public static final int HEAD_HIDDEN = 512;

    /** Validates every value. */
    public PretrainConfig {
        Objects.requireNonNull(spec, "spec can't be null");
        Objects.requireNonNull(modality, "modality can't be null");
        check(batchSize >= 4, "batchSize must be ≥ 4", batchSize);
        check(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)", learningRate);
        check(weightDecay >= 0, "weightDecay must be ≥ 0", weightDecay);
        check(temperature > 0, "temperature must be > 0", temperature);
        check(itemsPerEpoch >= batchSize, "itemsPerEpoch must be ≥ batchSize", itemsPerEpoch);
        check(maxEpochs >= 1, "maxEpochs must be ≥ 1", maxEpochs);
        check(patience >= 1, "patience must be ≥ 1", patience);
        check(checkpointSeconds >= 1, "checkpointSeconds must be ≥ 1", checkpointSeconds);
        check(maxSeconds >= 0, "maxSeconds must be ≥ 0", maxSeconds);
    }

    /** ucasr's settings for {@code modality}, with epochs of 8,192 items to suit a CPU. */
    public static PretrainConfig defaults(NetworkSpec spec, ViewBatch.Modality modality) {
        return modality == ViewBatch.Modality.AUDIO
                ? new PretrainConfig(spec, modality, 128, 1e-3f, 1e-5f, 0.6f, 8192, 300, 15, 300, 0, 123)
                : new PretrainConfig(spec, modality, 256, 5e-4f, 1e-5f, 0.5f, 8192, 180, 10, 300, 0, 123);
    }

    /** Steps per epoch. */
    public int stepsPerEpoch() {
        return itemsPerEpoch / batchSize;
    }

    /** A copy with other run limits. */
    public PretrainConfig withLimits(int batch, int items, int epochs, int patienceEpochs, long budgetSeconds) {
        return new PretrainConfig(spec, modality, batch, learningRate, weightDecay, temperature, items, epochs,
                patienceEpochs, checkpointSeconds, budgetSeconds, seed);
    }

    /** A copy with another learning rate. */
    public PretrainConfig withLearningRate(float rate) {
        return new PretrainConfig(spec, modality, batchSize, rate, weightDecay, temperature, itemsPerEpoch, maxEpochs,
                patience, checkpointSeconds, maxSeconds, seed);
    }

    private static void check(boolean ok, String message, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(message + " but was " + value);
        }
    }
}
