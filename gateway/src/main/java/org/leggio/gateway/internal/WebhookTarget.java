package org.leggio.gateway.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.leggio.gateway.SessionTokens;
import org.leggio.gateway.WebhookConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook URL: a bounded queue (the oldest dropped when full) and one thread posting in order, with
 * retries and exponential back-off, so a slow or dead receiver delays only itself. Thread-safe.
 */
final class WebhookTarget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTarget.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    /** One identification to post; the id stays the same across retries, so a receiver can de-duplicate. */
    private record Delivery(String id, String sessionId, byte[] body) {}

    /** Counts since start. */
    record Stats(long delivered, long failed, long dropped, long attempts) {}

    private final URI url;
    private final WebhookConfig config;
    private final HttpClient client;
    private final String signingKey;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param signingKey key of the {@code X-Leggio-Signature} HMAC; empty: unsigned */
    WebhookTarget(URI url, WebhookConfig config, HttpClient client, String signingKey) {
        this.url = url;
        this.config = config;
        this.client = client;
        this.signingKey = signingKey;
        this.thread = new Thread(this::run, "leggio-webhook-" + url.getHost());
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a body for posting; never blocks. */
    void offer(String sessionId, byte[] body) {
        synchronized (queue) {
            if (queue.size() >= config.queueLimit()) {
                queue.pollFirst();
                long n = dropped.incrementAndGet();
                if (Long.bitCount(n) == 1) {
                    LOG.warn("webhook {} is behind: dropped the oldest identification ({} so far)", url, n);
                }
            }
            queue.addLast(new Delivery(UUID.randomUUID().toString(), sessionId, body));
            queue.notifyAll();
        }
    }

    Stats stats() {
        return new Stats(delivered.get(), failed.get(), dropped.get(), attempts.get());
    }

    private void run() {
        try {
            while (running) {
                Delivery next;
                synchronized (queue) {
                    while (queue.isEmpty() && running) {
                        queue.wait();
                    }
                    next = queue.pollFirst();
                }
                if (next != null) {
                    deliver(next);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void deliver(Delivery delivery) throws InterruptedException {
        HttpRequest request = request(delivery);
        Duration delay = config.firstRetryDelay();
        String lastProblem = "";
        for (int attempt = 1; attempt <= config.maxAttempts() && running; attempt++) {
            attempts.incrementAndGet();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    delivered.incrementAndGet();
                    return;
                }
                lastProblem = "HTTP " + status;
                if (!retryable(status)) {
                    break;
                }
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < config.maxAttempts()) {
                Thread.sleep(delay.toMillis());
                Duration doubled = delay.multipliedBy(2);
                delay = doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
            }
        }
        failed.incrementAndGet();
        LOG.warn("webhook {}: gave up on the identification of session {} ({})", url, delivery.sessionId(), lastProblem);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private HttpRequest request(Delivery delivery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").header("User-Agent", "leggio-gateway")
                .header("X-Leggio-Event", "identification").header("X-Leggio-Session", delivery.sessionId())
                .header("X-Leggio-Delivery", delivery.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (!signingKey.isEmpty()) {
            // lets the receiver check the post came from this deployment: HMAC-SHA256 of the body under its token
            b.header("X-Leggio-Signature", "sha256=" + HexFormat.of().formatHex(
                    SessionTokens.hmac(signingKey, new String(delivery.body(), StandardCharsets.UTF_8))));
        }
        return b.build();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left;
        synchronized (queue) {
            left = queue.size();
            queue.clear();
        }
        if (left > 0) {
            LOG.warn("webhook {}: {} identification(s) not posted at shutdown", url, left);
        }
    }
}
