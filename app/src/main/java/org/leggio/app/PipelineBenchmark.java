package org.leggio.app;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.FrontEnd;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/**
 * Streams N concurrent real-time sessions into running Leggio services and measures, for every position
 * update, the time from the moment its newest audio was sent (the chunk, or the embedding when only the
 * matcher is measured) until a {@code read_committed} consumer can read the update.
 *
 * <p>Each session replays the same performance with its own phase (sessions start spread over one hop),
 * paced in real time: a chunk of {@code hop} frames is sent when its last frame's audio would be complete.
 * Not thread-safe; one run at a time.
 */
final class PipelineBenchmark {
    /** Where the measured path starts. */
    enum Stage {
        /** Spectrogram chunks in: embedding service and matcher. */
        ALL,
        /** Audio embeddings in: the matcher alone. */
        MATCH
    }

    /**
     * One run's outcome.
     *
     * @param latenciesMillis every update's latency, sorted
     * @param sent updates expected
     * @param keptUp whether every update arrived and the last second's latencies did not exceed the
     *     first second's by more than a second (the pipeline does not fall behind)
     * @param matcherShareMillis median of (emitted by the matcher − sent): the part before the matcher's
     *     commit
     */
    record Result(int sessions, double[] latenciesMillis, int sent, boolean keptUp, double matcherShareMillis) {
        double quantile(double q) {
            if (latenciesMillis.length == 0) {
                return Double.NaN;
            }
            return latenciesMillis[Math.min(latenciesMillis.length - 1, (int) Math.floor(q * latenciesMillis.length))];
        }
    }

    private final String bootstrap;
    private final Stage stage;
    private final float[][] bandsByFrames;
    private final List<AudioEmbedding> embeddings;
    private final int hopFrames;

    /**
     * @param bandsByFrames the performance's spectrogram ({@code [92][frames]}), sent as chunks for {@link Stage#ALL}
     * @param embeddings its embeddings (one per hop, ending at frame {@code hop·(i+1)−1}), sent for {@link Stage#MATCH}
     */
    PipelineBenchmark(String bootstrap, Stage stage, float[][] bandsByFrames, List<AudioEmbedding> embeddings,
            int hopFrames) {
        this.bootstrap = bootstrap;
        this.stage = stage;
        this.bandsByFrames = bandsByFrames;
        this.embeddings = embeddings;
        this.hopFrames = hopFrames;
    }

