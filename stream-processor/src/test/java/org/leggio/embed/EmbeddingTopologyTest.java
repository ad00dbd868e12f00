package org.leggio.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.kafka.StreamsSettings;
import org.leggio.kafka.Topics;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.SpectrogramChunk;

/** The embedding topology with Kafka Streams' test driver, on spectrograms whose every value is known. */
class EmbeddingTopologyTest {
    private static final int BANDS = KnownSpectrogram.BANDS;
    private static final int T = KnownSpectrogram.T;
    private static final long CAPTURE_START = KnownSpectrogram.CAPTURE_START;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpectrogramChunk> chunks;
    private TestInputTopic<String, byte[]> rawChunks;
    private TestOutputTopic<String, AudioEmbedding> embeddings;

    private void start(Embedder embedder, EmbedConfig config) {
        driver = new TopologyTestDriver(EmbeddingTopology.build(config, embedder, new EmbedMetrics()),
                StreamsSettings.exactlyOnce("test:9092", "embed-test", stateDir, Map.of()), Instant.ofEpochMilli(0));
        chunks = driver.createInputTopic(Topics.AUDIO_CHUNKS_NAME, Serdes.String().serializer(),
                Topics.AUDIO_CHUNKS.valueSerde().serializer());
        rawChunks = driver.createInputTopic(Topics.AUDIO_CHUNKS_NAME, Serdes.String().serializer(),
                new ByteArraySerializer());
        embeddings = driver.createOutputTopic(Topics.AUDIO_EMBEDDINGS_NAME, Serdes.String().deserializer(),
                Topics.AUDIO_EMBEDDINGS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends frames 0..frames-1 in chunks of the given sizes (cycled). */
    private void stream(String session, int frames, int... sizes) {
        long frame = 0;
        long sequence = 0;
        for (int i = 0; frame < frames; i++) {
            int size = (int) Math.min(sizes[i % sizes.length], frames - frame);
            chunks.pipeInput(session, KnownSpectrogram.chunk(session, sequence++, frame, size, false));
            frame += size;
        }
    }

    private List<AudioEmbedding> drain() {
        driver.advanceWallClockTime(Duration.ofMillis(50));
        return embeddings.readValuesToList();
    }

    @Test
    void windowsEndEveryHopAndHoldTheNewestFramesWithSilenceBeforeTheStart() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults());
        stream("s", 200, 2);
        List<AudioEmbedding> out = drain();
        assertThat(out).hasSize(100);
        for (int i = 0; i < out.size(); i++) {
            AudioEmbedding e = out.get(i);
            long last = 2L * i + 1;
            assertThat(e.getSequenceNumber()).isEqualTo(i);
            assertThat(e.getFrameIndex()).isEqualTo(last);
            assertThat(e.getWindowFrames()).isEqualTo(T);
            assertThat(e.getModelId()).isEqualTo("probe");
            // frame k starts at sample floor(1102.5 k): odd frames 22.7 µs before k · 50 ms
            assertThat(e.getCaptureTimeMicros()).isCloseTo(CAPTURE_START + last * 50_000L, offset(23L));
            for (int d = 0; d < 16; d++) {
                assertThat(e.getValues(d)).isEqualTo(KnownSpectrogram.value(last, d));
                long first = last - T + 1;
                assertThat(e.getValues(16 + d)).isEqualTo(first < 0 ? 0f : KnownSpectrogram.value(first, d));
            }
        }
        // loudness: the loudest band of each of the last 10 frames, averaged
        double sum = 0;
        for (long f = 190; f <= 199; f++) {
            double loudest = 0;
            for (int b = 0; b < BANDS; b++) {
                loudest = Math.max(loudest, KnownSpectrogram.value(f, b));
            }
            sum += loudest;
        }
        assertThat(out.get(99).getRecentLogMagnitude()).isCloseTo((float) (sum / 10), offset(1e-6f));
    }

