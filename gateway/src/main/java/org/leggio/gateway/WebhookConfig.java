package org.leggio.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the gateway posts identifications (broadcast tagging): every URL receives, as JSON, each
 * {@code Identification} that names a session's piece for the first time or a different piece.
 * Immutable and validated.
 *
 * @param urls http(s) URLs to POST to; empty: no webhooks
 * @param queueLimit identifications waiting per URL (while it is slow or down); when full the oldest is
 *     dropped and counted
 * @param maxAttempts tries per identification and URL, the first included (network errors, 408, 429 and
 *     5xx are retried; other answers are final)
 * @param firstRetryDelay wait before the first retry; each further retry waits twice as long (at most 30 s)
 * @param requestTimeout limit of one POST, connection included
 */
public record WebhookConfig(List<URI> urls, int queueLimit, int maxAttempts, Duration firstRetryDelay,
        Duration requestTimeout) {

    public WebhookConfig {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls can't be null"));
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay can't be null");
        Objects.requireNonNull(requestTimeout, "requestTimeout can't be null");
        for (URI url : urls) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("a webhook must be an http:// or https:// URL, got " + url);
            }
        }
        if (queueLimit < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("webhook queueLimit and maxAttempts must be >= 1, got " + queueLimit
                    + " and " + maxAttempts);
        }
        if (firstRetryDelay.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("webhook delays must be positive, got " + firstRetryDelay + " and "
                    + requestTimeout);
        }
    }

    /** No webhooks. */
    public static WebhookConfig none() {
        return to(List.of());
    }

    /** Defaults for these URLs: 1,000 waiting, 6 attempts (0.5, 1, 2, 4, 8 s apart), 5 s per request. */
    public static WebhookConfig to(List<URI> urls) {
        return new WebhookConfig(urls, 1_000, 6, Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    /**
     * The URLs as given on a command line.
     *
     * @throws IllegalArgumentException naming the first string that is not an http(s) URL
     */
    public static WebhookConfig parse(List<String> urls) {
        return to(urls.stream().map(u -> {
            try {
                return URI.create(u.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook must be an http:// or https:// URL, got " + u, e);
            }
        }).toList());
    }
}
