package org.leggio.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.leggio.broker.EmbeddedBrokerConfig;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.leggio.kafka.TopicAdmin;
import org.leggio.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio broker}: a single-node KRaft broker for the other Leggio processes, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Runs a real single-node Kafka broker (KRaft) in this process until Ctrl-C, with Leggio's topics created.",
            "Other leggio commands reach it with --bootstrap 127.0.0.1:PORT."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory; reused on restart (default: a temporary directory, deleted on exit).")
    Path dataDirectory;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the audio-side topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        EmbeddedBrokerConfig.Builder config = EmbeddedBrokerConfig.builder().port(port).numPartitionsDefault(partitions);
        if (dataDirectory != null) {
            config.dataDirectory(dataDirectory);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.build())) {
            try (TopicAdmin admin = TopicAdmin.create(broker.bootstrapServers())) {
                admin.ensureTopics(Topics.specs(partitions, (short) 1), Duration.ofSeconds(30));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                stopped.countDown();
            }, "leggio-broker-shutdown"));
            System.out.printf("Kafka broker ready at %s (data in %s). Ctrl-C stops it.%n",
                    broker.bootstrapServers(), broker.dataDirectory());
            stopped.await();
        }
        return 0;
    }
}
