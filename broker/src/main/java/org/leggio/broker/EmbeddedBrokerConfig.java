package org.leggio.broker;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable, validated settings of an {@link EmbeddedKafkaBroker}.
 *
 * <p>Build one with {@link #builder()}; every setting is optional:
 *
 * <pre>{@code
 * EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder()
 *         .dataDirectory(Path.of("/var/lib/leggio/kafka"))   // keep data across restarts
 *         .port(9092)
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads. The builder is not thread-safe.
 */
public final class EmbeddedBrokerConfig {

    /** Port value that asks for a free loopback port chosen at start. */
    public static final int ANY_FREE_PORT = 0;

    /** Default for {@link Builder#numPartitionsDefault(int)}: partitions of a topic created without a count. */
    public static final int NUM_PARTITIONS_DEFAULT = 4;

    private static final int MAX_PORT = 65_535;

    private final Path dataDirectory;
    private final int port;
    private final int numPartitionsDefault;

    private EmbeddedBrokerConfig(Builder builder) {
        this.dataDirectory = builder.dataDirectory;
        this.port = builder.port;
        this.numPartitionsDefault = builder.numPartitionsDefault;
    }

    /** Returns a new builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the configuration with every default: temporary data directory, free port, 4 partitions. */
    public static EmbeddedBrokerConfig defaults() {
        return builder().build();
    }

    /**
     * The directory holding the broker's logs and metadata, or empty when the broker uses a fresh
     * temporary directory that it deletes on close.
     */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** The client port on 127.0.0.1, or {@link #ANY_FREE_PORT} to pick a free one at start. */
    public int port() {
        return port;
    }

    /** Partitions of a topic that is created without an explicit partition count. */
    public int numPartitionsDefault() {
        return numPartitionsDefault;
    }

    @Override
    public String toString() {
        return "EmbeddedBrokerConfig{dataDirectory=" + (dataDirectory == null ? "<temporary>" : dataDirectory)
                + ", port=" + (port == ANY_FREE_PORT ? "<any free>" : port)
                + ", numPartitionsDefault=" + numPartitionsDefault + '}';
    }

    /** Builder of {@link EmbeddedBrokerConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Path dataDirectory;
        private int port = ANY_FREE_PORT;
        private int numPartitionsDefault = NUM_PARTITIONS_DEFAULT;

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code directory} (created if missing) and never deletes it, so a
         * broker started again on the same directory finds its topics and records. Without this call the
         * broker uses a new temporary directory and deletes it on close.
         *
         * @param directory the data directory; must not be null
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "dataDirectory can't be null");
            return this;
        }

        /**
         * Sets the client port on 127.0.0.1; {@link #ANY_FREE_PORT} (the default) picks a free one.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the partition count of topics created without an explicit count (default 4).
         *
         * @param partitions at least 1
         * @return this builder
         */
        public Builder numPartitionsDefault(int partitions) {
            this.numPartitionsDefault = partitions;
            return this;
        }

        /**
         * Validates the settings and returns the configuration.
         *
         * @throws IllegalArgumentException if the port is outside 0..65535 or the partition count is below 1
         */
        public EmbeddedBrokerConfig build() {
            if (port < 0 || port > MAX_PORT) {
                throw new IllegalArgumentException("port must be between 0 and " + MAX_PORT + " but was " + port);
            }
            if (numPartitionsDefault < 1) {
                throw new IllegalArgumentException("numPartitionsDefault must be >= 1 but was " + numPartitionsDefault);
            }
            return new EmbeddedBrokerConfig(this);
        }
    }
}
