package org.leggio.dataset.asap;

/**
 * Malformed or missing corpus data, or a dataset file that cannot be read or written.
 *
 * <p>Messages name the file and, where there is one, the line, for example {@code
 * "performances.csv line 12: expected 15 fields, got 14: /data/asap/performances.csv"}, so they can
 * be shown as they are.
 */
public class AsapDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the problem and the file.
     *
     * @param message the problem, the file and where possible the line
     */
    public AsapDataException(String message) {
        super(message);
    }

    /**
     * Creates an exception that keeps the exception that caused it.
     *
     * @param message the problem, the file and where possible the line
     * @param cause the underlying exception
     */
    public AsapDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
