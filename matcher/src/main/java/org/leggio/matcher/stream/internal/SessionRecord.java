package org.leggio.matcher.stream.internal;

import java.nio.ByteBuffer;

/**
 * One session's entry in the matcher's state store: the stream-level state (next sequence number, paused,
 * last activity) around the {@code MatcherSession} state bytes.
 *
 * @param nonce a random tag of this write: a cached live session is valid only while the store holds the
 *     write it made (after an aborted transaction the store holds an older one)
 * @param nextSequence the sequence number of the session's next event
 * @param paused whether a pause command froze the session
 * @param lastActivityMillis wall-clock time of the last input, ms since the epoch
 * @param session the {@code MatcherSession} state
 */
record SessionRecord(long nonce, long nextSequence, boolean paused, long lastActivityMillis, byte[] session) {
    private static final int MAGIC = 0x4c4d5331; // "LMS1"
    private static final int HEADER_BYTES = 4 + 8 + 8 + 1 + 8 + 4;

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + session.length);
        out.putInt(MAGIC).putLong(nonce).putLong(nextSequence).put((byte) (paused ? 1 : 0)).putLong(lastActivityMillis)
                .putInt(session.length).put(session);
        return out.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a session record */
    static SessionRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a matcher session record (" + bytes.length + " bytes)");
        }
        long nonce = in.getLong();
        long next = in.getLong();
        boolean paused = in.get() != 0;
        long activity = in.getLong();
        int length = in.getInt();
        if (length != in.remaining()) {
            throw new IllegalArgumentException("matcher session record says " + length + " state bytes, has "
                    + in.remaining());
        }
        byte[] session = new byte[length];
        in.get(session);
        return new SessionRecord(nonce, next, paused, activity, session);
    }

    /** Only the last-activity time, without copying the state (for expiry scans). */
    static long lastActivityMillis(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 4 + 8 + 8 + 1, 8).getLong();
    }

    static long nonceOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 4, 8).getLong();
    }
}
