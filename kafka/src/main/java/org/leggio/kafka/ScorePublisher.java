package org.leggio.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.leggio.proto.v1.ScoreIndex;

/**
 * Publishes score indexes on the compacted {@value Topics#SCORES_NAME} topic, keyed by piece id, where
 * every matcher instance picks them up at once. A piece published again replaces the earlier index.
 *
 * <p>Lifecycle: owns a producer; {@link #close()} releases it. Threading: thread-safe. Each
 * {@link #publish} blocks until the broker has acknowledged the record (all in-sync replicas).
 */
public final class ScorePublisher implements AutoCloseable {
    private final KafkaProducer<String, ScoreIndex> producer;
    private final Duration timeout;

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param timeout how long one publish may take
     */
    public ScorePublisher(String bootstrap, Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout can't be null");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a score index holds every snippet embedding of a piece: well over the 1 MiB default
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.SCORES_MAX_MESSAGE_BYTES);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * Topics.SCORES_MAX_MESSAGE_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), Topics.SCORES.valueSerde());
    }

    /**
     * Publishes one piece and waits for the acknowledgement.
     *
     * @throws IllegalArgumentException if the index has no piece id
     * @throws LeggioKafkaException if the broker refuses it or does not answer in time
     */
    public RecordMetadata publish(ScoreIndex index) {
        if (index.getPieceId().isEmpty()) {
            throw new IllegalArgumentException("a score index without a piece id cannot be published");
        }
        try {
            return producer.send(new ProducerRecord<>(Topics.SCORES_NAME, index.getPieceId(), index))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeggioKafkaException("interrupted while publishing score " + index.getPieceId(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new LeggioKafkaException("could not publish score " + index.getPieceId() + " ("
                    + index.getSerializedSize() + " bytes) on " + Topics.SCORES_NAME + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
