package org.leggio.model.train;

import java.util.Objects;
import org.leggio.model.NetworkSpec;

/**
 * Hyperparameters of a supervised training run (PAPER-SPEC §4.1–4.2; defaults follow ucasr's
 * fine-tuning where the CPU allows, and say so where they differ). Immutable and validated; change
 * one value with the {@code with…} methods.
 *
 * @param spec the network to train
 * @param batchSize pairs per step (ucasr 128; the batch CCA needs well over {@code embeddingDim})
 * @param learningRate Adam's initial rate (ucasr fine-tuning 4e-4)
 * @param weightDecay L2 weight decay (1e-5)
 * @param margin hinge margin (ucasr 0.6)
 * @param ccaInTraining apply the batch CCA layer in the loss (as published) or not (ablation)
 * @param pairsPerEpoch pairs drawn per epoch (ucasr 32,768; smaller here so a CPU validates often)
 * @param maxEpochs hard limit on epochs
 * @param patience epochs without a better validation MRR before the rate is halved
 * @param refinements how many times the rate is halved (reloading the best weights) before stopping
 * @param ccaDecay per-step decay of the moving CCA statistics used for validation
 * @param refitPairs training pairs the final CCA refit uses (PAPER-SPEC §3.3: 25,000)
 * @param checkpointSeconds wall time between checkpoints within an epoch
 * @param maxSeconds wall-time budget of the run (0 = none); reaching it ends training gracefully
 *     with the best weights so far
 * @param seed seeds the random initialisation and nothing else (the pair source has its own)
 * @param frozenBlocks how many leading conv blocks of each pathway keep their initial weights: on a
 *     CPU, fine-tuning from a good initialisation with blocks 1–2 frozen skips their backward pass
 *     (they hold over half of the multiply-adds), at the cost of not adapting the earliest filters
 */
public record TrainingConfig(NetworkSpec spec, int batchSize, float learningRate, float weightDecay, float margin,
        boolean ccaInTraining, int pairsPerEpoch, int maxEpochs, int patience, int refinements, double ccaDecay,
        int refitPairs, int checkpointSeconds, long maxSeconds, long seed, int frozenBlocks) {

    /** Validates every value. */
    public TrainingConfig {
        Objects.requireNonNull(spec, "spec can't be null");
        require(batchSize >= 8, "batchSize must be ≥ 8", batchSize);
        // with B ≤ d pairs the batch CCA can align any batch perfectly: zero loss, zero gradient
        require(!ccaInTraining || batchSize >= 2 * spec.embeddingDim() + 2,
                "with the batch CCA layer, batchSize must be ≥ 2 × embeddingDim + 2 = " + (2 * spec.embeddingDim() + 2),
                batchSize);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1)", learningRate);
        require(weightDecay >= 0, "weightDecay must be ≥ 0", weightDecay);
        require(margin > 0 && margin <= 2, "margin must be in (0, 2]", margin);
        require(pairsPerEpoch >= batchSize, "pairsPerEpoch must be ≥ batchSize", pairsPerEpoch);
        require(maxEpochs >= 1, "maxEpochs must be ≥ 1", maxEpochs);
        require(patience >= 1, "patience must be ≥ 1", patience);
        require(refinements >= 0, "refinements must be ≥ 0", refinements);
        require(ccaDecay > 0 && ccaDecay <= 1, "ccaDecay must be in (0, 1]", ccaDecay);
        require(refitPairs >= 2L * spec.embeddingDim(), "refitPairs must be ≥ 2 × embeddingDim", refitPairs);
        require(checkpointSeconds >= 1, "checkpointSeconds must be ≥ 1", checkpointSeconds);
        require(maxSeconds >= 0, "maxSeconds must be ≥ 0", maxSeconds);
        require(frozenBlocks >= 0 && frozenBlocks <= 4, "frozenBlocks must be in 0…4", frozenBlocks);
    }

    /** The defaults for {@code spec}: batch 128, Adam 4e-4, wd 1e-5, margin 0.6, CCA on. */
    public static TrainingConfig defaults(NetworkSpec spec) {
        return new TrainingConfig(spec, 128, 4e-4f, 1e-5f, 0.6f, true, 8192, 60, 3, 2, 0.98, 25_000, 300, 0, 123, 0);
    }

    /** Steps per epoch. */
    public int stepsPerEpoch() {
        return pairsPerEpoch / batchSize;
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(spec, v, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch, maxEpochs,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withLearningRate(float v) {
        return new TrainingConfig(spec, batchSize, v, weightDecay, margin, ccaInTraining, pairsPerEpoch, maxEpochs,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withMargin(float v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, v, ccaInTraining, pairsPerEpoch, maxEpochs,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withCcaInTraining(boolean v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, v, pairsPerEpoch, maxEpochs,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withPairsPerEpoch(int v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, v, maxEpochs,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withMaxEpochs(int v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch, v,
                patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withPatience(int v, int refinementRounds) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, v, refinementRounds, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withRefitPairs(int v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, patience, refinements, ccaDecay, v, checkpointSeconds, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withCheckpointSeconds(int v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, patience, refinements, ccaDecay, refitPairs, v, maxSeconds, seed, frozenBlocks);
    }

    public TrainingConfig withMaxSeconds(long v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, patience, refinements, ccaDecay, refitPairs, checkpointSeconds, v, seed, frozenBlocks);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, v, frozenBlocks);
    }

    /** A copy with the first {@code v} conv blocks of both pathways frozen (not trained). */
    public TrainingConfig withFrozenBlocks(int v) {
        return new TrainingConfig(spec, batchSize, learningRate, weightDecay, margin, ccaInTraining, pairsPerEpoch,
                maxEpochs, patience, refinements, ccaDecay, refitPairs, checkpointSeconds, maxSeconds, seed, v);
    }

    private static void require(boolean ok, String message, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(message + " but was " + value);
        }
    }
}
