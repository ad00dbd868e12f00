package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a WebSocket upgrade from a foreign browser origin (403) before the handshake; everything else
 * passes. One per channel.
 */
final class UpgradeGuard extends ChannelInboundHandlerAdapter {
    private final AccessGuard guard;

    UpgradeGuard(AccessGuard guard) {
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && request.headers().containsValue(HttpHeaderNames.UPGRADE,
                "websocket", true) && !guard.originAllowed(request)) {
            try {
                HttpResponses.error(ctx, null, HttpResponseStatus.FORBIDDEN,
                        "origin " + request.headers().get(HttpHeaderNames.ORIGIN) + " is not allowed");
            } finally {
                ReferenceCountUtil.release(request);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
