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
}
