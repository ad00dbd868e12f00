package org.leggio.gateway.internal;

import java.nio.charset.StandardCharsets;
import org.leggio.proto.v1.SessionEvent;

/**
 * A session event with its wire forms computed once and shared by every subscriber: with a thousand
 * viewers of one session, printing the JSON once instead of a thousand times is most of the fan-out's
 * cost. Thread-safe (a race computes a form twice, harmlessly).
 */
final class EncodedEvent {
    private final SessionEvent event;
    private volatile byte[] json;
    private volatile byte[] protobuf;

    EncodedEvent(SessionEvent event) {
        this.event = event;
    }

    SessionEvent event() {
        return event;
    }

    boolean isPosition() {
        return event.hasPosition();
    }

    byte[] json() {
        byte[] bytes = json;
        if (bytes == null) {
            bytes = JsonEvents.print(event).getBytes(StandardCharsets.UTF_8);
            json = bytes;
        }
        return bytes;
    }

    byte[] protobuf() {
        byte[] bytes = protobuf;
        if (bytes == null) {
            bytes = event.toByteArray();
            protobuf = bytes;
        }
        return bytes;
    }
}