    @Test
    void theEmbeddingsCarryEverySpectrogramFrameOnceInOrder() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults());
        stream("s", 200, 3, 5);
        List<AudioEmbedding> out = drain();
        assertThat(out).hasSize(100);
        long frame = 0;
        for (AudioEmbedding e : out) {
            assertThat(e.getRecentFramesCount() % BANDS).isZero();
            for (int start = 0; start < e.getRecentFramesCount(); start += BANDS, frame++) {
                for (int b = 0; b < BANDS; b++) {
                    assertThat(e.getRecentFrames(start + b)).as("frame %d band %d", frame, b)
                            .isEqualTo(KnownSpectrogram.value(frame, b));
                }
            }
            assertThat(frame - 1).as("the newest frame carried is the embedding's").isEqualTo(e.getFrameIndex());
        }
    }

    @Test
    void anySplitIntoChunksGivesTheSameEmbeddings() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults());
        stream("even", 150, 2);
        stream("odd", 150, 1, 2, 3, 5);
        List<AudioEmbedding> out = drain();
        List<AudioEmbedding> even = out.stream().filter(e -> e.getSessionId().equals("even")).toList();
        List<AudioEmbedding> odd = out.stream().filter(e -> e.getSessionId().equals("odd")).toList();
        assertThat(odd).hasSize(75);
        for (int i = 0; i < 75; i++) {
            assertThat(odd.get(i).getValuesList()).isEqualTo(even.get(i).getValuesList());
            assertThat(odd.get(i).getSequenceNumber()).isEqualTo(i);
        }
    }

    @Test
    void theRealModelGivesWhatItGivesOnTheDirectlyCutWindows() {
        Path model = Path.of("..", "models", "default");
        Assumptions.assumeTrue(Files.isRegularFile(model.resolve("model.json")), "no model at " + model.toAbsolutePath());
        try (Embedder embedder = Embedders.open(model)) {
            start(embedder, EmbedConfig.defaults().withBatching(8, 10));
            stream("s", 120, 2);
            List<AudioEmbedding> out = drain();
            assertThat(out).hasSize(60);
            List<float[][]> windows = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long last = 2L * i + 1;
                float[][] w = new float[BANDS][embedder.info().audioContextFrames()];
                for (int t = 0; t < w[0].length; t++) {
                    long f = last - w[0].length + 1 + t;
                    for (int b = 0; b < BANDS; b++) {
                        w[b][t] = f < 0 ? 0 : KnownSpectrogram.value(f, b);
                    }
                }
                windows.add(w);
            }
            float[][] direct = embedder.embedAudio(windows);
            for (int i = 0; i < 60; i++) {
                assertThat(out.get(i).getModelId()).isEqualTo(embedder.info().modelId());
                for (int d = 0; d < direct[i].length; d++) {
                    assertThat(out.get(i).getValues(d)).isCloseTo(direct[i][d], offset(1e-4f));
                }
            }
        }
    }

    @Test
    void windowsOfSeveralSessionsShareBatches() {
        KnownSpectrogram.ProbeEmbedder probe = new KnownSpectrogram.ProbeEmbedder();
        start(probe, EmbedConfig.defaults().withBatching(4, 1_000));
        for (int c = 0; c < 20; c++) {
            chunks.pipeInput("a", KnownSpectrogram.chunk("a", c, 2L * c, 2, false));
            chunks.pipeInput("b", KnownSpectrogram.chunk("b", c, 2L * c, 2, false));
        }
        // a alone at first: no waiting; from then on a window waits until both sessions are in its batch,
        // so b's last window is still waiting for a
        assertThat(embeddings.readValuesToList()).hasSize(39);
        assertThat(probe.batchSizes.get(0)).isEqualTo(1);
        assertThat(probe.batchSizes.subList(1, probe.batchSizes.size())).containsOnly(2).hasSize(19);
        chunks.pipeInput("a", KnownSpectrogram.chunk("a", 20, 40, 2, false));
        assertThat(embeddings.readValuesToList()).hasSize(2);
        // b falls silent: a's next window waits for b until the longest wait
        chunks.pipeInput("a", KnownSpectrogram.chunk("a", 21, 42, 2, false));
        assertThat(embeddings.readValuesToList()).isEmpty();
        driver.advanceWallClockTime(Duration.ofMillis(1_000));
        assertThat(embeddings.readValuesToList()).hasSize(1);
    }

    @Test
    void fullBatchesGoAtOnce() {
        KnownSpectrogram.ProbeEmbedder probe = new KnownSpectrogram.ProbeEmbedder();
        start(probe, EmbedConfig.defaults().withBatching(4, 60_000));
        // one chunk of 20 frames brings 10 windows of one session at once
        chunks.pipeInput("a", KnownSpectrogram.chunk("a", 0, 0, 20, false));
        assertThat(embeddings.readValuesToList()).hasSize(10);
        assertThat(probe.batchSizes).containsExactly(4, 4, 2);
    }

    @Test
    void duplicatesGapsAndBadChunksAreHandledAndTheSessionGoesOn() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults());
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 0, 0, 2, false));
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 0, 0, 2, false));
        SpectrogramChunk wrongBands = KnownSpectrogram.chunk("s", 1, 2, 2, false).toBuilder().setBandCount(91).build();
        chunks.pipeInput("s", wrongBands);
        SpectrogramChunk truncated = KnownSpectrogram.chunk("s", 1, 2, 2, false).toBuilder().setValues(ByteString.copyFrom(new byte[7]))
                .build();
        chunks.pipeInput("s", truncated);
        rawChunks.pipeInput("s", new byte[] {(byte) 0xff, 0x13, 0x37});
        chunks.pipeInput((String) null, KnownSpectrogram.chunk("s", 1, 2, 2, false));
        // chunk 1 (frames 2-3) is lost; chunk 2 brings frames 4-5
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 2, 4, 2, false));
        List<AudioEmbedding> out = drain();
        assertThat(out).extracting(AudioEmbedding::getFrameIndex).containsExactly(1L, 5L);
        assertThat(out).extracting(AudioEmbedding::getSequenceNumber).containsExactly(0L, 1L);
        // frame 5's window: newest frame 5, and frames 2-3 silent (checked through the probe's first-frame half
        // on a window whose first frame is 3: the window of frame 86)
        for (int c = 3; c < 44; c++) {
            chunks.pipeInput("s", KnownSpectrogram.chunk("s", c, 2L * c, 2, false));
        }
        AudioEmbedding at85 = drain().stream().filter(e -> e.getFrameIndex() == 85).findFirst().orElseThrow();
        assertThat(at85.getValues(16)).isEqualTo(0f);
        assertThat(at85.getValues(0)).isEqualTo(KnownSpectrogram.value(85, 0));
    }

    @Test
    void aFailedBatchIsSkippedAndTheSessionGoesOnWithoutANumberGap() {
        KnownSpectrogram.ProbeEmbedder failingSecondCall = new KnownSpectrogram.ProbeEmbedder();
        failingSecondCall.failingCall = 1;
        start(failingSecondCall, EmbedConfig.defaults());
        stream("s", 10, 2);
        List<AudioEmbedding> out = drain();
        // one window per call (a lone session never waits): the second, frame 3, is lost
        assertThat(failingSecondCall.batchSizes).hasSize(5);
        assertThat(out).extracting(AudioEmbedding::getFrameIndex).containsExactly(1L, 5L, 7L, 9L);
        assertThat(out).extracting(AudioEmbedding::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(out.get(1).getValues(0)).isEqualTo(KnownSpectrogram.value(5, 0));
    }

    @Test
    void endOfStreamEmitsAFinalRecordAndForgetsTheSession() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults().withBatching(32, 1_000));
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 0, 0, 2, false));
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 1, 2, 2, true));
        List<AudioEmbedding> out = embeddings.readValuesToList();
        assertThat(out).hasSize(3);
        assertThat(out.get(2).getEndOfStream()).isTrue();
        assertThat(out.get(2).getSequenceNumber()).isEqualTo(2);
        assertThat(out.get(2).getValuesCount()).isZero();
        assertThat(count(driver.getKeyValueStore(EmbeddingTopology.CHUNKS_STORE))).isZero();
        assertThat(count(driver.getKeyValueStore(EmbeddingTopology.SESSIONS_STORE))).isZero();
    }

    @Test
    void onlyTheFramesAWindowStillNeedsAreKept() {
        // batches of one: every window is embedded at once, so nothing is owed
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults().withBatching(1, 10));
        stream("s", 400, 2);
        drain();
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(EmbeddingTopology.CHUNKS_STORE);
        // the next window (frame 401) needs frames 318..401: 41 stored chunks of 2 frames
        assertThat(count(store)).isEqualTo(41L);
    }

    @Test
    void idleSessionsExpire() {
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults().withIdleExpiry(Duration.ofMinutes(1)));
        chunks.pipeInput("quiet", KnownSpectrogram.chunk("quiet", 0, 0, 2, false));
        driver.advanceWallClockTime(Duration.ofSeconds(40));
        chunks.pipeInput("busy", KnownSpectrogram.chunk("busy", 0, 0, 2, false));
        driver.advanceWallClockTime(Duration.ofSeconds(40));
        KeyValueStore<String, byte[]> sessions = driver.getKeyValueStore(EmbeddingTopology.SESSIONS_STORE);
        assertThat(sessions.get("quiet")).isNull();
        assertThat(sessions.get("busy")).isNotNull();
    }

    @Test
    void windowsWaitingAtACrashAreMadeFromTheStoreExactlyOnce() {
        // a first run accepts frames but dies before the waiting windows are embedded: s's windows wait for
        // t (active a moment ago) to join their batch
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults().withBatching(1_000, 60_000));
        chunks.pipeInput("t", KnownSpectrogram.chunk("t", 0, 0, 2, false));
        assertThat(embeddings.readValuesToList()).hasSize(1);
        stream("s", 40, 2);
        assertThat(embeddings.readValuesToList()).isEmpty();
        Map<String, byte[]> chunksCopy = copy(driver.getKeyValueStore(EmbeddingTopology.CHUNKS_STORE));
        Map<String, byte[]> sessionsCopy = copy(driver.getKeyValueStore(EmbeddingTopology.SESSIONS_STORE));
        driver.close();
        driver = null;
        // the replacement starts from what the changelog restored
        start(new KnownSpectrogram.ProbeEmbedder(), EmbedConfig.defaults());
        chunksCopy.forEach(driver.<String, byte[]>getKeyValueStore(EmbeddingTopology.CHUNKS_STORE)::put);
        sessionsCopy.forEach(driver.<String, byte[]>getKeyValueStore(EmbeddingTopology.SESSIONS_STORE)::put);
        chunks.pipeInput("s", KnownSpectrogram.chunk("s", 20, 40, 2, false));
        List<AudioEmbedding> out = drain().stream().filter(e -> e.getSessionId().equals("s")).toList();
        assertThat(out).extracting(AudioEmbedding::getFrameIndex)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 20).map(i -> 2 * i + 1).boxed()
                        .toList());
        assertThat(out).extracting(AudioEmbedding::getSequenceNumber)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(0, 20).boxed().toList());
    }

    private static long count(KeyValueStore<String, byte[]> store) {
        long n = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static Map<String, byte[]> copy(KeyValueStore<String, byte[]> store) {
        Map<String, byte[]> copy = new java.util.TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(e -> copy.put(e.key, e.value));
        }
        return copy;
    }
}
