package org.leggio.gateway.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import org.leggio.gateway.GatewayConfig;

/**
 * Who may do what: a browser request's {@code Origin} must be the gateway's own or a configured one (so
 * another web site cannot drive a musician's session from their browser), and commands need the
 * deployment's access token ({@code Authorization: Bearer …} or {@code ?token=…}) when one is set.
 * Stateless; thread-safe.
 */
public final class AccessGuard {
    private final byte[] token;
    private final List<String> allowedOrigins;

    public AccessGuard(GatewayConfig config) {
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

    /** Whether the request carries the access token (always true when none is configured). */
    public boolean tokenValid(HttpRequest request) {
        if (token.length == 0) {
            return true;
        }
        String given = null;
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else {
            List<String> query = new QueryStringDecoder(request.uri()).parameters().get("token");
            given = query == null || query.isEmpty() ? null : query.get(0);
        }
        // constant-time comparison: no timing hints about the token
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
