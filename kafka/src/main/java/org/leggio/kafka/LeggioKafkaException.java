package org.leggio.kafka;

/**
 * A failure of Leggio's Kafka plumbing that a caller can report as it is: the message names the
 * topic, address or setting involved, and the cause (if any) is the underlying Kafka or I/O failure.
 */
public class LeggioKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the topic, address or setting involved
     */
    public LeggioKafkaException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the topic, address or setting involved
     * @param cause the underlying failure, may be null
     */
    public LeggioKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
