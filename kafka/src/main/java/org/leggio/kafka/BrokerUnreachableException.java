package org.leggio.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when no Kafka broker answered at the given bootstrap servers within the allowed time. The
 * message reads like {@code "cannot reach Kafka at 127.0.0.1:9 within 5 s: 127.0.0.1:9 (Connection
 * refused)"}; the cause is the last underlying failure.
 *
 * @see KafkaReachability#check(String, Duration)
 */
public class BrokerUnreachableException extends LeggioKafkaException {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final Duration timeout;

    /**
     * @param bootstrapServers the addresses that were tried, as given
     * @param timeout the time allowed
     * @param reason why the brokers could not be reached, appended to the message
     * @param cause the last underlying failure, may be null
     */
    public BrokerUnreachableException(String bootstrapServers, Duration timeout, String reason, Throwable cause) {
        super("cannot reach Kafka at " + bootstrapServers + " within " + Durations.describe(timeout) + ": " + reason,
                cause);
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout can't be null");
    }

    /** The addresses that were tried, as given by the caller. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The time the check was allowed. */
    public Duration timeout() {
        return timeout;
    }
}
