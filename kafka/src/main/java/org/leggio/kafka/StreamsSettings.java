package org.leggio.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The Kafka Streams settings every Leggio service shares: exactly-once processing, bad records logged
 * (topic, partition, offset) and skipped, and latency-oriented client settings.
 *
 * <p>Latency choices, each one measured in {@code docs/benchmarks.md} ("Pipeline"):
 * <ul>
 *   <li>{@code commit.interval.ms} {@value #COMMIT_INTERVAL_MS}: under exactly-once, output becomes
 *       visible to {@code read_committed} consumers only when the transaction commits, so the commit
 *       interval is a floor on every hop's latency (the default under exactly-once is 100 ms).</li>
 *   <li>{@code linger.ms} 0 on the producer (Kafka 4 defaults to 5 ms) and {@code fetch.max.wait.ms}
 *       {@value #FETCH_MAX_WAIT_MS} on the consumer, so an idle fetch comes back quickly.</li>
 *   <li>{@code poll.ms} {@value #POLL_MS}: how long a stream thread blocks for input; wall-clock
 *       punctuations (batch flushes, expiry) wait for it.</li>
 *   <li>{@code session.timeout.ms} {@value #SESSION_TIMEOUT_MS} (the broker's minimum): a crashed
 *       instance's partitions move to the survivors after 6 s instead of 45 s.</li>
 * </ul>
 *
 * <p>Stateless utility; thread-safe.
 */
public final class StreamsSettings {

    /** Transaction commit interval under exactly-once, ms. */
    public static final int COMMIT_INTERVAL_MS = 20;
    /** How long a stream thread blocks waiting for input, ms. */
    public static final int POLL_MS = 5;
    /** Longest wait of a fetch that finds no data, ms. */
    public static final int FETCH_MAX_WAIT_MS = 10;
    /** Consumer group session timeout, ms. */
    public static final int SESSION_TIMEOUT_MS = 6_000;
    /** Heartbeat interval, ms (a third of the session timeout). */
    public static final int HEARTBEAT_INTERVAL_MS = 2_000;

    private StreamsSettings() {
    }

    /**
     * Settings for one Leggio Streams application.
     *
     * @param bootstrap the Kafka bootstrap servers, e.g. {@code "127.0.0.1:9092"}
     * @param applicationId the application id (consumer group and prefix of internal topics); instances
     *     of one service share it
     * @param stateDir where local state stores live; one directory per instance on a machine
     * @param overrides any Streams, consumer or producer settings to set last (may be empty)
     * @return a new properties object
     */
    public static Properties exactlyOnce(String bootstrap, String applicationId, Path stateDir,
            Map<String, ?> overrides) {
        Objects.requireNonNull(bootstrap, "bootstrap can't be null");
        Objects.requireNonNull(applicationId, "applicationId can't be null");
        Objects.requireNonNull(stateDir, "stateDir can't be null");
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        // a score index holds every snippet embedding of a piece: well over the 1 MiB default
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.SCORES_MAX_MESSAGE_BYTES);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Topics.SCORES_MAX_MESSAGE_BYTES);
        props.putAll(overrides);
        return props;
    }
}
