package org.leggio.embed.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.leggio.embed.EmbedConfig;
import org.leggio.model.Embedder;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.SpectrogramChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each session's spectrogram chunks into audio embeddings: the frames go into a changelogged store,
 * every {@code hopFrames}-th frame makes a window of the newest T frames, and the windows of all sessions
 * of the task are embedded together in micro-batches (a full batch, or the oldest window has waited
 * {@code maxWaitMillis}).
 *
 * <p>Exactly-once: a session's record says which frame was embedded last; it changes only when that
 * embedding is forwarded, in the same transaction. Windows waiting in memory at a crash are therefore
 * still owed in the restored store, and {@link #init} embeds them again — nothing lost, nothing twice.
 *
 * <p>A bad chunk is logged with its topic, partition and offset and skipped; the session goes on. One
 * instance per task, driven by one stream thread.
 */
public final class SessionWindowProcessor implements Processor<String, SpectrogramChunk, String, AudioEmbedding> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWindowProcessor.class);
    private static final char KEY_SEPARATOR = '\u0000';
    private static final long EXPIRY_CHECK_MILLIS = 10_000;

    private final String chunksStoreName;
    private final String sessionsStoreName;
    private final EmbedConfig config;
    private final Supplier<ThreadBatcher> batchers;
    private final int windowFrames;
    private final String modelId;
    private final Map<String, FrameRing> rings = new HashMap<>();
    /** This task's embedded windows, waiting to be forwarded in this task's context. */
    private final List<Ready> ready = new ArrayList<>();
    private ThreadBatcher batcher;
    private ProcessorContext<String, AudioEmbedding> context;
    private KeyValueStore<String, byte[]> chunks;
    private KeyValueStore<String, byte[]> sessions;

    /** An embedded window (values null when the network failed on its batch). */
    private record Ready(ThreadBatcher.Window window, float[] values) {}

    /**
     * @param batchers the micro-batch of the calling stream thread (shared by the thread's tasks)
     */
    public SessionWindowProcessor(String chunksStoreName, String sessionsStoreName, EmbedConfig config,
            Embedder embedder, Supplier<ThreadBatcher> batchers) {
        this.chunksStoreName = chunksStoreName;
        this.sessionsStoreName = sessionsStoreName;
        this.config = config;
        this.batchers = batchers;
        this.windowFrames = embedder.info().audioContextFrames();
        this.modelId = embedder.info().modelId();
    }

    @Override
    public void init(ProcessorContext<String, AudioEmbedding> context) {
        this.context = context;
        this.chunks = context.getStateStore(chunksStoreName);
        this.sessions = context.getStateStore(sessionsStoreName);
        // a task re-initialised after a dirty close must not trust an earlier incarnation's memory
        rings.clear();
        ready.clear();
        batcher = batchers.get();
        context.schedule(Duration.ofMillis(Math.max(1, config.maxWaitMillis() / 2)), PunctuationType.WALL_CLOCK_TIME,
                now -> flushIfDue());
        context.schedule(Duration.ofMillis(EXPIRY_CHECK_MILLIS), PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
        recoverOwed();
    }

    @Override
    public void process(Record<String, SpectrogramChunk> record) {
        // results of a batch another task of this thread sent
        forwardReady();
        String sessionId = record.key();
        if (sessionId == null || sessionId.isEmpty() || record.value() == null) {
            LOG.warn("skipped a chunk with no session id or no value at {}", place());
            return;
        }
        SpectrogramChunk chunk = record.value();
        float[][] frames;
        try {
            frames = ChunkFrames.decode(chunk);
        } catch (IllegalArgumentException e) {
            LOG.error("skipped chunk {} of session {} at {}: {}", chunk.getSequenceNumber(), sessionId, place(),
                    e.getMessage());
            return;
        }
        try {
            accept(sessionId, chunk, frames, record.timestamp());
        } catch (RuntimeException e) {
            rings.remove(sessionId);
            LOG.error("skipped chunk {} of session {} at {}: {}", chunk.getSequenceNumber(), sessionId, place(),
                    e.toString(), e);
        }
    }

    private void accept(String sessionId, SpectrogramChunk chunk, float[][] frames, long timestamp) {
        byte[] saved = sessions.get(sessionId);
        SessionMeta meta = saved == null ? SessionMeta.fresh() : SessionMeta.decode(saved);
        if (saved != null && chunk.getSequenceNumber() < meta.nextChunkSequence()) {
            LOG.warn("skipped chunk {} of session {} at {}: already received (expected {})", chunk.getSequenceNumber(),
                    sessionId, place(), meta.nextChunkSequence());
            return;
        }
        if (chunk.getSequenceNumber() > meta.nextChunkSequence()) {
            LOG.warn("session {}: chunks {}..{} missing at {}; their frames count as silence", sessionId,
                    meta.nextChunkSequence(), chunk.getSequenceNumber() - 1, place());
        }
        FrameRing ring = ring(sessionId, meta);
        long first = chunk.getFirstFrameIndex();
        int skip = (int) Math.max(0, Math.min(frames.length, meta.lastFrame() + 1 - first));
        long lastFrame = Math.max(meta.lastFrame(), first + frames.length - 1);
        meta = new SessionMeta(chunk.getSequenceNumber() + 1, lastFrame, meta.lastEmbeddedFrame(),
                meta.nextEmbeddingSequence(), frames.length > 0 ? first : meta.anchorFrame(),
                frames.length > 0 ? chunk.getCaptureTimeMicros() : meta.anchorCaptureMicros(),
                context.currentSystemTimeMs());
        // stored before any window is embedded: a flush below updates this record
        sessions.put(sessionId, meta.encode());
        if (skip < frames.length) {
            long newFirst = first + skip;
            chunks.put(chunkKey(sessionId, newFirst), ChunkFrames.toBytes(frames, skip));
            ring.stored().addLast(new FrameRing.Stored(newFirst, frames.length - skip));
            for (int f = skip; f < frames.length; f++) {
                ring.put(first + f, frames[f]);
                enqueueIfDue(sessionId, ring, meta, first + f, timestamp);
            }
        } else if (frames.length > 0) {
            LOG.warn("skipped the frames of chunk {} of session {} at {}: frames {}..{} were already received",
                    chunk.getSequenceNumber(), sessionId, place(), first, first + frames.length - 1);
        }
        prune(sessionId, ring, storedMeta(sessionId));
        if (chunk.getEndOfStream()) {
            end(sessionId, timestamp);
        } else {
            flushIfDue();
        }
    }

    private void enqueueIfDue(String sessionId, FrameRing ring, SessionMeta meta, long frame, long timestamp) {
        if ((frame + 1) % config.hopFrames() != 0 || frame <= meta.lastEmbeddedFrame() || frame <= ring.enqueuedUpTo) {
            return;
        }
        ring.enqueuedUpTo = frame;
        batcher.add(new ThreadBatcher.Window(this, sessionId, frame, ring.window(frame, windowFrames),
                ring.loudness(frame, config.recentFrames()), meta.captureMicrosOf(frame), timestamp,
                context.currentSystemTimeMs(), System.nanoTime()));
        if (batcher.isFull()) {
            flush();
        }
    }

    private void flushIfDue() {
        if (batcher.isDue(context.currentSystemTimeMs())) {
            flush();
        } else {
            forwardReady();
        }
    }

    private void flush() {
        batcher.flush();
        forwardReady();
    }

    /** Called by the thread's batcher with the network's answer for one of this task's windows. */
    void ready(ThreadBatcher.Window window, float[] values) {
        ready.add(new Ready(window, values));
    }

    /** Forwards this task's embedded windows in order; the session records advance with them. */
    private void forwardReady() {
        if (ready.isEmpty()) {
            return;
        }
        List<Ready> batch = new ArrayList<>(ready);
        ready.clear();
        Map<String, SessionMeta> updated = new HashMap<>();
        for (Ready r : batch) {
            ThreadBatcher.Window w = r.window();
            SessionMeta meta = updated.computeIfAbsent(w.sessionId(), this::storedMeta);
            if (meta == null || w.frame() <= meta.lastEmbeddedFrame()) {
                continue;
            }
            if (r.values() == null) {
                updated.put(w.sessionId(), meta.withSkipped(w.frame()));
                continue;
            }
            AudioEmbedding.Builder embedding = AudioEmbedding.newBuilder().setSessionId(w.sessionId())
                    .setFrameIndex(w.frame()).setWindowFrames(windowFrames).setCaptureTimeMicros(w.captureMicros())
                    .setModelId(modelId).setSequenceNumber(meta.nextEmbeddingSequence())
                    .setRecentLogMagnitude(w.loudness());
            for (float v : r.values()) {
                embedding.addValues(v);
            }
            addRecentFrames(embedding, w, meta.lastEmbeddedFrame());
            context.forward(new Record<>(w.sessionId(), embedding.build(), w.timestamp()));
            updated.put(w.sessionId(), meta.withEmitted(w.frame()));
        }
        updated.forEach((sessionId, meta) -> {
            if (meta != null) {
                sessions.put(sessionId, meta.encode());
            }
        });
    }

    /**
     * Adds the window's frames after {@code previousFrame} (the session's previous embedding), oldest first,
     * band by band within a frame: the matcher's note-level refinement hears every frame once.
     */
    private void addRecentFrames(AudioEmbedding.Builder embedding, ThreadBatcher.Window w, long previousFrame) {
        float[][] bands = w.bands();
        int length = bands[0].length;
        int fresh = (int) Math.min(length, w.frame() - previousFrame);
        for (int t = length - fresh; t < length; t++) {
            for (float[] band : bands) {
                embedding.addRecentFrames(band[t]);
            }
        }
    }

    private SessionMeta storedMeta(String sessionId) {
        byte[] saved = sessions.get(sessionId);
        return saved == null ? null : SessionMeta.decode(saved);
    }

    /** Ends a session: embeds what is owed, emits the end-of-stream embedding, forgets the session. */
    private void end(String sessionId, long timestamp) {
        flush();
        SessionMeta meta = storedMeta(sessionId);
        if (meta == null) {
            return;
        }
        context.forward(new Record<>(sessionId, AudioEmbedding.newBuilder().setSessionId(sessionId)
                .setFrameIndex(meta.lastFrame()).setWindowFrames(windowFrames)
                .setCaptureTimeMicros(meta.captureMicrosOf(Math.max(0, meta.lastFrame()))).setModelId(modelId)
                .setSequenceNumber(meta.nextEmbeddingSequence()).setEndOfStream(true).build(), timestamp));
        forget(sessionId);
        LOG.info("session {} ended after frame {} ({} embeddings)", sessionId, meta.lastFrame(),
                meta.nextEmbeddingSequence() + 1);
    }

    private void forget(String sessionId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = chunks.prefixScan(sessionId + KEY_SEPARATOR, new StringSerializer())) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(chunks::delete);
        sessions.delete(sessionId);
        rings.remove(sessionId);
        batcher.drop(sessionId);
        ready.removeIf(r -> r.window().sessionId().equals(sessionId));
    }

    /** Deletes stored chunks that no owed or future window needs. */
    private void prune(String sessionId, FrameRing ring, SessionMeta meta) {
        long firstOwed = meta.lastEmbeddedFrame() + 1;
        long firstDue = firstOwed + Math.floorMod(config.hopFrames() - 1 - firstOwed, config.hopFrames());
        long keepFrom = firstDue - windowFrames + 1;
        while (!ring.stored().isEmpty() && ring.stored().peekFirst().lastFrame() < keepFrom) {
            chunks.delete(chunkKey(sessionId, ring.stored().pollFirst().firstFrame()));
        }
    }

    /** The session's ring, rebuilt from the store when missing (which re-enqueues owed windows). */
    private FrameRing ring(String sessionId, SessionMeta meta) {
        FrameRing ring = rings.get(sessionId);
        if (ring != null) {
            return ring;
        }
        ring = new FrameRing(windowFrames + config.hopFrames());
        rings.put(sessionId, ring);
        try (KeyValueIterator<String, byte[]> all = chunks.prefixScan(sessionId + KEY_SEPARATOR, new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                long first = Long.parseLong(entry.key.substring(entry.key.indexOf(KEY_SEPARATOR) + 1));
                float[][] frames = ChunkFrames.fromBytes(entry.value);
                ring.stored().addLast(new FrameRing.Stored(first, frames.length));
                for (int f = 0; f < frames.length; f++) {
                    ring.put(first + f, frames[f]);
                    enqueueIfDue(sessionId, ring, meta, first + f, context.currentSystemTimeMs());
                }
            }
        }
        return ring;
    }

    private void recoverOwed() {
        List<KeyValue<String, SessionMeta>> owed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = sessions.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                SessionMeta meta = SessionMeta.decode(entry.value);
                long nextDue = meta.lastEmbeddedFrame() + 1
                        + Math.floorMod(config.hopFrames() - 2 - meta.lastEmbeddedFrame(), config.hopFrames());
                if (nextDue <= meta.lastFrame()) {
                    owed.add(KeyValue.pair(entry.key, meta));
                }
            }
        }
        for (KeyValue<String, SessionMeta> session : owed) {
            ring(session.key, session.value);
            LOG.info("session {}: embeddings after frame {} re-made after a restart", session.key,
                    session.value.lastEmbeddedFrame());
        }
    }

    private void expireIdle(long nowMillis) {
        long oldest = nowMillis - config.idleExpiry().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = sessions.all()) {
            all.forEachRemaining(entry -> {
                if (SessionMeta.decode(entry.value).lastActivityMillis() < oldest) {
                    expired.add(entry.key);
                }
            });
        }
        for (String sessionId : expired) {
            forget(sessionId);
            LOG.info("session {} expired after {} without audio", sessionId, config.idleExpiry());
        }
    }

    private static String chunkKey(String sessionId, long firstFrame) {
        return sessionId + KEY_SEPARATOR + String.format(Locale.ROOT, "%012d", firstFrame);
    }

    private String place() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(punctuation)");
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.drop(this);
        }
        rings.clear();
        ready.clear();
    }
}
