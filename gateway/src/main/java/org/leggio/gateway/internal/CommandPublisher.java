package org.leggio.gateway.internal;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.SessionCommand;

/** Sends session commands to {@code leggio.session.commands} (idempotent, no linger). Thread-safe. */
public final class CommandPublisher implements AutoCloseable {
    private final KafkaProducer<String, SessionCommand> producer;

    public CommandPublisher(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), Topics.SESSION_COMMANDS.valueSerde());
    }

    /** Sends; the future completes when the broker has the command (or fails with its error). */
    public CompletableFuture<Void> send(SessionCommand command) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.SESSION_COMMANDS_NAME, command.getSessionId(), command),
                (meta, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(null);
                    }
                });
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
