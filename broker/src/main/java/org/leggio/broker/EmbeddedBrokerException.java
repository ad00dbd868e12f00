package org.leggio.broker;

/**
 * Thrown when an {@link EmbeddedKafkaBroker} cannot start or stop: the data directory is unusable,
 * formatting the storage failed, the ports could not be bound, or the server failed. The message names
 * the directory or port involved; the cause is the underlying failure.
 */
public class EmbeddedBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the directory or port involved
     * @param cause the underlying failure, may be null
     */
    public EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed, naming the directory or port involved */
    public EmbeddedBrokerException(String message) {
        super(message);
    }
}
