package org.leggio.model.eval;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Immutable, validated settings of a {@link RetrievalEvaluation}. Build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>unit / range</th></tr>
 *   <tr><td>maxPairs</td><td>2000</td><td>pairs evaluated, ≥ 1 (TISMIR's N; ucasr uses 10 000); a
 *       larger set is cut down to this many</td></tr>
 *   <tr><td>subsetSeed</td><td>none</td><td>none: the cut keeps evenly spaced pairs (the papers'
 *       {@code linspace}); a seed: {@link PairSet#subset(int, long)} with it</td></tr>
 *   <tr><td>batchSize</td><td>64</td><td>inputs per {@code Embedder} call, 1..65536</td></tr>
 *   <tr><td>identification</td><td>{@link IdentificationConfig#defaults()}</td><td>100 query
 *       snippets, 25 neighbours</td></tr>
 * </table>
 */
public final class EvaluationConfig {
    public static final int DEFAULT_MAX_PAIRS = 2000;
    public static final int DEFAULT_BATCH_SIZE = 64;
    private static final int MAX_BATCH_SIZE = 65536;

    private final int maxPairs;
    private final OptionalLong subsetSeed;
    private final int batchSize;
    private final IdentificationConfig identification;

    private EvaluationConfig(Builder b) {
        this.maxPairs = b.maxPairs;
        this.subsetSeed = b.subsetSeed;
        this.batchSize = b.batchSize;
        this.identification = b.identification;
    }

    /** All defaults. */
    public static EvaluationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Most pairs evaluated. */
    public int maxPairs() {
        return maxPairs;
    }

    /** Seed of the random cut; empty for the evenly spaced cut. */
    public OptionalLong subsetSeed() {
        return subsetSeed;
    }

    /** Inputs per embedder call. */
    public int batchSize() {
        return batchSize;
    }

    /** Settings of piece identification. */
    public IdentificationConfig identification() {
        return identification;
    }

    /** Builder of {@link EvaluationConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private int maxPairs = DEFAULT_MAX_PAIRS;
        private OptionalLong subsetSeed = OptionalLong.empty();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private IdentificationConfig identification = IdentificationConfig.defaults();

        private Builder() {}

        public Builder maxPairs(int pairs) {
            if (pairs < 1) {
                throw new IllegalArgumentException("maxPairs must be >= 1 but was " + pairs);
            }
            this.maxPairs = pairs;
            return this;
        }

        /** Cut larger sets by a random subset with this seed instead of evenly spaced pairs. */
        public Builder subsetSeed(long seed) {
            this.subsetSeed = OptionalLong.of(seed);
            return this;
        }

        public Builder batchSize(int inputs) {
            if (inputs < 1 || inputs > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be in 1.." + MAX_BATCH_SIZE + " but was " + inputs);
            }
            this.batchSize = inputs;
            return this;
        }

        public Builder identification(IdentificationConfig config) {
            this.identification = Objects.requireNonNull(config, "identification can't be null");
            return this;
        }

        public EvaluationConfig build() {
            return new EvaluationConfig(this);
        }
    }
}
