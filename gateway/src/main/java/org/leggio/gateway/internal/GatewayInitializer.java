package org.leggio.gateway.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.leggio.gateway.GatewayConfig;

/**
 * Each connection's pipeline: HTTP codec → aggregator (bounded request size) → origin check of WebSocket
 * upgrades → WebSocket protocol on {@code /ws/sessions/…} (bounded frames) → session socket → HTTP API.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
    private final GatewayConfig config;
    private final SessionHub hub;
    private final PieceCatalog pieces;
    private final CommandPublisher commands;
    private final AccessGuard guard;
    private final UploadJobs uploads;

    /** @param uploads null when the gateway takes no score uploads */
    public GatewayInitializer(GatewayConfig config, SessionHub hub, PieceCatalog pieces, CommandPublisher commands,
            UploadJobs uploads) {
        this.config = config;
        this.hub = hub;
        this.pieces = pieces;
        this.commands = commands;
        this.guard = new AccessGuard(config);
        this.uploads = uploads;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline p = channel.pipeline();
        p.addLast(new HttpServerCodec());
        p.addLast(new HttpObjectAggregator(config.maxRequestBytes()));
        p.addLast(new UpgradeGuard(guard));
        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(SessionSocketHandler.WS).subprotocols(SessionSocketHandler.PROTOBUF)
                .checkStartsWith(true).maxFramePayloadLength(config.maxFrameBytes()).build()));
        p.addLast(new SessionSocketHandler(hub, config.clientQueueLimit(), config.bootstrap(), uploads));
        p.addLast(new ApiHandler(pieces, commands, guard, uploads));
    }
}
