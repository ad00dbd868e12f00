package org.leggio.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the gateway. Immutable and validated.
 *
 * @param bindHost the address to listen on ({@code 0.0.0.0} for every interface)
 * @param port the TCP port (0: any free port)
 * @param libraryDir the score library the pieces API and the page images are served from; no path
 *     outside it is ever read
 * @param bootstrap Kafka bootstrap servers
 * @param token the deployment's access token for commands, uploads and microphone streams (each session
 *     also has its own, derived from it: {@link SessionTokens}); empty: no token needed
 * @param allowedOrigins browser origins (scheme://host[:port]) allowed to open WebSockets and send
 *     commands; the gateway's own origin is always allowed
 * @param maxFrameBytes largest WebSocket frame accepted, bytes
 * @param maxRequestBytes largest HTTP request body accepted, bytes
 * @param clientQueueLimit events (page turns, identifications) a slow client may have waiting before it
 *     is disconnected; positions never wait (the newest replaces the older)
 * @param webhooks where identifications are posted
 */
public record GatewayConfig(String bindHost, int port, Path libraryDir, String bootstrap, String token,
        List<String> allowedOrigins, int maxFrameBytes, int maxRequestBytes, int clientQueueLimit,
        WebhookConfig webhooks) {

    public GatewayConfig {
        Objects.requireNonNull(bindHost, "bindHost can't be null");
        Objects.requireNonNull(libraryDir, "libraryDir can't be null");
        Objects.requireNonNull(bootstrap, "bootstrap can't be null");
        token = token == null ? "" : token;
        webhooks = webhooks == null ? WebhookConfig.none() : webhooks;
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins).stream()
                .map(GatewayConfig::normaliseOrigin).toList();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxFrameBytes < 1024 || maxRequestBytes < 1024) {
            throw new IllegalArgumentException("frame and request limits must be at least 1024 bytes, got "
                    + maxFrameBytes + " and " + maxRequestBytes);
        }
        if (clientQueueLimit < 1) {
            throw new IllegalArgumentException("clientQueueLimit must be >= 1, got " + clientQueueLimit);
        }
    }

    /**
     * Defaults: 64 KiB frames, 1 MiB requests, 256 queued events per client, no token, no other origin, no
     * webhooks.
     */
    public static GatewayConfig defaults(String bindHost, int port, Path libraryDir, String bootstrap) {
        return new GatewayConfig(bindHost, port, libraryDir, bootstrap, "", List.of(), 64 * 1024, 1024 * 1024, 256,
                WebhookConfig.none());
    }

    public GatewayConfig withToken(String newToken) {
        return new GatewayConfig(bindHost, port, libraryDir, bootstrap, newToken, allowedOrigins, maxFrameBytes,
                maxRequestBytes, clientQueueLimit, webhooks);
    }

    public GatewayConfig withAllowedOrigins(List<String> origins) {
        return new GatewayConfig(bindHost, port, libraryDir, bootstrap, token, origins, maxFrameBytes,
                maxRequestBytes, clientQueueLimit, webhooks);
    }

    public GatewayConfig withLimits(int frameBytes, int requestBytes, int queueLimit) {
        return new GatewayConfig(bindHost, port, libraryDir, bootstrap, token, allowedOrigins, frameBytes,
                requestBytes, queueLimit, webhooks);
    }

    public GatewayConfig withWebhooks(WebhookConfig newWebhooks) {
        return new GatewayConfig(bindHost, port, libraryDir, bootstrap, token, allowedOrigins, maxFrameBytes,
                maxRequestBytes, clientQueueLimit, newWebhooks);
    }

    private static String normaliseOrigin(String origin) {
        URI uri = URI.create(origin.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
