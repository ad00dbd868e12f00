package org.leggio.embed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.leggio.kafka.StreamsSettings;
import org.leggio.model.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the embedding processor: the {@link EmbeddingTopology} running against a Kafka cluster.
 * Instances with the same application id share the sessions; a GPU instance and CPU instances can be
 * mixed.
 *
 * <h2>Lifecycle</h2>
 * {@link #start(Duration)} once, then {@link #close()}; the embedder stays open (the caller owns it).
 *
 * <h2>Threading</h2>
 * Methods are thread-safe; the work runs on Kafka Streams' threads, which share the embedder.
 */
public final class EmbedService implements AutoCloseable {
    /** Application id shared by all embedding instances. */
    public static final String DEFAULT_APPLICATION_ID = "leggio-embed";

    private static final Logger LOG = LoggerFactory.getLogger(EmbedService.class);

    private final KafkaStreams streams;
    private final EmbedMetrics metrics = new EmbedMetrics();
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile Throwable failure;

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param applicationId shared by the instances of one deployment
     * @param stateDir this instance's local state directory
     * @param config windows, hop and batching
     * @param embedder the network
     * @param overrides Streams/consumer/producer settings applied last
     */
    public EmbedService(String bootstrap, String applicationId, Path stateDir, EmbedConfig config, Embedder embedder,
            Map<String, ?> overrides) {
        Objects.requireNonNull(embedder, "embedder can't be null");
        this.streams = new KafkaStreams(EmbeddingTopology.build(config, embedder, metrics),
                StreamsSettings.exactlyOnce(bootstrap, applicationId, stateDir, overrides));
        streams.setStateListener((now, before) -> {
            LOG.info("embedder: {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            LOG.error("embedding stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * Starts the instance and waits until it is running.
     *
     * @throws IllegalStateException if it is not running within {@code timeout}
     */
    public void start(Duration timeout) {
        streams.start();
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the embedding service did not start within " + timeout + " (state "
                        + streams.state() + (failure == null ? "" : ", last error: " + failure) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedding service", e);
        }
    }

    /** Counters since the last reset (batches, mean batch size, network time). */
    public EmbedMetrics metrics() {
        return metrics;
    }

    /** The Kafka Streams state of this instance (RUNNING once started, REBALANCING while sessions move). */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Stops processing, commits and leaves the group. */
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
