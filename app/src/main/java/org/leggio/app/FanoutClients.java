package org.leggio.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.leggio.proto.v1.SessionEvent;

/**
 * The subscribers of {@code leggio bench fanout}: many WebSocket clients on a small Netty event loop
 * group, each recording, for every position it receives, the delay from the update's
 * {@code emitted_time_micros} (wall clock, so it is comparable across processes) to its arrival.
 * Cheap per frame (a few hundred ns), so that the clients cost the machine little next to the gateway.
 * Not thread-safe; one run.
 */
final class FanoutClients implements AutoCloseable {
    private static final byte[] EMITTED = "\"emittedTimeMicros\":\"".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final LatencyLog[] logs;

    /** One event loop's latencies (µs) and counts; written only by that loop's channels. */
    static final class LatencyLog {
        final Thread owner = Thread.currentThread();
        long[] micros = new long[1 << 16];
        int count;

        void add(long value) {
            if (count == micros.length) {
                micros = java.util.Arrays.copyOf(micros, count * 2);
            }
            micros[count++] = value;
        }
    }

    FanoutClients(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.logs = new LatencyLog[threads];
    }

    /**
     * Opens {@code subscribers} sockets, subscriber i to session {@code prefix + (i % sessions)}; returns
     * once every handshake is done.
     */
    void connect(String baseUrl, String prefix, int subscribers, int sessions, boolean protobuf) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(subscribers);
        java.util.Map<Thread, LatencyLog> byThread = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < subscribers; i++) {
            URI uri = URI.create(baseUrl + "/ws/sessions/" + prefix + (i % sessions));
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                    new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                            .webSocketUri(uri).subprotocol(protobuf ? "leggio.v1.proto" : null)
                                            .handshakeTimeoutMillis(30_000).build()),
                                    new Receiver(ready, byThread, protobuf));
                        }
                    });
            channels.add(b.connect(uri.getHost(), uri.getPort()).sync().channel());
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException((ready.getCount()) + " of " + subscribers + " WebSocket handshakes did not finish in 60 s");
        }
        int i = 0;
        for (LatencyLog log : byThread.values()) {
            logs[i++] = log;
        }
    }

    /** Every latency so far in µs, unsorted; reading while frames arrive is not safe. */
    long[] latenciesMicros() {
        int total = 0;
        for (LatencyLog log : logs) {
            total += log == null ? 0 : log.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyLog log : logs) {
            if (log != null) {
                System.arraycopy(log.micros, 0, all, at, log.count);
                at += log.count;
            }
        }
        return all;
    }

    /** Forgets the latencies so far (after a warm-up); each loop clears its own log. */
    void reset() throws InterruptedException {
        java.util.Set<io.netty.channel.EventLoop> loops = new java.util.HashSet<>();
        for (Channel c : channels) {
            loops.add(c.eventLoop());
        }
        for (io.netty.channel.EventLoop loop : loops) {
            loop.submit(() -> {
                for (LatencyLog log : logs) {
                    if (log != null && log.owner == Thread.currentThread()) {
                        log.count = 0;
                    }
                }
            }).await(5, TimeUnit.SECONDS);
        }
    }

    /** Stops receiving (frames arriving later are not counted) and waits until the loops are idle. */
    void quiesce() throws InterruptedException {
        for (Channel c : channels) {
            c.config().setAutoRead(false);
        }
        for (Channel c : channels) {
            c.eventLoop().submit(() -> { }).await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One client's handler: counts the handshake, then records each position's delay. */
    private static final class Receiver extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final CountDownLatch ready;
        private final java.util.Map<Thread, LatencyLog> byThread;
        private final boolean protobuf;
        private LatencyLog log;

        Receiver(CountDownLatch ready, java.util.Map<Thread, LatencyLog> byThread, boolean protobuf) {
            this.ready = ready;
            this.byThread = byThread;
            this.protobuf = protobuf;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                log = byThread.computeIfAbsent(Thread.currentThread(), t -> new LatencyLog());
                ready.countDown();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
            long emitted = protobuf ? emittedFromProtobuf(frame.content()) : emittedFromJson(frame.content());
            if (emitted > 0) {
                Instant now = Instant.now();
                log.add(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 - emitted);
            }
        }

        private static long emittedFromProtobuf(ByteBuf content) throws Exception {
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            SessionEvent event = SessionEvent.parseFrom(bytes);
            return event.hasPosition() ? event.getPosition().getEmittedTimeMicros() : -1;
        }

        /** The number after {@code "emittedTimeMicros":"} (protobuf's JSON writes int64 as a string). */
        private static long emittedFromJson(ByteBuf content) {
            int end = content.writerIndex();
            outer:
            for (int i = content.readerIndex(); i + EMITTED.length < end; i++) {
                for (int k = 0; k < EMITTED.length; k++) {
                    if (content.getByte(i + k) != EMITTED[k]) {
                        continue outer;
                    }
                }
                long value = 0;
                for (int j = i + EMITTED.length; j < end; j++) {
                    byte c = content.getByte(j);
                    if (c < '0' || c > '9') {
                        return value;
                    }
                    value = value * 10 + (c - '0');
                }
            }
            return -1;
        }
    }
}
