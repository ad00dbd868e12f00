package org.leggio.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-session access tokens, derived from the deployment's token: {@code HMAC-SHA256(deploymentToken,
 * "leggio-session:" + sessionId)}, base64url without padding (43 characters). A session token lets its
 * holder send commands to, and stream a microphone into, that one session and nothing else; the gateway
 * checks it without storing anything, so tokens can be minted anywhere the deployment token is known
 * ({@code leggio session-token}, or {@code POST /api/sessions/{id}/token} with the deployment token).
 * Changing the deployment token revokes every session token. Stateless; thread-safe.
 */
public final class SessionTokens {
    private static final String PREFIX = "leggio-session:";
    private static final java.util.regex.Pattern SESSION_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private SessionTokens() {}

    /** Whether a string is a session id the gateway takes: 1 to 128 of letters, digits, {@code . _ : -}. */
    public static boolean isValidSessionId(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    /**
     * The token of one session.
     *
     * @throws IllegalArgumentException if the deployment token is empty (no tokens are needed then)
     */
    public static String forSession(String deploymentToken, String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId can't be null");
        if (deploymentToken == null || deploymentToken.isEmpty()) {
            throw new IllegalArgumentException("no deployment access token is set, so there are no session tokens");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(deploymentToken, PREFIX + sessionId));
    }

    /** HMAC-SHA256 of a message under a key (both UTF-8). */
    public static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
