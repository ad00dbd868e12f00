package org.leggio.model;

import java.util.Objects;

/**
 * How an {@link Embedder} runs: immutable and validated at construction. Build one with {@link
 * #builder()}; {@link #defaults()} is: automatic device, batch size and parallelism, the model's
 * own id.
 */
public final class EmbedderOptions {
    /** Largest number of inputs per forward pass on a GPU unless set. */
    public static final int DEFAULT_GPU_MAX_BATCH_SIZE = 128;
    /**
     * Largest number of inputs per forward pass on a CPU unless set: larger batches are slower
     * there (batch 128 runs at about half the throughput of batch 8–16 on a 2-core machine, the
     * activations no longer fitting the caches).
     */
    public static final int DEFAULT_CPU_MAX_BATCH_SIZE = 16;
    /**
     * Most batches of one call that run at once on a CPU unless set (capped by the number of
     * processors): libtorch's own threads hardly speed up this small network (one call on 2 cores:
     * ≈140 windows/s with 2 intra-op threads, ≈120 with 1), while two batches side by side reach
     * ≈220.
     */
    public static final int DEFAULT_CPU_PARALLELISM = 4;

    /** Where inference runs. */
    public enum DeviceChoice {
        /** The first GPU when the engine sees one, else the CPU. */
        AUTO,
        /** Always the CPU. */
        CPU,
        /** The first GPU; opening fails when the engine sees none. */
        GPU
    }

    private static final EmbedderOptions DEFAULTS = builder().build();

    private final int maxBatchSize;
    private final int parallelism;
    private final DeviceChoice device;
    private final String modelId;

    private EmbedderOptions(Builder builder) {
        this.maxBatchSize = builder.maxBatchSize;
        this.parallelism = builder.parallelism;
        this.device = builder.device;
        this.modelId = builder.modelId;
    }

    /** Automatic device, batch size and parallelism, the model's own id. */
    public static EmbedderOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The largest number of inputs per forward pass (longer lists run as several batches), or 0
     * for automatic: {@value #DEFAULT_GPU_MAX_BATCH_SIZE} on a GPU, {@value
     * #DEFAULT_CPU_MAX_BATCH_SIZE} on a CPU.
     */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** The batch size in effect on a GPU ({@code gpu} true) or a CPU. */
    public int maxBatchSize(boolean gpu) {
        if (maxBatchSize > 0) {
            return maxBatchSize;
        }
        return gpu ? DEFAULT_GPU_MAX_BATCH_SIZE : DEFAULT_CPU_MAX_BATCH_SIZE;
    }

    /**
     * How many batches of one call may run at once on their own threads, or 0 for automatic:
     * min({@value #DEFAULT_CPU_PARALLELISM}, processors) on a CPU, 1 on a GPU. A call of n inputs
     * is cut into ⌈n / parallelism⌉-sized batches (at most {@link #maxBatchSize(boolean)}) so that
     * they can spread over the workers.
     */
    public int parallelism() {
        return parallelism;
    }

    /** The parallelism in effect on a GPU ({@code gpu} true) or a CPU with {@code processors}. */
    public int parallelism(boolean gpu, int processors) {
        if (parallelism > 0) {
            return parallelism;
        }
        return gpu ? 1 : Math.max(1, Math.min(DEFAULT_CPU_PARALLELISM, processors));
    }

    /** Where inference runs. */
    public DeviceChoice device() {
        return device;
    }

    /** A model id that replaces the one derived from the model files, or {@code null}. */
    public String modelId() {
        return modelId;
    }

    @Override
    public String toString() {
        return "EmbedderOptions{maxBatchSize=" + (maxBatchSize == 0 ? "auto" : maxBatchSize)
                + ", parallelism=" + (parallelism == 0 ? "auto" : parallelism) + ", device=" + device
                + (modelId == null ? "" : ", modelId=" + modelId) + "}";
    }

    /** Builds {@link EmbedderOptions}; every setter checks its argument. */
    public static final class Builder {
        private int maxBatchSize;
        private int parallelism;
        private DeviceChoice device = DeviceChoice.AUTO;
        private String modelId;

        private Builder() {}

        /** Largest number of inputs per forward pass (1 to 65536), or 0 for automatic (default). */
        public Builder maxBatchSize(int maxBatchSize) {
            if (maxBatchSize < 0 || maxBatchSize > 65536) {
                throw new IllegalArgumentException(
                        "maxBatchSize must be in [0, 65536] (0 = automatic) but was " + maxBatchSize);
            }
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Batches of one call run at once (1 to 64), or 0 for automatic (default). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 0 || parallelism > 64) {
                throw new IllegalArgumentException(
                        "parallelism must be in [0, 64] (0 = automatic) but was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** Where inference runs (default {@link DeviceChoice#AUTO}). */
        public Builder device(DeviceChoice device) {
            this.device = Objects.requireNonNull(device, "device can't be null");
            return this;
        }

        /** Overrides the model id derived from the files (non-blank, no whitespace). */
        public Builder modelId(String modelId) {
            Objects.requireNonNull(modelId, "modelId can't be null");
            if (modelId.isBlank() || modelId.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "modelId must be non-blank without whitespace but was '" + modelId + "'");
            }
            this.modelId = modelId;
            return this;
        }

        /** The options. */
        public EmbedderOptions build() {
            return new EmbedderOptions(this);
        }
    }
}
