package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * A WebSocket after its handshake: on {@code /ws/sessions/{id}} a viewer, subscribed to the session (JSON
 * text frames, or binary protobuf when the client chose the {@value #PROTOBUF} subprotocol) until it
 * closes, its incoming frames ignored (commands go through the HTTP API); on {@code /ws/ingest/{id}} a
 * browser microphone ({@link IngestSocket}). One per channel.
 */
final class SessionSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** The subprotocol a client names to get binary protobuf {@code SessionEvent}s. */
    static final String PROTOBUF = "leggio.v1.proto";
    /** The WebSocket prefix the protocol handler serves. */
    static final String WS = "/ws";
    static final String PATH = "/ws/sessions";
    static final String INGEST = "/ws/ingest";

    private final SessionHub hub;
    private final int queueLimit;
    private final String bootstrap;
    private ClientQueue queue;
    private IngestSocket ingest;
    private String sessionId;

    SessionSocketHandler(SessionHub hub, int queueLimit, String bootstrap) {
        this.hub = hub;
        this.queueLimit = queueLimit;
        this.bootstrap = bootstrap;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            QueryStringDecoder uri = new QueryStringDecoder(handshake.requestUri());
            String path = uri.path();
            if (path.startsWith(INGEST + "/")) {
                startIngest(ctx, path.substring(INGEST.length() + 1), uri);
                return;
            }
            String id = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
            if (!ApiHandler.isValidSessionId(id)) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1008, "no such session path: " + path))
                        .addListener(f -> ctx.close());
                return;
            }
            sessionId = id;
            queue = new ClientQueue(ctx.channel(), PROTOBUF.equals(handshake.selectedSubprotocol()), queueLimit);
            hub.subscribe(sessionId, queue);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void startIngest(ChannelHandlerContext ctx, String id, QueryStringDecoder uri) {
        int rate;
        try {
            rate = Integer.parseInt(uri.parameters().getOrDefault("rate", java.util.List.of("")).get(0));
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!ApiHandler.isValidSessionId(id) || rate < 8_000 || rate > 192_000) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1008, "need /ws/ingest/{session}?rate=HZ (8000-192000)"))
                    .addListener(f -> ctx.close());
            return;
        }
        sessionId = id;
        ingest = IngestSocket.start(bootstrap, id, rate);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (ingest == null) {
            return; // viewers only listen
        }
        if (frame instanceof io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame binary) {
            if (!ingest.accept(binary.content())) {
                ingest.end();
                ctx.writeAndFlush(new CloseWebSocketFrame(1008, "send whole float32 samples, in real time"))
                        .addListener(f -> ctx.close());
            }
        } else if (frame instanceof io.netty.handler.codec.http.websocketx.TextWebSocketFrame text
                && text.text().trim().equals("end")) {
            ingest.end();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (queue != null && ctx.channel().isWritable()) {
            queue.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (queue != null) {
            hub.unsubscribe(sessionId, queue);
        }
        if (ingest != null) {
            ingest.end();
        }
        super.channelInactive(ctx);
    }
}
