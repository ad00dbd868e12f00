package org.leggio.embed.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.leggio.ingest.Loudness;

/**
 * The newest frames of one session, enough for one window, plus the list of the session's chunk entries
 * in the store. A cache of the store: rebuilt from it whenever it is missing.
 * Not thread-safe; used by one processor.
 */
final class FrameRing {
    /** A stored chunk entry: its first frame and frame count. */
    record Stored(long firstFrame, int frames) {
        long lastFrame() {
            return firstFrame + frames - 1;
        }
    }

    private final float[][] frames;
    private final long[] frameIndex;
    private final Deque<Stored> stored = new ArrayDeque<>();
    /** The newest frame already enqueued for embedding (−1: none). */
    long enqueuedUpTo = -1;

    FrameRing(int capacity) {
        this.frames = new float[capacity][ChunkFrames.BANDS];
        this.frameIndex = new long[capacity];
        Arrays.fill(frameIndex, -1);
    }

    void put(long index, float[] bands) {
        int slot = (int) (index % frames.length);
        System.arraycopy(bands, 0, frames[slot], 0, ChunkFrames.BANDS);
        frameIndex[slot] = index;
    }

    /** The {@code length} frames ending at {@code lastFrame} as {@code [band][time]}; absent frames are silence. */
    float[][] window(long lastFrame, int length) {
        float[][] window = new float[ChunkFrames.BANDS][length];
        for (int t = 0; t < length; t++) {
            long index = lastFrame - length + 1 + t;
            float[] frame = frame(index);
            if (frame != null) {
                for (int b = 0; b < ChunkFrames.BANDS; b++) {
                    window[b][t] = frame[b];
                }
            }
        }
        return window;
    }

    /**
     * The loudness of {@link org.leggio.ingest.Loudness}: the mean of the loudest band of the frames
     * {@code lastFrame − recent + 1 … lastFrame} (a frame before frame 0 or no longer held counts as silence).
     */
    float loudness(long lastFrame, int recent) {
        double sum = 0;
        int n = 0;
        for (long index = Math.max(0, lastFrame - recent + 1); index <= lastFrame; index++) {
            float[] frame = frame(index);
            sum += frame == null ? 0 : Loudness.peak(frame);
            n++;
        }
        return n == 0 ? 0 : (float) (sum / n);
    }

    private float[] frame(long index) {
        if (index < 0) {
            return null;
        }
        int slot = (int) (index % frames.length);
        return frameIndex[slot] == index ? frames[slot] : null;
    }

    Deque<Stored> stored() {
        return stored;
    }
}
