package org.leggio.gateway.internal;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leggio.gateway.WebhookConfig;
import org.leggio.proto.v1.SessionEvent;

/**
 * Posts a session's {@code Identification} to every configured webhook when it names the session's piece
 * for the first time or a different piece (a re-seed within the same piece is no news to a broadcast
 * tagger). A position without a piece (the session was reset or expired) forgets the piece, so the next
 * identification is news again. Events read back at the gateway's start only set what is known; they
 * are never posted again. Thread-safe; {@link #close()} stops the posting threads.
 */
public final class WebhookNotifier implements SessionHub.Listener, AutoCloseable {
    /** Sessions whose piece is remembered; the least recently announced are forgotten beyond this. */
    private static final int SESSIONS_REMEMBERED = 100_000;

    private final List<WebhookTarget> targets;
    private final Map<String, String> pieceOfSession = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > SESSIONS_REMEMBERED;
        }
    };

    /** @param signingKey key of the body's HMAC signature header (the deployment token); empty: unsigned */
    public WebhookNotifier(WebhookConfig config, String signingKey) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.targets = config.urls().stream().map(url -> new WebhookTarget(url, config, client, signingKey)).toList();
    }

    @Override
    public void event(String sessionId, EncodedEvent event, boolean live) {
        SessionEvent raw = event.event();
        if (raw.hasPosition()) {
            if (raw.getPosition().getPieceId().isEmpty()) {
                synchronized (pieceOfSession) {
                    pieceOfSession.remove(sessionId);
                }
            }
            return;
        }
        String piece = raw.hasIdentification() ? raw.getIdentification().getPieceId() : "";
        if (piece.isEmpty()) {
            return;
        }
        String previous;
        synchronized (pieceOfSession) {
            previous = pieceOfSession.put(sessionId, piece);
        }
        if (live && !piece.equals(previous)) {
            for (WebhookTarget target : targets) {
                target.offer(sessionId, event.json());
            }
        }
    }

    /** Counts of each URL, in configuration order. */
    List<WebhookTarget.Stats> stats() {
        return targets.stream().map(WebhookTarget::stats).toList();
    }

    @Override
    public void close() {
        targets.forEach(WebhookTarget::close);
    }
}
