package org.leggio.gateway.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import org.leggio.gateway.GatewayConfig;
import org.leggio.gateway.SessionTokens;

/**
 * Who may do what: a browser request's {@code Origin} must be the gateway's own or a configured one (so
 * another web site cannot drive a musician's session from their browser); uploads need the deployment's
 * access token, and a session's commands and microphone need the deployment token or that session's token
 * ({@link SessionTokens}), given as {@code Authorization: Bearer …} or {@code ?token=…}, when a deployment
 * token is set. Stateless; thread-safe.
 */
public final class AccessGuard {
    private final String deploymentToken;
    private final byte[] token;
    private final List<String> allowedOrigins;

    public AccessGuard(GatewayConfig config) {
        this.deploymentToken = config.token();
        this.token = config.token().getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = config.allowedOrigins();
    }

    /** Whether the request's Origin (if any) is allowed: absent (not a browser), same host, or listed. */
    public boolean originAllowed(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String normalised = origin.trim().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(normalised)) {
            return true;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host != null && (normalised.equals("http://" + host.toLowerCase(Locale.ROOT))
                || normalised.equals("https://" + host.toLowerCase(Locale.ROOT)));
    }

    /** Whether tokens are checked at all (a deployment token is configured). */
    public boolean tokensRequired() {
        return token.length > 0;
    }

    /** Whether the request carries the deployment's access token (always true when none is configured). */
    public boolean tokenValid(HttpRequest request) {
        if (token.length == 0) {
            return true;
        }
        String given = givenToken(request);
        // constant-time comparison: no timing hints about the token
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the request carries the deployment token or the token of {@code sessionId}. */
    public boolean tokenValidFor(HttpRequest request, String sessionId) {
        if (tokenValid(request)) {
            return true;
        }
        String given = givenToken(request);
        return given != null && MessageDigest.isEqual(
                SessionTokens.forSession(deploymentToken, sessionId).getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** The token of one session (only when {@link #tokensRequired()}). */
    public String sessionToken(String sessionId) {
        return SessionTokens.forSession(deploymentToken, sessionId);
    }

    private static String givenToken(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        List<String> query = new QueryStringDecoder(request.uri()).parameters().get("token");
        return query == null || query.isEmpty() ? null : query.get(0);
    }
}
