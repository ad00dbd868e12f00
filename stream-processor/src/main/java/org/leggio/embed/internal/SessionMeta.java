package org.leggio.embed.internal;

import java.nio.ByteBuffer;
import org.leggio.ingest.FrontEnd;

/**
 * What the processor remembers of one session besides its frames.
 *
 * @param nextChunkSequence the chunk sequence number expected next
 * @param lastFrame the newest frame received (−1: none)
 * @param lastEmbeddedFrame the newest frame whose embedding has been emitted (−1: none); embeddings due
 *     after it and up to {@code lastFrame} are still owed (after a crash they are recomputed)
 * @param nextEmbeddingSequence the sequence number of the next embedding
 * @param anchorFrame a frame whose capture time is known
 * @param anchorCaptureMicros its capture time, µs since the epoch
 * @param lastActivityMillis wall-clock time of the last chunk, ms since the epoch
 */
record SessionMeta(long nextChunkSequence, long lastFrame, long lastEmbeddedFrame, long nextEmbeddingSequence,
        long anchorFrame, long anchorCaptureMicros, long lastActivityMillis) {
    private static final int BYTES = 7 * 8;

    static SessionMeta fresh() {
        return new SessionMeta(0, -1, -1, 0, 0, 0, 0);
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(nextChunkSequence).putLong(lastFrame).putLong(lastEmbeddedFrame)
                .putLong(nextEmbeddingSequence).putLong(anchorFrame).putLong(anchorCaptureMicros)
                .putLong(lastActivityMillis).array();
    }

    /** @throws IllegalArgumentException if the bytes are not a session meta record */
    static SessionMeta decode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("not an embedding session record (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new SessionMeta(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong());
    }

    /** Capture time of the first sample of {@code frame} (frame k starts at sample ⌊k·1102.5⌋ of 22050 Hz). */
    long captureMicrosOf(long frame) {
        return anchorCaptureMicros + (FrontEnd.frameStartMicros(frame) - FrontEnd.frameStartMicros(anchorFrame));
    }

    SessionMeta withEmitted(long frame) {
        return new SessionMeta(nextChunkSequence, lastFrame, frame, nextEmbeddingSequence + 1, anchorFrame,
                anchorCaptureMicros, lastActivityMillis);
    }

    SessionMeta withSkipped(long frame) {
        return new SessionMeta(nextChunkSequence, lastFrame, frame, nextEmbeddingSequence, anchorFrame,
                anchorCaptureMicros, lastActivityMillis);
    }
}
