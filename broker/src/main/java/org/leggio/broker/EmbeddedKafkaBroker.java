package org.leggio.broker;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.leggio.broker.internal.DataDirectories;
import org.leggio.broker.internal.DirectoryLock;
import org.leggio.broker.internal.FreePorts;
import org.leggio.broker.internal.KraftNode;
import org.leggio.broker.internal.KraftProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker running inside this JVM, in KRaft mode (the node is both broker and
 * controller), listening on 127.0.0.1 only.
 *
 * <p>It serves the full Kafka protocol, including transactions and exactly-once processing, to any
 * client given {@link #bootstrapServers()}. Topics are never created automatically: create them
 * explicitly with an {@code Admin} client. Every internal topic has replication factor 1.
 *
 * <h2>Lifecycle</h2>
 * {@link #start(EmbeddedBrokerConfig)} formats the data directory on first use (a directory that
 * already holds {@code meta.properties} is reused as it is, with its topics and records), starts the
 * server and returns once the broker accepts clients, typically within one or two seconds.
 * {@link #close()} shuts the broker down cleanly and waits until it has stopped; after that the
 * broker cannot be started again, but a new broker may be started on the same data directory. A
 * temporary data directory (the default) is deleted on close; a configured one is kept. Use
 * try-with-resources:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
 *     String bootstrapServers = broker.bootstrapServers();   // "127.0.0.1:PORT"
 *     ...
 * }
 * }</pre>
 *
 * <p>Several brokers may run in one JVM as long as each has its own data directory and port. A data
 * directory can be used by one broker at a time.
 *
 * <h2>Threading</h2>
 * All methods are thread-safe. {@link #start(EmbeddedBrokerConfig)} and {@link #close()} block the
 * calling thread; the broker itself runs on Kafka's own threads.
 *
 * <h2>Fatal faults</h2>
 * The broker is Kafka's own {@code KafkaRaftServer}, which handles a fatal fault (for example a
 * corrupt metadata log found while running) as a standalone broker does: by terminating the JVM.
 * Failures while starting are reported as {@link EmbeddedBrokerException} instead.
 *
 * <h2>Logging</h2>
 * Kafka logs through SLF4J; the application chooses the SLF4J provider. Without one the broker's logs
 * are discarded and SLF4J prints a one-time warning.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Attempts to start on freshly picked ports when another process took a picked port first. */
    private static final int BIND_ATTEMPTS = 3;

    private final KraftNode node;
    private final DirectoryLock lock;
    private final Path dataDirectory;
    private final boolean temporaryDataDirectory;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KraftNode node, DirectoryLock lock, Path dataDirectory,
                                boolean temporaryDataDirectory, int port) {
        this.node = node;
        this.lock = lock;
        this.dataDirectory = dataDirectory;
        this.temporaryDataDirectory = temporaryDataDirectory;
        this.port = port;
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param config the settings; must not be null
     * @return the running broker, which the caller must {@link #close()}
     * @throws EmbeddedBrokerException if the data directory cannot be created, is not a writable
     *     directory or is in use, if formatting fails, if the port cannot be bound, or if the server
     *     fails to start; the message names the directory or port and the cause is kept
     */
    public static EmbeddedKafkaBroker start(EmbeddedBrokerConfig config) {
        Objects.requireNonNull(config, "config can't be null");
        long startNanos = System.nanoTime();
        boolean temporary = config.dataDirectory().isEmpty();
        Path dataDirectory = temporary
                ? DataDirectories.createTemporary()
                : DataDirectories.prepare(config.dataDirectory().get());
        DirectoryLock lock = null;
        try {
            lock = DirectoryLock.acquire(dataDirectory);
            checkPortFree(config.port());
            for (int attempt = 1; ; attempt++) {
                int[] ports = FreePorts.pick(2);
                int port = config.port() == EmbeddedBrokerConfig.ANY_FREE_PORT ? ports[0] : config.port();
                int controllerPort = ports[1] == port ? ports[0] : ports[1];
                Map<String, String> properties =
                        KraftProperties.of(dataDirectory, port, controllerPort, config.numPartitionsDefault());
                try {
                    KraftNode node = KraftNode.start(dataDirectory, properties);
                    LOG.info("Embedded Kafka broker started at 127.0.0.1:{} in {} ms (data directory {})",
                            port, (System.nanoTime() - startNanos) / 1_000_000, dataDirectory);
                    return new EmbeddedKafkaBroker(node, lock, dataDirectory, temporary, port);
                } catch (EmbeddedBrokerException e) {
                    if (attempt >= BIND_ATTEMPTS || !isBindFailure(e)) {
                        throw e;
                    }
                    LOG.warn("A picked port was taken before the broker could bind it; retrying on new ports", e);
                }
            }
        } catch (RuntimeException e) {
            release(lock, e);
            if (temporary) {
                deleteQuietly(dataDirectory, e);
            }
            throw e;
        }
    }

    /** The address clients connect to: {@code "127.0.0.1:PORT"}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * The data directory (absolute). For a temporary directory it no longer exists after
     * {@link #close()}.
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Shuts the broker down cleanly, waits until it has stopped, then deletes the data directory if it
     * was temporary. Calling it again does nothing.
     *
     * @throws EmbeddedBrokerException if the temporary data directory cannot be deleted
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            node.stop();
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("Cannot release the lock on {}", dataDirectory, e);
            }
        }
        LOG.info("Embedded Kafka broker at 127.0.0.1:{} stopped in {} ms", port,
                (System.nanoTime() - startNanos) / 1_000_000);
        if (temporaryDataDirectory) {
            try {
                DataDirectories.deleteRecursively(dataDirectory);
            } catch (IOException e) {
                throw new EmbeddedBrokerException(
                        "cannot delete the temporary Kafka data directory " + dataDirectory + ": " + e, e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker{" + bootstrapServers() + ", dataDirectory=" + dataDirectory + '}';
    }

    private static void checkPortFree(int port) {
        if (port == EmbeddedBrokerConfig.ANY_FREE_PORT) {
            return;
        }
        try {
            FreePorts.checkFree(port);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    private static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void release(DirectoryLock lock, Exception primary) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path directory, Exception primary) {
        try {
            DataDirectories.deleteRecursively(directory);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
