package org.leggio.embed.internal;

import org.leggio.embed.KnownSpectrogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedMetrics;
import org.leggio.kafka.StreamsSettings;
import org.leggio.model.Embedder;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.SpectrogramChunk;

/**
 * A task re-initialised on stores restored from the changelog: {@code init()} itself must re-make the
 * windows that were waiting in memory at the crash (the test driver cannot re-initialise a task, so the
 * processor runs here on Kafka's {@link MockProcessorContext}, and the "restore" copies the stores).
 */
class SessionWindowProcessorRecoveryTest {

    @TempDir
    Path stateDir;

    /** One task incarnation: a processor with its own context, stores and thread batcher. */
    private final class Incarnation {
        final MockProcessorContext<String, AudioEmbedding> context;
        final SessionWindowProcessor processor;

        Incarnation(EmbedConfig config, Map<String, byte[]> chunks, Map<String, byte[]> sessions) {
            context = new MockProcessorContext<>(StreamsSettings.exactlyOnce("dummy:1234", "recovery-test",
                    stateDir, Map.of()));
            context.setCurrentSystemTimeMs(0);
            store("embed-chunks").putAll(entries(chunks));
            store("embed-sessions").putAll(entries(sessions));
            Embedder embedder = new KnownSpectrogram.ProbeEmbedder();
            ThreadBatcher batcher = new ThreadBatcher(embedder, config, new EmbedMetrics());
            processor = new SessionWindowProcessor("embed-chunks", "embed-sessions", config, embedder, () -> batcher);
            processor.init(context);
        }

        private KeyValueStore<String, byte[]> store(String name) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            return store;
        }

        void process(SpectrogramChunk chunk, long offset) {
            context.setRecordMetadata("leggio.audio.chunks", 0, offset);
            processor.process(new Record<>(chunk.getSessionId(), chunk, 0L));
        }

        /** Runs the wall-clock punctuator that flushes a batch whose oldest window has waited long enough. */
        void punctuateBatches(long nowMillis) {
            context.setCurrentSystemTimeMs(nowMillis);
            context.scheduledPunctuators().stream()
                    .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .forEach(p -> p.getPunctuator().punctuate(nowMillis));
        }

        List<AudioEmbedding> forwarded() {
            return context.forwarded().stream().map(f -> (AudioEmbedding) f.record().value()).toList();
        }

        Map<String, byte[]> contents(String name) {
            Map<String, byte[]> copy = new java.util.TreeMap<>();
            try (KeyValueIterator<String, byte[]> all = context.<KeyValueStore<String, byte[]>>getStateStore(name)
                    .all()) {
                all.forEachRemaining(e -> copy.put(e.key, e.value));
            }
            return copy;
        }
    }

    private static List<KeyValue<String, byte[]>> entries(Map<String, byte[]> map) {
        return map.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).toList();
    }

    @Test
    void initReMakesTheWindowsThatWereWaitingAtTheCrashAndNothingElse() {
        EmbedConfig config = EmbedConfig.defaults().withBatching(1_000, 60_000);
        Incarnation first = new Incarnation(config, Map.of(), Map.of());
        // t's window goes alone; then s's windows wait for t (active a moment ago) to share their batch
        first.process(KnownSpectrogram.chunk("t", 0, 0, 2, false), 0);
        long offset = 1;
        for (int c = 0; c < 20; c++) {
            first.process(KnownSpectrogram.chunk("s", c, 2L * c, 2, false), offset++);
        }
        assertThat(first.forwarded()).extracting(AudioEmbedding::getSessionId).containsExactly("t");

        // the crash: the memory is gone, the stores come back as they were written
        Incarnation second = new Incarnation(config, first.contents("embed-chunks"), first.contents("embed-sessions"));
        second.punctuateBatches(30_000);
        List<AudioEmbedding> remade = second.forwarded();
        assertThat(remade).extracting(AudioEmbedding::getSessionId).containsOnly("s");
        assertThat(remade).extracting(AudioEmbedding::getFrameIndex)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 19).map(i -> 2 * i + 1).boxed().toList());
        assertThat(remade).extracting(AudioEmbedding::getSequenceNumber)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 19).boxed().toList());
        for (AudioEmbedding e : remade) {
            assertThat(e.getValues(5)).isEqualTo(KnownSpectrogram.value(e.getFrameIndex(), 5));
        }
        SessionMeta s = SessionMeta.decode(second.contents("embed-sessions").get("s"));
        assertThat(s.lastEmbeddedFrame()).isEqualTo(39);
        assertThat(s.nextEmbeddingSequence()).isEqualTo(20);

        // the session goes on where it was: no window twice, no number skipped
        second.context.resetForwards();
        second.process(KnownSpectrogram.chunk("s", 20, 40, 2, false), offset);
        second.punctuateBatches(60_000);
        assertThat(second.forwarded()).extracting(AudioEmbedding::getFrameIndex).containsExactly(41L);
        assertThat(second.forwarded()).extracting(AudioEmbedding::getSequenceNumber).containsExactly(20L);
    }

    @Test
    void aSessionWithNothingOwedIsNotReMade() {
        EmbedConfig config = EmbedConfig.defaults();
        Incarnation first = new Incarnation(config, Map.of(), Map.of());
        for (int c = 0; c < 5; c++) {
            first.process(KnownSpectrogram.chunk("s", c, 2L * c, 2, false), c);
        }
        assertThat(first.forwarded()).hasSize(5);
        Incarnation second = new Incarnation(config, first.contents("embed-chunks"), first.contents("embed-sessions"));
        second.punctuateBatches(1_000);
        assertThat(second.forwarded()).isEmpty();
    }
}
