package org.leggio.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Checks quickly whether a Kafka cluster answers, so that a command-line tool can report an
 * unreachable broker with one clear message within seconds instead of hanging in a client's default
 * 60 s timeouts.
 *
 * <p>Stateless and thread-safe.
 */
public final class KafkaReachability {

    /** Pause between connection attempts while no address accepts connections. */
    private static final long RETRY_PAUSE_MS = 200;

    private KafkaReachability() {
    }

    /**
     * Returns once a Kafka broker at {@code bootstrapServers} has answered, or throws once
     * {@code timeout} has passed.
     *
     * <p>First it opens a plain TCP connection to each address in turn, retrying refused connections
     * until one is accepted (so a broker that is still starting is waited for); an address whose host
     * does not resolve fails at once. Then it asks the cluster for its id with a Kafka {@code Admin}
     * client. The whole check takes at most about {@code timeout}.
     *
     * @param bootstrapServers comma-separated {@code host:port} pairs, as for {@code bootstrap.servers}
     * @param timeout the time allowed, positive; a few seconds is typical
     * @return the id of the cluster that answered
     * @throws BrokerUnreachableException if nothing accepted a connection, no host resolved, or no Kafka
     *     broker answered in time; the message reads {@code "cannot reach Kafka at ADDRESSES within N s:
     *     REASON"} and the cause is kept
     * @throws IllegalArgumentException naming the bad entry if {@code bootstrapServers} is not a
     *     comma-separated list of {@code host:port} (e.g. {@code "nohost"}), or if the timeout is not positive
     */
    public static String check(String bootstrapServers, Duration timeout) {
        List<BootstrapServers.Address> addresses = BootstrapServers.parse(bootstrapServers);
        long timeoutMs = Durations.checkPositiveMillis(timeout, "timeout");
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        awaitConnectable(addresses, bootstrapServers, timeout, deadlineNanos);
        return describeCluster(bootstrapServers, timeout, deadlineNanos);
    }

    private static void awaitConnectable(List<BootstrapServers.Address> addresses, String bootstrapServers,
                                         Duration timeout, long deadlineNanos) {
        Map<BootstrapServers.Address, IOException> failures = new LinkedHashMap<>();
        while (true) {
            for (BootstrapServers.Address address : addresses) {
                try {
                    connect(address, deadlineNanos);
                    return;
                } catch (IOException e) {
                    failures.put(address, e);
                }
            }
            boolean allUnknownHosts = failures.values().stream().allMatch(e -> e instanceof UnknownHostException);
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (allUnknownHosts || remainingMs <= 0) {
                IOException last = null;
                List<String> reasons = new ArrayList<>();
                for (Map.Entry<BootstrapServers.Address, IOException> failure : failures.entrySet()) {
                    reasons.add(failure.getKey() + " (" + describe(failure.getValue()) + ")");
                    last = failure.getValue();
                }
                throw new BrokerUnreachableException(bootstrapServers, timeout, String.join(", ", reasons), last);
            }
            sleep(Math.min(RETRY_PAUSE_MS, remainingMs));
        }
    }

    private static void connect(BootstrapServers.Address address, long deadlineNanos) throws IOException {
        InetAddress[] resolved = InetAddress.getAllByName(address.host());
        IOException last = null;
        for (InetAddress ip : resolved) {
            int connectTimeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, address.port()), connectTimeoutMs);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String describeCluster(String bootstrapServers, Duration timeout, long deadlineNanos) {
        int remainingMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        Map<String, Object> configs = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "leggio-reachability-check",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, remainingMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, remainingMs,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) remainingMs,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) remainingMs);
        Admin admin;
        try {
            admin = Admin.create(configs);
        } catch (RuntimeException e) {
            throw new BrokerUnreachableException(bootstrapServers, timeout, describe(e), e);
        }
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs))
                    .clusterId()
                    .get(remainingMs + 500L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BrokerUnreachableException(bootstrapServers, timeout,
                    "a server accepts connections but did not answer as a Kafka broker (" + describe(cause) + ")",
                    cause);
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException(bootstrapServers, timeout,
                    "a server accepts connections but did not answer as a Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeggioKafkaException("interrupted while checking whether Kafka is reachable at "
                    + bootstrapServers, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof UnknownHostException) {
            return "unknown host " + failure.getMessage();
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeggioKafkaException("interrupted while checking whether Kafka is reachable", e);
        }
    }
}
