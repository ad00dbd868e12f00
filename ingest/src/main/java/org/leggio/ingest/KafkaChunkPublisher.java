package org.leggio.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.leggio.proto.v1.SpectrogramChunk;

/**
 * Produces a session's chunks to Kafka, keyed by session id.
 *
 * <p>Two deliveries: {@link Delivery#ALL_OR_NOTHING} (a file processed as fast as possible) puts the
 * whole session in one transaction, aborted on any failure, so a read_committed consumer sees all
 * of it or nothing. {@link Delivery#IMMEDIATE} (live capture, real-time pacing) sends each chunk at
 * once through an idempotent producer with no linger, so followers see it within a millisecond
 * or two; a transaction per chunk would cost about 12 ms per commit (docs/benchmarks.md).
 *
 * <p>Lifecycle: {@link #begin()}, any number of {@link #accept}, then {@link #commit()} or {@link
 * #abort()}, then {@link #close()}. Single-threaded.
 */
public final class KafkaChunkPublisher implements ChunkSink, AutoCloseable {
    /** How chunks become visible to consumers. */
    public enum Delivery {
        /** One transaction for the whole session: visible at the end, or never. */
        ALL_OR_NOTHING,
        /** Each chunk at once (idempotent producer, linger 0). */
        IMMEDIATE
    }

    /** Broker's default transaction.max.timeout.ms: a whole-file transaction may take this long. */
    private static final int TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

    private final Producer<String, SpectrogramChunk> producer;
    private final String topic;
    private final Delivery delivery;
    private volatile Exception sendFailure;
    private boolean inTransaction;

    /**
     * @param bootstrapServers Kafka bootstrap address, HOST:PORT[,HOST:PORT...]
     * @param topic the chunks topic (normally {@code leggio.audio.chunks})
     * @param sessionId the session; with {@link Delivery#ALL_OR_NOTHING} the producer's transactional
     *     id is derived from it, so a second ingest of the same session fences the first
     * @param delivery how chunks become visible
     * @param valueSerializer the chunk serializer of the topic registry
     */
    public KafkaChunkPublisher(String bootstrapServers, String topic, String sessionId, Delivery delivery,
            Serializer<SpectrogramChunk> valueSerializer) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        this.topic = Objects.requireNonNull(topic, "topic can't be null");
        this.delivery = Objects.requireNonNull(delivery, "delivery can't be null");
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (delivery == Delivery.ALL_OR_NOTHING) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "leggio-ingest-" + sessionId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        }
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, delivery == Delivery.IMMEDIATE ? 0 : 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "leggio-ingest-" + sessionId);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), valueSerializer);
    }

    /**
     * Opens the session: initialises the transactional producer and its transaction, or (immediate
     * delivery) checks that the topic is there.
     */
    public void begin() {
        try {
            if (delivery == Delivery.ALL_OR_NOTHING) {
                producer.initTransactions();
                producer.beginTransaction();
                inTransaction = true;
            } else {
                producer.partitionsFor(topic);
            }
        } catch (KafkaException e) {
            throw new IngestException("cannot start producing to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(SpectrogramChunk chunk) {
        throwIfSendFailed();
        producer.send(new ProducerRecord<>(topic, chunk.getSessionId(), chunk), (metadata, e) -> {
            if (e != null && sendFailure == null) {
                sendFailure = e;
            }
        });
    }

    /** Makes everything sent so far visible (commits, or flushes) and reports any send failure. */
    public void commit() {
        throwIfSendFailed();
        try {
            if (inTransaction) {
                producer.commitTransaction();
                inTransaction = false;
            } else {
                producer.flush();
            }
        } catch (KafkaException e) {
            throw new IngestException("cannot commit chunks to " + topic + ": " + e.getMessage(), e);
        }
        throwIfSendFailed();
    }

    /**
     * Aborts the open transaction: none of its chunks become visible. With immediate delivery the
     * chunks already sent stay (they were valid audio). Never throws.
     */
    public void abort() {
        if (!inTransaction) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // The broker aborts the transaction when it times out anyway.
        }
        inTransaction = false;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private void throwIfSendFailed() {
        Exception failure = sendFailure;
        if (failure != null) {
            throw new IngestException("cannot send chunks to " + topic + ": " + failure.getMessage(), failure);
        }
    }
}
