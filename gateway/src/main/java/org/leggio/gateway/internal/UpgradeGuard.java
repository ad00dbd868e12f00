package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a WebSocket upgrade from a foreign browser origin (403), and a microphone stream without the
 * deployment's or the session's access token (401), before the handshake; everything else passes. One per channel.
 */
final class UpgradeGuard extends ChannelInboundHandlerAdapter {
    private final AccessGuard guard;

    UpgradeGuard(AccessGuard guard) {
        this.guard = guard;
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String message) {
        try {
            HttpResponses.error(ctx, null, status, message);
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.headers().containsValue(HttpHeaderNames.UPGRADE,
                "websocket", true)) {
            if (!guard.originAllowed(request)) {
                refuse(ctx, request, HttpResponseStatus.FORBIDDEN,
                        "origin " + request.headers().get(HttpHeaderNames.ORIGIN) + " is not allowed");
                return;
            }
            // streaming audio into a session is like a command: it needs the deployment or the session's token
            String path = new QueryStringDecoder(request.uri()).path();
            if (path.startsWith(SessionSocketHandler.INGEST + "/")
                    && !guard.tokenValidFor(request, path.substring(SessionSocketHandler.INGEST.length() + 1))) {
                refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, "missing or invalid access token");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
