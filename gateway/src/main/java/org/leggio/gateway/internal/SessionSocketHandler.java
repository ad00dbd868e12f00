package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * A viewer's WebSocket on {@code /ws/sessions/{id}}: after the handshake it subscribes the channel to
 * the session (JSON text frames, or binary protobuf when the client chose the {@value #PROTOBUF}
 * subprotocol) and unsubscribes when it closes. Incoming frames are ignored (commands go through the
 * HTTP API). One per channel.
 */
final class SessionSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** The subprotocol a client names to get binary protobuf {@code SessionEvent}s. */
    static final String PROTOBUF = "leggio.v1.proto";
    static final String PATH = "/ws/sessions";

    private final SessionHub hub;
    private final int queueLimit;
    private ClientQueue queue;
    private String sessionId;

    SessionSocketHandler(SessionHub hub, int queueLimit) {
        this.hub = hub;
        this.queueLimit = queueLimit;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            String path = new QueryStringDecoder(handshake.requestUri()).path();
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

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // viewers only listen
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
        super.channelInactive(ctx);
    }
}
