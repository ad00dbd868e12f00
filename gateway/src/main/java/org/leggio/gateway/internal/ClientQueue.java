package org.leggio.gateway.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One WebSocket client's outgoing events. Called from the hub's thread, it never blocks: events wait
 * here and are written on the client's event loop while the channel is writable. Positions are coalesced
 * (only the newest waits); page turns and identifications are never dropped, and a client that lets
 * {@code limit} of them pile up is disconnected (status 1008) rather than allowed to grow without bound.
 *
 * <p>Thread-safe (synchronised on itself).
 */
final class ClientQueue implements SessionHub.Subscriber {
    private final Channel channel;
    private final boolean binary;
    private final int limit;
    private final Deque<EncodedEvent> kept = new ArrayDeque<>();
    private EncodedEvent position;
    private boolean scheduled;
    private boolean closed;
    /** Positions replaced before they were written (for metrics and tests). */
    private long coalesced;

    ClientQueue(Channel channel, boolean binary, int limit) {
        this.channel = channel;
        this.binary = binary;
        this.limit = limit;
    }

    @Override
    public void deliver(EncodedEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (event.isPosition()) {
                coalesced += position == null ? 0 : 1;
                position = event;
            } else {
                kept.addLast(event);
                if (kept.size() > limit) {
                    closed = true;
                    channel.eventLoop().execute(() -> channel.writeAndFlush(new CloseWebSocketFrame(1008,
                            "too slow: more than " + limit + " events waiting")).addListener(f -> channel.close()));
                    return;
                }
            }
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        channel.eventLoop().execute(this::drain);
    }

    /** Writes what waits while the channel takes it; called on the event loop (and when it becomes writable). */
    void drain() {
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable()) {
            EncodedEvent next;
            synchronized (this) {
                // order: turns and identifications first, then the newest position
                next = kept.pollFirst();
                if (next == null) {
                    next = position;
                    position = null;
                }
                if (next == null) {
                    scheduled = false;
                    break;
                }
            }
            channel.write(frame(next));
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        synchronized (this) {
            if (!channel.isWritable()) {
                // channelWritabilityChanged calls drain again
                scheduled = false;
            }
        }
    }

    synchronized long coalesced() {
        return coalesced;
    }

    private WebSocketFrame frame(EncodedEvent event) {
        // the bytes are shared by every subscriber of the session: wrapped, not copied
        return binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(event.protobuf()))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(event.json()));
    }
}
