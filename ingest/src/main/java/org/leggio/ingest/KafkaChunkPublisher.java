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
 * Produces a session's chunks to Kafka, keyed by session id, inside transactions: a run that
 * fails is aborted, so a read_committed consumer never sees a partial session's garbage.
 *
 * <p>Lifecycle: {@link #begin()}, any number of {@link #accept}, then {@link #commit()} or {@link
 * #abort()}, then {@link #close()}. With {@code commitEveryChunks = 1} (live and real-time
 * ingest) every chunk is committed at once, so followers see it with no delay; with 0 (a file as
 * fast as possible) the whole session is one transaction. Single-threaded.
 */
public final class KafkaChunkPublisher implements ChunkSink, AutoCloseable {
    /** Broker's default transaction.max.timeout.ms: a whole-file transaction may take this long. */
    private static final int TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

    private final Producer<String, SpectrogramChunk> producer;
    private final String topic;
    private final int commitEveryChunks;
    private volatile Exception sendFailure;
    private long uncommitted;
    private boolean inTransaction;

    /**
     * @param bootstrapServers Kafka bootstrap address, HOST:PORT[,HOST:PORT...]
     * @param topic the chunks topic (normally {@code leggio.audio.chunks})
     * @param sessionId the session; its producer's transactional id is derived from it, so a second
     *     ingest of the same session fences the first
     * @param commitEveryChunks commit after this many chunks; 0 = only in {@link #commit()}
     * @param valueSerializer the chunk serializer of the topic registry
     */
    public KafkaChunkPublisher(String bootstrapServers, String topic, String sessionId, int commitEveryChunks,
            Serializer<SpectrogramChunk> valueSerializer) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        this.topic = Objects.requireNonNull(topic, "topic can't be null");
        if (commitEveryChunks < 0) {
            throw new IllegalArgumentException("commitEveryChunks must be >= 0 but was " + commitEveryChunks);
        }
        this.commitEveryChunks = commitEveryChunks;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "leggio-ingest-" + sessionId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, commitEveryChunks == 1 ? 0 : 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "leggio-ingest-" + sessionId);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), valueSerializer);
    }

    /** Initialises the transactional producer and opens the first transaction. */
    public void begin() {
        try {
            producer.initTransactions();
            producer.beginTransaction();
            inTransaction = true;
        } catch (KafkaException e) {
            throw new IngestException("cannot start a Kafka transaction on " + topic + ": " + e.getMessage(), e);
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
        if (commitEveryChunks > 0 && ++uncommitted >= commitEveryChunks) {
            commit();
            begin0();
        }
    }

    /** Commits everything sent so far; afterwards nothing more may be sent unless {@link #begin()} is called. */
    public void commit() {
        throwIfSendFailed();
        try {
            producer.commitTransaction();
            inTransaction = false;
            uncommitted = 0;
        } catch (KafkaException e) {
            throw new IngestException("cannot commit chunks to " + topic + ": " + e.getMessage(), e);
        }
        throwIfSendFailed();
    }

    /** Aborts the open transaction: none of its chunks become visible. Never throws. */
    public void abort() {
        if (!inTransaction) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // The transaction times out and is aborted by the broker anyway.
        }
        inTransaction = false;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private void begin0() {
        try {
            producer.beginTransaction();
            inTransaction = true;
        } catch (KafkaException e) {
            throw new IngestException("cannot start a Kafka transaction on " + topic + ": " + e.getMessage(), e);
        }
    }

    private void throwIfSendFailed() {
        Exception failure = sendFailure;
        if (failure != null) {
            throw new IngestException("cannot send chunks to " + topic + ": " + failure.getMessage(), failure);
        }
    }
}