    Result run(String runId, int sessions, double seconds) throws InterruptedException {
        int steps = (int) Math.min(embeddings.size(), Math.round(seconds * FrontEnd.FRAMES_PER_SECOND / hopFrames));
        Map<String, long[]> sentNanos = new ConcurrentHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            String id = runId + "-" + s;
            ids.add(id);
            long[] times = new long[steps];
            Arrays.fill(times, Long.MIN_VALUE);
            sentNanos.put(id, times);
        }
        Map<String, long[]> receivedNanos = new ConcurrentHashMap<>();
        Map<String, long[]> emittedMicros = new ConcurrentHashMap<>();
        for (String id : ids) {
            receivedNanos.put(id, new long[steps]);
            emittedMicros.put(id, new long[steps]);
        }
        AtomicLong received = new AtomicLong();
        try (Reader reader = new Reader(bootstrap, receivedNanos, emittedMicros, received, hopFrames)) {
            send(ids, steps, sentNanos);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (received.get() < (long) steps * sessions && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        return result(ids, steps, sentNanos, receivedNanos, emittedMicros);
    }

    private void send(List<String> ids, int steps, Map<String, long[]> sentNanos) throws InterruptedException {
        long hopNanos = hopFrames * 1_000_000_000L / FrontEnd.FRAMES_PER_SECOND;
        long wallStartMicros = System.currentTimeMillis() * 1000;
        long start = System.nanoTime();
        ByteBuffer scratch = ByteBuffer.allocate(hopFrames * FrontEnd.BAND_COUNT * 4);
        float[] frameMajor = new float[hopFrames * FrontEnd.BAND_COUNT];
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int step = 0; step < steps; step++) {
                for (int s = 0; s < ids.size(); s++) {
                    // sessions are spread over one hop, as independent players would be
                    long due = start + step * hopNanos + s * hopNanos / ids.size();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    String id = ids.get(s);
                    long captureMicros = wallStartMicros + FrontEnd.frameStartMicros((long) step * hopFrames);
                    byte[] value = stage == Stage.MATCH ? embedding(id, step, captureMicros)
                            : chunk(id, step, captureMicros, scratch, frameMajor, step == steps - 1);
                    sentNanos.get(id)[step] = System.nanoTime();
                    String topic = stage == Stage.MATCH ? Topics.AUDIO_EMBEDDINGS_NAME : Topics.AUDIO_CHUNKS_NAME;
                    producer.send(new ProducerRecord<>(topic, id, value));
                }
            }
            producer.flush();
        }
    }

    private byte[] embedding(String id, int step, long captureMicros) {
        return embeddings.get(step).toBuilder().setSessionId(id).setSequenceNumber(step)
                .setCaptureTimeMicros(captureMicros).build().toByteArray();
    }

    private byte[] chunk(String id, int step, long captureMicros, ByteBuffer scratch, float[] frameMajor,
            boolean last) {
        int first = step * hopFrames;
        int frames = Math.max(0, Math.min(hopFrames, bandsByFrames[0].length - first));
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < FrontEnd.BAND_COUNT; b++) {
                frameMajor[f * FrontEnd.BAND_COUNT + b] = bandsByFrames[b][first + f];
            }
        }
        return SpectrogramChunk.newBuilder().setSessionId(id).setSequenceNumber(step).setFirstFrameIndex(first)
                .setFrameCount(frames).setBandCount(FrontEnd.BAND_COUNT).setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16)
                .setValues(ChunkCodec.encode(frameMajor, frames * FrontEnd.BAND_COUNT,
                        ValueEncoding.VALUE_ENCODING_FLOAT16, scratch))
                .setCaptureTimeMicros(captureMicros).setSourceKind(AudioSourceKind.AUDIO_SOURCE_KIND_FILE)
                .setSourceSampleRateHz(FrontEnd.SAMPLE_RATE_HZ).setEndOfStream(last).build().toByteArray();
    }

    private static Result result(List<String> ids, int steps, Map<String, long[]> sent, Map<String, long[]> received,
            Map<String, long[]> emitted) {
        List<Double> all = new ArrayList<>();
        List<Double> beforeCommit = new ArrayList<>();
        double firstSecond = 0;
        double lastSecond = 0;
        int perSecond = Math.max(1, FrontEnd.FRAMES_PER_SECOND / 2);
        boolean complete = true;
        long wallMinusNanoMicros = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
        for (String id : ids) {
            for (int step = 0; step < steps; step++) {
                long in = received.get(id)[step];
                if (in == 0) {
                    complete = false;
                    continue;
                }
                double millis = (in - sent.get(id)[step]) / 1e6;
                all.add(millis);
                long emittedMicros = emitted.get(id)[step];
                if (emittedMicros > 0) {
                    beforeCommit.add((emittedMicros - wallMinusNanoMicros - sent.get(id)[step] / 1000) / 1e3);
                }
                if (step < perSecond) {
                    firstSecond = Math.max(firstSecond, millis);
                }
                if (step >= steps - perSecond) {
                    lastSecond = Math.max(lastSecond, millis);
                }
            }
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] share = beforeCommit.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        boolean keptUp = complete && lastSecond <= firstSecond + 1000;
        return new Result(ids.size(), sorted, steps * ids.size(), keptUp,
                share.length == 0 ? Double.NaN : share[share.length / 2]);
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    /** Reads every position update with read_committed and notes when it became readable. */
    private static final class Reader implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Reader(String bootstrap, Map<String, long[]> receivedNanos, Map<String, long[]> emittedMicros,
                AtomicLong received, int hopFrames) {
            KafkaConsumer<String, SessionEvent> consumer = PositionsTail.fromNow(bootstrap, 5);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, SessionEvent> r : consumer.poll(Duration.ofMillis(5))) {
                            long now = System.nanoTime();
                            long[] times = receivedNanos.get(r.key());
                            if (times == null || !r.value().hasPosition()) {
                                continue;
                            }
                            long frame = r.value().getPosition().getFrameIndex();
                            int step = (int) ((frame + 1) / hopFrames) - 1;
                            if (step >= 0 && step < times.length && times[step] == 0) {
                                times[step] = now;
                                emittedMicros.get(r.key())[step] = r.value().getPosition().getEmittedTimeMicros();
                                received.incrementAndGet();
                            }
                        }
                    }
                }
            }, "bench-positions-reader");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    static String header() {
        return String.format(Locale.ROOT, "%-8s %-9s %9s %9s %9s %9s %14s %8s", "stage", "sessions", "updates",
                "p50 ms", "p99 ms", "max ms", "to-emit p50", "kept up");
    }

    String row(Result r) {
        return String.format(Locale.ROOT, "%-8s %-9d %9d %9.1f %9.1f %9.1f %14.1f %8s", stage.name().toLowerCase(Locale.ROOT),
                r.sessions(), r.latenciesMillis().length, r.quantile(0.5), r.quantile(0.99), r.quantile(1.0),
                r.matcherShareMillis(), r.keptUp() ? "yes" : "NO");
    }
}
