package org.leggio.embed;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedding processor. Immutable and validated.
 *
 * @param hopFrames one embedding every this many frames (2 = 10 per second at 20 frames per second);
 *     embedding {@code i} ends at frame {@code (i + 1) · hopFrames − 1}
 * @param maxBatch at most this many windows per call of the network
 * @param maxWaitMillis a window waits at most this long for others to share its batch, ms
 * @param idleExpiry a session with no chunk for this long is forgotten
 * @param recentFrames frames at the window's end whose loudest bands are averaged into the embedding's loudness
 *     ({@link org.leggio.ingest.Loudness})
 */
public record EmbedConfig(int hopFrames, int maxBatch, int maxWaitMillis, Duration idleExpiry, int recentFrames) {
    public EmbedConfig {
        Objects.requireNonNull(idleExpiry, "idleExpiry can't be null");
        require(hopFrames >= 1, "hopFrames must be >= 1, got " + hopFrames);
        require(maxBatch >= 1, "maxBatch must be >= 1, got " + maxBatch);
        require(maxWaitMillis >= 0, "maxWaitMillis must be >= 0, got " + maxWaitMillis);
        require(!idleExpiry.isNegative() && !idleExpiry.isZero(), "idleExpiry must be positive, got " + idleExpiry);
        require(recentFrames >= 1, "recentFrames must be >= 1, got " + recentFrames);
    }

    /** 10 embeddings per second, batches of up to 32 windows waiting at most 10 ms, 10 minutes' idle expiry. */
    public static EmbedConfig defaults() {
        return new EmbedConfig(2, 32, 10, Duration.ofMinutes(10), 10);
    }

    /**
     * A copy with other batching: at most {@code newMaxBatch} windows per network call, the oldest waiting
     * at most {@code newMaxWaitMillis} ms.
     */
    public EmbedConfig withBatching(int newMaxBatch, int newMaxWaitMillis) {
        return new EmbedConfig(hopFrames, newMaxBatch, newMaxWaitMillis, idleExpiry, recentFrames);
    }

    /** A copy in which a session with no chunk for {@code expiry} is forgotten. */
    public EmbedConfig withIdleExpiry(Duration expiry) {
        return new EmbedConfig(hopFrames, maxBatch, maxWaitMillis, expiry, recentFrames);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
