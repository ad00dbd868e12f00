package org.leggio.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.leggio.kafka.KafkaReachability;
import org.leggio.kafka.TopicAdmin;
import org.leggio.kafka.TopicSpec;
import org.leggio.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio topics}: the explicit admin step that creates Leggio's topics on a cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates any missing Leggio topic with its partitions and configs (idempotent), and lists them.")
final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the audio-side topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() {
        KafkaReachability.check(bootstrapServers, KafkaOptions.CONNECT_TIMEOUT);
        try (TopicAdmin admin = TopicAdmin.create(bootstrapServers)) {
            admin.ensureTopics(Topics.specs(partitions, replicationFactor), Duration.ofSeconds(30));
        }
        for (TopicSpec spec : Topics.specs(partitions, replicationFactor)) {
            System.out.printf("%-26s partitions=%d replication=%d %s%n", spec.name(), spec.partitions(),
                    spec.replicationFactor(), spec.configs());
        }
        return 0;
    }
}
