package org.leggio.embed.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedMetrics;
import org.leggio.model.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batch of one stream thread: windows of every session of every task the thread runs, embedded
 * in one network call when the batch is full, when its oldest window has waited {@code maxWaitMillis}, or
 * when every session that made a window recently is already in it (nothing else is coming soon; a lone
 * session never waits). Each result goes back to the task that owns the window, which forwards it in its
 * own context.
 *
 * <p>Not thread-safe: one per stream thread, used only by that thread's processors.
 */
public final class ThreadBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadBatcher.class);
    /** A session counts as active for batching if it made a window within this many hops. */
    private static final int ACTIVE_HOPS = 2;

    /** A window waiting for its batch. */
    record Window(SessionWindowProcessor owner, String sessionId, long frame, float[][] bands, float loudness,
            long captureMicros, long timestamp, long enqueuedMillis, long enqueuedNanos) {}

    private final Embedder embedder;
    private final EmbedConfig config;
    private final EmbedMetrics metrics;
    private final List<Window> pending = new ArrayList<>();
    private final Map<String, Long> recentWindows = new HashMap<>();

    public ThreadBatcher(Embedder embedder, EmbedConfig config, EmbedMetrics metrics) {
        this.embedder = embedder;
        this.config = config;
        this.metrics = metrics;
    }

    void add(Window window) {
        recentWindows.put(window.sessionId(), window.enqueuedMillis());
        pending.add(window);
    }

    boolean isFull() {
        return pending.size() >= config.maxBatch();
    }

    boolean isDue(long nowMillis) {
        if (pending.isEmpty()) {
            return false;
        }
        if (isFull() || nowMillis - pending.get(0).enqueuedMillis() >= config.maxWaitMillis()) {
            return true;
        }
        long recent = nowMillis - ACTIVE_HOPS * config.hopFrames() * 50L;
        recentWindows.values().removeIf(at -> at < recent);
        return pending.stream().map(Window::sessionId).distinct().count() >= recentWindows.size();
    }

    /** Embeds every waiting window (in slices of at most {@code maxBatch}) and hands each result to its owner. */
    void flush() {
        while (!pending.isEmpty()) {
            List<Window> batch = new ArrayList<>(pending.subList(0, Math.min(pending.size(), config.maxBatch())));
            pending.subList(0, batch.size()).clear();
            List<float[][]> windows = new ArrayList<>(batch.size());
            batch.forEach(w -> windows.add(w.bands()));
            float[][] values = null;
            long start = System.nanoTime();
            try {
                values = embedder.embedAudio(windows);
            } catch (RuntimeException e) {
                LOG.error("could not embed {} windows of sessions {}; they are skipped: {}", batch.size(),
                        batch.stream().map(Window::sessionId).distinct().toList(), e.toString(), e);
            }
            metrics.batch(batch.size(), System.nanoTime() - start, start - batch.get(0).enqueuedNanos());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).owner().ready(batch.get(i), values == null ? null : values[i]);
            }
        }
    }

    /** Forgets the windows of a session that ended or expired. */
    void drop(String sessionId) {
        pending.removeIf(w -> w.sessionId().equals(sessionId));
        recentWindows.remove(sessionId);
    }

    /** Forgets every window of a task that is closing (its new owner re-makes them from the store). */
    void drop(SessionWindowProcessor owner) {
        pending.removeIf(w -> w.owner() == owner);
    }
}
