package org.leggio.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.leggio.gateway.internal.CommandPublisher;
import org.leggio.gateway.internal.GatewayInitializer;
import org.leggio.gateway.internal.PieceCatalog;
import org.leggio.gateway.internal.SessionHub;

/**
 * The gateway: the viewer, the pieces API and page images over HTTP, every session's events over
 * WebSocket, session commands into Kafka. It never matches: it relays what the matcher publishes.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} once (binds the port, starts reading {@code leggio.positions}), then {@link #close()}.
 *
 * <h2>Threading</h2>
 * Netty event loops serve the connections; one thread reads Kafka. Methods are thread-safe.
 */
public final class GatewayServer implements AutoCloseable {
    private final GatewayConfig config;
    private final SessionHub hub;
    private final CommandPublisher commands;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private Channel channel;

    public GatewayServer(GatewayConfig config) {
        this.config = Objects.requireNonNull(config, "config can't be null");
        this.hub = new SessionHub(config.bootstrap());
        this.commands = new CommandPublisher(config.bootstrap());
    }

    /** Starts reading the sessions' events and listening; returns once the port is bound. */
    public GatewayServer start() throws InterruptedException {
        hub.start();
        channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new GatewayInitializer(config, hub, new PieceCatalog(config.libraryDir()), commands))
                .bind(config.bindHost(), config.port()).sync().channel();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        workers.shutdownGracefully().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        hub.close();
        commands.close();
    }
}
