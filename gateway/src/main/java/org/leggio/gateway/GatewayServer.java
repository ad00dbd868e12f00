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
import org.leggio.gateway.internal.UploadJobs;
import org.leggio.gateway.internal.WebhookNotifier;
import org.leggio.kafka.ScorePublisher;

/**
 * The gateway: the viewer, the pieces API and page images over HTTP, every session's events over
 * WebSocket, session commands into Kafka, score uploads, browser microphones, and identifications posted
 * to webhooks. It never matches: it relays what the matcher publishes.
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
    private final UploadJobs uploads;
    private final WebhookNotifier webhooks;
    private Channel channel;

    /** A gateway that takes no score uploads. */
    public GatewayServer(GatewayConfig config) {
        this(config, null);
    }

    /**
     * @param ingestor adds uploaded scores to the served library ({@code POST /api/pieces}); null: no uploads
     */
    public GatewayServer(GatewayConfig config, ScoreIngestor ingestor) {
        this.config = Objects.requireNonNull(config, "config can't be null");
        this.hub = new SessionHub(config.bootstrap());
        this.webhooks = config.webhooks().urls().isEmpty() ? null : new WebhookNotifier(config.webhooks(), config.token());
        if (webhooks != null) {
            hub.addListener(webhooks);
        }
        this.commands = new CommandPublisher(config.bootstrap());
        this.uploads = ingestor == null ? null
                : new UploadJobs(ingestor, new ScorePublisher(config.bootstrap(), java.time.Duration.ofSeconds(30)));
    }

    /** Starts reading the sessions' events and listening; returns once the port is bound. */
    public GatewayServer start() throws InterruptedException {
        hub.start();
        channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new GatewayInitializer(config, hub, new PieceCatalog(config.libraryDir()), commands, uploads))
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
        if (webhooks != null) {
            webhooks.close();
        }
        commands.close();
        if (uploads != null) {
            uploads.close();
        }
    }
}
