package org.leggio.model.eval;

/**
 * Immutable, validated settings of piece identification. Build with {@link #builder()}; {@link
 * #defaults()} gives the papers' values.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>unit / range</th></tr>
 *   <tr><td>querySnippets</td><td>100</td><td>snippets taken evenly from each query piece, ≥ 1
 *       (all of them when the piece has fewer); voting and DTW both use them</td></tr>
 *   <tr><td>neighbours</td><td>25</td><td>nearest database snippets per query snippet that vote, ≥ 1
 *       (capped at the database size)</td></tr>
 * </table>
 */
public final class IdentificationConfig {
    public static final int DEFAULT_QUERY_SNIPPETS = 100;
    public static final int DEFAULT_NEIGHBOURS = 25;

    private final int querySnippets;
    private final int neighbours;

    private IdentificationConfig(Builder b) {
        this.querySnippets = b.querySnippets;
        this.neighbours = b.neighbours;
    }

    /** The papers' settings: 100 query snippets, 25 neighbours. */
    public static IdentificationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Query snippets per piece (evenly spaced). */
    public int querySnippets() {
        return querySnippets;
    }

    /** Voting neighbours per query snippet. */
    public int neighbours() {
        return neighbours;
    }

    /** Builder of {@link IdentificationConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private int querySnippets = DEFAULT_QUERY_SNIPPETS;
        private int neighbours = DEFAULT_NEIGHBOURS;

        private Builder() {}

        public Builder querySnippets(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("querySnippets must be >= 1 but was " + count);
            }
            this.querySnippets = count;
            return this;
        }

        public Builder neighbours(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("neighbours must be >= 1 but was " + count);
            }
            this.neighbours = count;
            return this;
        }

        public IdentificationConfig build() {
            return new IdentificationConfig(this);
        }
    }
}
