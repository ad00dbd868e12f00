package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.leggio.app.Leggio;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.FrontEnd;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** Embedded broker → {@code leggio ingest} → {@code leggio.audio.chunks} → reassembled spectrogram. */
class IngestToKafkaIT extends BrokerTestBase {

    @Test
    void shouldReassembleTheOfflineSpectrogramFromTheChunksOfATenSecondWav() throws Exception {
        Path wav = TestAudio.writeWav(dir.resolve("ten-seconds.wav"), TestAudio.tones(44100, 10.0, 2, 1), 44100, 2);
        long before = System.currentTimeMillis() * 1000;
        assertThat(Leggio.run("ingest", "--file", wav.toString(), "--session", "it-ten-seconds",
                "--bootstrap", broker.bootstrapServers())).isZero();

        List<SpectrogramChunk> chunks = awaitEndOfStream("it-ten-seconds", "read_committed");
        float[][] offline;
        try (AudioSource source = AudioSources.openFile(wav)) {
            offline = Spectrograms.of(source);
        }
        assertThat(offline[0]).hasSize(200); // ceil(220500 / 1102.5)
        assertGapFreeAndEnded(chunks);
        float[][] reassembled = reassemble(chunks, offline[0].length);
        double maxError = 0;
        for (int b = 0; b < FrontEnd.BAND_COUNT; b++) {
            for (int k = 0; k < offline[b].length; k++) {
                double error = Math.abs(reassembled[b][k] - offline[b][k]);
                assertThat(error).as("band %d frame %d", b, k).isLessThanOrEqualTo(Math.abs(offline[b][k]) * 0x1p-11 + 1e-7);
                maxError = Math.max(maxError, error);
            }
        }
        assertThat(maxError).isGreaterThan(0.0).isLessThan(1.1e-3); // float16: lossy, but by under 1e-3
        SpectrogramChunk first = chunks.get(0);
        assertThat(first.getEncoding()).isEqualTo(ValueEncoding.VALUE_ENCODING_FLOAT16);
        assertThat(first.getSourceSampleRateHz()).isEqualTo(44100);
        assertThat(first.getCaptureTimeMicros()).isGreaterThanOrEqualTo(before);
        SpectrogramChunk tenth = chunks.get(10);
        assertThat(tenth.getCaptureTimeMicros() - first.getCaptureTimeMicros())
                .isBetween(999_000L, 1_001_000L); // 20 frames later = 1 s of audio
    }

    @Test
    void shouldCommitEachChunkAtOnceInRealTimeMode() throws Exception {
        Path wav = TestAudio.writeWav(dir.resolve("six-seconds.wav"), TestAudio.tones(22050, 6.0, 1, 2), 22050, 1);
        AtomicReference<Integer> exit = new AtomicReference<>();
        CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> exit.set(Leggio.run("ingest", "--file",
                wav.toString(), "--session", "it-realtime", "--realtime", "--bootstrap", broker.bootstrapServers())));
        try (ChunkTopicReader reader = new ChunkTopicReader(broker.bootstrapServers(), "read_committed")) {
            // Chunks become visible to a read_committed consumer while the 6 s of audio are still playing.
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll("it-realtime").size() >= 5);
            assertThat(ingest).isNotDone();
            await().atMost(Duration.ofSeconds(30)).until(ingest::isDone);
            assertThat(exit.get()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> endsWithEndOfStream(reader.poll("it-realtime")));
            assertGapFreeAndEnded(reader.poll("it-realtime"));
        }
    }

    @Test
    void shouldIngestTheBundledDemoPerformance() {
        StringWriter err = new StringWriter();
        assertThat(Leggio.run(new PrintWriter(err, true), "ingest", "--session", "it-demo",
                "--bootstrap", broker.bootstrapServers())).as(err.toString()).isZero();
        List<SpectrogramChunk> chunks = awaitEndOfStream("it-demo", "read_committed");
        assertGapFreeAndEnded(chunks);
        long frames = chunks.stream().mapToLong(SpectrogramChunk::getFrameCount).sum();
        assertThat(frames).as("about 40 s of music at 20 fps").isBetween(700L, 1000L);
        float[][] spectrogram = reassemble(chunks, (int) frames);
        assertThat(maxOver(spectrogram, 60, 80)).as("a piano is audible in seconds 3-4").isGreaterThan(0.5);
    }

    @Test
    void shouldStartItsOwnBrokerAndVerifyTheChunksWithoutBootstrap() throws Exception {
        Path wav = TestAudio.writeWav(dir.resolve("two-seconds.wav"), TestAudio.tones(22050, 2.0, 1, 3), 22050, 1);
        StringWriter err = new StringWriter();
        assertThat(Leggio.run(new PrintWriter(err, true), "ingest", "--file", wav.toString(), "--data-dir",
                dir.resolve("own-broker").toString())).as(err.toString()).isZero();
    }

    static List<SpectrogramChunk> awaitEndOfStream(String sessionId, String isolation) {
        try (ChunkTopicReader reader = new ChunkTopicReader(broker.bootstrapServers(), isolation)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> endsWithEndOfStream(reader.poll(sessionId)));
            return reader.poll(sessionId);
        }
    }

    private static boolean endsWithEndOfStream(List<SpectrogramChunk> chunks) {
        return !chunks.isEmpty() && chunks.get(chunks.size() - 1).getEndOfStream();
    }

    static void assertGapFreeAndEnded(List<SpectrogramChunk> chunks) {
        long nextFrame = 0;
        for (int i = 0; i < chunks.size(); i++) {
            SpectrogramChunk chunk = chunks.get(i);
            assertThat(chunk.getSequenceNumber()).isEqualTo(i);
            assertThat(chunk.getFirstFrameIndex()).isEqualTo(nextFrame);
            assertThat(chunk.getEndOfStream()).isEqualTo(i == chunks.size() - 1);
            nextFrame += chunk.getFrameCount();
        }
    }

    static float[][] reassemble(List<SpectrogramChunk> chunks, int frames) {
        float[][] out = new float[FrontEnd.BAND_COUNT][frames];
        for (SpectrogramChunk chunk : chunks) {
            float[] values = ChunkCodec.decode(chunk);
            for (int f = 0; f < chunk.getFrameCount(); f++) {
                for (int b = 0; b < FrontEnd.BAND_COUNT; b++) {
                    out[b][(int) chunk.getFirstFrameIndex() + f] = values[f * FrontEnd.BAND_COUNT + b];
                }
            }
        }
        return out;
    }

    private static double maxOver(float[][] spectrogram, int fromFrame, int toFrame) {
        double max = 0;
        for (float[] band : spectrogram) {
            for (int k = fromFrame; k < toFrame; k++) {
                max = Math.max(max, band[k]);
            }
        }
        return max;
    }
}
