package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.leggio.gateway.GatewayConfig;
import org.leggio.gateway.GatewayServer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;

/** The gateway on a real broker and real sockets: a browser microphone stream becomes a session's chunks. */
class GatewayIT extends BrokerTestBase {
    private static final String TOKEN = "gateway-it-token";

    @Test
    void aBrowserMicrophoneStreamBecomesTheSessionsChunks() throws Exception {
        GatewayConfig config = GatewayConfig.defaults("127.0.0.1", 0, Files.createDirectories(dir.resolve("library")),
                broker.bootstrapServers()).withToken(TOKEN);
        try (GatewayServer gateway = new GatewayServer(config).start();
                ChunkTopicReader chunks = new ChunkTopicReader(broker.bootstrapServers(), "read_committed")) {
            HttpClient http = HttpClient.newHttpClient();
            List<String> closed = new CopyOnWriteArrayList<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gateway.port()
                    + "/ws/ingest/mic-1?rate=44100&token=" + TOKEN), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.add(statusCode + " " + reason);
                            return CompletableFuture.completedFuture(null);
                        }
                    }).get();
            // 3 s of a 440 Hz tone, in 4096-sample frames as a browser's audio worklet would send them
            int total = 3 * 44_100;
            for (int start = 0; start < total; start += 4096) {
                int n = Math.min(4096, total - start);
                ByteBuffer frame = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    frame.putFloat((float) (0.3 * Math.sin(2 * Math.PI * 440 * (start + i) / 44_100.0)));
                }
                socket.sendBinary(frame.flip(), true).get();
            }
            socket.sendText("end", true).get();

            Awaitility.await("the session's chunks").atMost(Duration.ofSeconds(60)).until(() -> {
                List<SpectrogramChunk> got = chunks.poll("mic-1");
                return !got.isEmpty() && got.get(got.size() - 1).getEndOfStream();
            });
            List<SpectrogramChunk> got = chunks.poll("mic-1");
            for (int n = 0; n < got.size(); n++) {
                assertThat(got.get(n).getSequenceNumber()).isEqualTo(n);
            }
            int frames = got.stream().mapToInt(SpectrogramChunk::getFrameCount).sum();
            assertThat(frames).as("3 s at 20 frames per second").isBetween(58, 62);
            assertThat(got.get(0).getSourceKind()).isEqualTo(AudioSourceKind.AUDIO_SOURCE_KIND_BROWSER);
            assertThat(got.get(0).getSourceSampleRateHz()).isEqualTo(44_100);
            assertThat(closed).isEmpty();

            // without the token no stream is accepted
            var refused = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gateway.port()
                    + "/ws/ingest/mic-2?rate=44100"), new WebSocket.Listener() { });
            Throwable cause = org.assertj.core.api.Assertions.catchThrowable(refused::get).getCause();
            assertThat(cause).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(((java.net.http.WebSocketHandshakeException) cause).getResponse().statusCode()).isEqualTo(401);
            assertThat(chunks.poll("mic-2")).isEmpty();
            assertThat(Topics.AUDIO_CHUNKS_NAME).isNotEmpty();
        }
    }

    private static void publish(String sessionId, org.leggio.proto.v1.SessionEvent event) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(props,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.POSITIONS_NAME, sessionId,
                    event.toByteArray())).get();
        }
    }

    private static org.leggio.proto.v1.SessionEvent identified(String sessionId, String pieceId) {
        return org.leggio.proto.v1.SessionEvent.newBuilder().setIdentification(org.leggio.proto.v1.Identification
                .newBuilder().setSessionId(sessionId).setPieceId(pieceId).setConfidence(0.93f)).build();
    }

    @Test
    void identificationsArePostedToTheWebhook() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer tagger = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        tagger.createContext("/tags", exchange -> {
            posted.add(exchange.getRequestHeaders().getFirst("X-Leggio-Session") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        tagger.start();
        // an identification made before the gateway starts is read back, and never posted
        publish("hook-old", identified("hook-old", "earlier"));
        GatewayConfig config = GatewayConfig.defaults("127.0.0.1", 0, Files.createDirectories(dir.resolve("library-hooks")),
                broker.bootstrapServers()).withToken(TOKEN).withWebhooks(org.leggio.gateway.WebhookConfig.to(
                        List.of(URI.create("http://127.0.0.1:" + tagger.getAddress().getPort() + "/tags"))));
        try (GatewayServer gateway = new GatewayServer(config).start()) {
            publish("hook-1", identified("hook-1", "bach"));
            publish("hook-1", identified("hook-1", "bach")); // the same piece: no news
            publish("hook-1", identified("hook-1", "mozart"));
            Awaitility.await("two posts").atMost(Duration.ofSeconds(30)).until(() -> posted.size() >= 2);
            Thread.sleep(500);
            assertThat(posted).hasSize(2);
            assertThat(posted.get(0)).startsWith("hook-1 {\"identification\"").contains("\"pieceId\":\"bach\"");
            assertThat(posted.get(1)).contains("\"pieceId\":\"mozart\"");
        } finally {
            tagger.stop(0);
        }
    }

    @Test
    void anUploadReportsItsProgressOnAWebSocketAndIsPublished() throws Exception {
        java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);
        org.leggio.gateway.ScoreIngestor ingestor = new org.leggio.gateway.ScoreIngestor() {
            @Override
            public org.leggio.proto.v1.ScoreIndex ingest(java.nio.file.Path file, org.leggio.proto.v1.PieceMetadata metadata) {
                return ingest(file, metadata, (stage, fraction) -> { });
            }

            @Override
            public org.leggio.proto.v1.ScoreIndex ingest(java.nio.file.Path file, org.leggio.proto.v1.PieceMetadata metadata,
                    Progress progress) {
                try {
                    watching.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                progress.update("pages", 1);
                for (int i = 0; i <= 10; i++) {
                    progress.update("embedding", i / 10.0);
                }
                return org.leggio.proto.v1.ScoreIndex.newBuilder().setPieceId("uploaded-etude").setMetadata(metadata).build();
            }
        };
        GatewayConfig config = GatewayConfig.defaults("127.0.0.1", 0, Files.createDirectories(dir.resolve("library-up")),
                broker.bootstrapServers()).withToken(TOKEN);
        try (GatewayServer gateway = new GatewayServer(config, ingestor).start()) {
            HttpClient http = HttpClient.newHttpClient();
            var accepted = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                    + "/api/pieces?title=Etude")).header("Authorization", "Bearer " + TOKEN)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><score-partwise/>"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String progressPath = accepted.body().replaceAll(".*\"progress\":\"([^\"]+)\".*", "$1");
            List<String> frames = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + progressPath),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closed.complete(statusCode);
                            return null;
                        }
                    }).get();
            // The client sees the handshake before the server has registered the watcher; the watcher's
            // first frame (the job as it is now) says it is registered, so only then may the upload go on.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty());
            watching.countDown();
            assertThat(closed.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(frames.get(frames.size() - 1)).contains("\"state\":\"done\"")
                    .contains("\"pieceId\":\"uploaded-etude\"");
            assertThat(frames.stream().filter(f -> f.contains("\"stage\":\"embedding\"")).count()).isEqualTo(11);
            assertThat(frames).anyMatch(f -> f.contains("\"stage\":\"publishing\""));
        }
    }
}
