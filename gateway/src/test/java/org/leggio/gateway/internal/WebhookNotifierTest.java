package org.leggio.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.leggio.gateway.SessionTokens;
import org.leggio.gateway.WebhookConfig;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.Identification;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.SessionEvent;

/** Webhooks against a real HTTP server (the JDK's): what is posted, when, retries, bounds and signatures. */
class WebhookNotifierTest {
    private static final String TOKEN = "deploy-token";

    /** What the receiver got: headers and body of each request, and the answers it gave. */
    private record Received(String session, String delivery, String signature, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private WebhookNotifier notifier;

    /** A receiver that answers each request with the status {@code answer} gives for its ordinal (1-based). */
    private URI receiver(java.util.function.IntUnaryOperator answer, CountDownLatch gate) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> handle(exchange, answer, gate));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private void handle(HttpExchange exchange, java.util.function.IntUnaryOperator answer, CountDownLatch gate)
            throws IOException {
        try {
            if (gate != null) {
                gate.await(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = answer.applyAsInt(requests.incrementAndGet());
        if (status < 300) {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Leggio-Session"),
                    exchange.getRequestHeaders().getFirst("X-Leggio-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-Leggio-Signature"), body));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private WebhookNotifier notifier(URI url, int queueLimit, int attempts) {
        notifier = new WebhookNotifier(new WebhookConfig(List.of(url), queueLimit, attempts, Duration.ofMillis(20),
                Duration.ofSeconds(5)), TOKEN);
        return notifier;
    }

    @AfterEach
    void tearDown() {
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static EncodedEvent identified(String session, String piece) {
        return new EncodedEvent(SessionEvent.newBuilder().setIdentification(Identification.newBuilder()
                .setSessionId(session).setPieceId(piece).setConfidence(0.9f)).build());
    }

    private static EncodedEvent position(String session, String piece) {
        return new EncodedEvent(SessionEvent.newBuilder().setPosition(PositionUpdate.newBuilder().setSessionId(session)
                .setPieceId(piece).setState(piece.isEmpty() ? FollowState.FOLLOW_STATE_IDENTIFYING
                        : FollowState.FOLLOW_STATE_FOLLOWING)).build());
    }

    @Test
    void postsANewOrChangedPieceOnceAndSignsIt() throws Exception {
        WebhookNotifier n = notifier(receiver(i -> 200, null), 10, 3);
        n.event("s1", identified("s1", "old"), false); // read back at start: known, not news
        n.event("s1", identified("s1", "old"), true); // the same piece again: not news
        n.event("s1", identified("s1", "bach"), true); // changed
        n.event("s1", identified("s1", "bach"), true); // a re-seed in the same piece
        n.event("s1", position("s1", "bach"), true);
        n.event("s2", identified("s2", "bach"), true); // another session
        n.event("s1", position("s1", ""), true); // reset: the piece is forgotten
        n.event("s1", identified("s1", "bach"), true); // identified again after the reset
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        Thread.sleep(200); // nothing else may follow
        assertThat(received).extracting(Received::session).containsExactly("s1", "s2", "s1");
        assertThat(received.get(0).body()).startsWith("{\"identification\"").contains("\"pieceId\":\"bach\"");
        for (Received r : received) {
            String expected = "sha256=" + HexFormat.of().formatHex(SessionTokens.hmac(TOKEN, r.body()));
            assertThat(r.signature()).isEqualTo(expected);
        }
        assertThat(received).extracting(Received::delivery).doesNotHaveDuplicates();
        assertThat(n.stats().get(0).delivered()).isEqualTo(3);
    }

    @Test
    void retriesServerErrorsWithTheSameDeliveryIdThenGivesUp() throws Exception {
        // 503, 503, then 200: delivered on the third attempt
        WebhookNotifier n = notifier(receiver(i -> i <= 2 ? 503 : i == 3 ? 200 : 503, null), 10, 3);
        n.event("s1", identified("s1", "bach"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(n.stats().get(0).attempts()).isEqualTo(3);
        // every later request fails: three attempts, then it is given up and counted
        n.event("s2", identified("s2", "bach"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> n.stats().get(0).failed() == 1);
        assertThat(requests.get()).isEqualTo(6);
        assertThat(received).hasSize(1);
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        WebhookNotifier n = notifier(receiver(i -> 404, null), 10, 5);
        n.event("s1", identified("s1", "bach"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> n.stats().get(0).failed() == 1);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aStalledReceiverNeverBlocksAndTheQueueKeepsTheNewest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        WebhookNotifier n = notifier(receiver(i -> 200, gate), 3, 1);
        n.event("s0", identified("s0", "p"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 0 && n.stats().get(0).attempts() == 1);
        long start = System.nanoTime();
        for (int i = 1; i <= 10; i++) {
            n.event("s" + i, identified("s" + i, "p"), true);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
        Thread.sleep(200);
        // the one in flight, then the newest three of the ten queued behind it
        assertThat(received).extracting(Received::session).containsExactly("s0", "s8", "s9", "s10");
        assertThat(n.stats().get(0).dropped()).isEqualTo(7);
    }

    @Test
    void aDeadReceiverIsRetriedAndCounted() {
        // nothing listens on this port (bound and closed): connection refused on every attempt
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        WebhookNotifier n = notifier(URI.create("http://127.0.0.1:" + port + "/hook"), 10, 2);
        n.event("s1", identified("s1", "bach"), true);
        await().atMost(Duration.ofSeconds(15)).until(() -> n.stats().get(0).failed() == 1);
        assertThat(n.stats().get(0).attempts()).isEqualTo(2);
    }

    @Test
    void webhookUrlsAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookConfig.parse(List.of("ftp://example.org/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://example.org/x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookConfig.parse(List.of("not a url")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a url");
        assertThat(WebhookConfig.parse(List.of("https://tagger.example.org/leggio")).urls()).hasSize(1);
    }
}
