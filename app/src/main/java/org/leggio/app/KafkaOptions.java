package org.leggio.app;

import java.nio.file.Path;
import java.time.Duration;
import org.leggio.broker.EmbeddedBrokerConfig;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.leggio.kafka.KafkaReachability;
import org.leggio.kafka.TopicAdmin;
import org.leggio.kafka.Topics;
import picocli.CommandLine.Option;

/** Where Kafka is: an external cluster ({@code --bootstrap}) or an embedded broker started here. */
final class KafkaOptions {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers. Default: start an embedded single-node broker in this process.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the embedded broker (default: a temporary directory, deleted on exit).")
    Path dataDirectory;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of the audio-side topics when they are created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "1", description = "Replication factor of topics when they are created (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    /** A Kafka to talk to, with Leggio's topics present; closing it stops an embedded broker. */
    interface Connection extends AutoCloseable {
        String bootstrapServers();

        boolean isEmbedded();

        @Override
        void close();
    }

    /** Connects (or starts the embedded broker) and creates any missing Leggio topic. */
    Connection connect() {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1 but was " + partitions);
        }
        if (bootstrapServers != null) {
            KafkaReachability.check(bootstrapServers, CONNECT_TIMEOUT);
            ensureTopics(bootstrapServers);
            return connection(bootstrapServers, null);
        }
        EmbeddedBrokerConfig.Builder config = EmbeddedBrokerConfig.builder().numPartitionsDefault(partitions);
        if (dataDirectory != null) {
            config.dataDirectory(dataDirectory);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.build());
        try {
            ensureTopics(broker.bootstrapServers());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return connection(broker.bootstrapServers(), broker);
    }

    private void ensureTopics(String bootstrap) {
        try (TopicAdmin admin = TopicAdmin.create(bootstrap)) {
            admin.ensureTopics(Topics.specs(partitions, replicationFactor), Duration.ofSeconds(30));
        }
    }

    private static Connection connection(String bootstrap, EmbeddedKafkaBroker broker) {
        return new Connection() {
            @Override
            public String bootstrapServers() {
                return bootstrap;
            }

            @Override
            public boolean isEmbedded() {
                return broker != null;
            }

            @Override
            public void close() {
                if (broker != null) {
                    broker.close();
                }
            }
        };
    }
}
