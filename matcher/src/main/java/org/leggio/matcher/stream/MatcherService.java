package org.leggio.matcher.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.leggio.kafka.StreamsSettings;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.stream.internal.ScoreCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One matcher instance: the {@link MatcherTopology} running against a Kafka cluster. Start as many
 * instances (processes or machines) as there are partitions to share; they split the sessions between
 * them and take over each other's sessions from the changelog when one stops or dies.
 *
 * <h2>Lifecycle</h2>
 * {@link #start(Duration)} once, then {@link #close()}. Not restartable.
 *
 * <h2>Threading</h2>
 * Methods are thread-safe; the work runs on Kafka Streams' threads.
 */
public final class MatcherService implements AutoCloseable {
    /** Application id (consumer group, prefix of internal topics) shared by all matcher instances. */
    public static final String DEFAULT_APPLICATION_ID = "leggio-match";

    private static final Logger LOG = LoggerFactory.getLogger(MatcherService.class);

    private final ScoreCatalog catalog;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile Throwable failure;

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param applicationId the application id shared by the instances of one matcher deployment
     * @param stateDir this instance's local state directory
     * @param config the matcher settings
     * @param overrides Streams/consumer/producer settings applied last (e.g. {@code num.stream.threads})
     */
    public MatcherService(String bootstrap, String applicationId, Path stateDir, MatcherStreamConfig config,
            Map<String, ?> overrides) {
        Objects.requireNonNull(config, "config can't be null");
        this.catalog = new ScoreCatalog(config.modelId());
        this.streams = new KafkaStreams(MatcherTopology.build(config, catalog),
                StreamsSettings.exactlyOnce(bootstrap, applicationId, stateDir, overrides));
        streams.setStateListener((now, before) -> {
            LOG.info("matcher: {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            LOG.error("matcher stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
    }

    /**
     * Starts the instance and waits until it is running (its stores restored).
     *
     * @throws IllegalStateException if it is not running within {@code timeout}
     */
    public void start(Duration timeout) {
        streams.start();
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the matcher did not start within " + timeout + " (state "
                        + streams.state() + (failure == null ? "" : ", last error: " + failure) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the matcher", e);
        }
    }

    /** The pieces this instance currently knows. */
    public PieceLibrary library() {
        return catalog.library();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Stops processing, commits and leaves the group (its sessions move to the other instances). */
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
