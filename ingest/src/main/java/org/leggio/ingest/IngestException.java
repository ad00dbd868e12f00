package org.leggio.ingest;

/**
 * The ingest module's one domain exception: audio that cannot be opened, decoded or captured.
 *
 * <p>Messages name the problem and the file or device, for example {@code "not an audio file
 * (expected WAV, AIFF or AU): /data/notes.txt"} or {@code "truncated: header declares 1000 frames,
 * file holds 499: /data/take1.wav"}, so that they can be shown to a user as they are. A vendor
 * exception that caused the failure is kept as the cause.
 */
public class IngestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the problem and the file or device.
     *
     * @param message the problem and the file or device it concerns
     */
    public IngestException(String message) {
        super(message);
    }

    /**
     * Creates an exception that wraps the vendor exception that caused it.
     *
     * @param message the problem and the file or device it concerns
     * @param cause the underlying exception, kept for diagnosis
     */
    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
