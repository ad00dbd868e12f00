package org.leggio.gateway.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.leggio.ingest.AudioSource;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * A browser's microphone as a live {@link AudioSource}: mono float samples arrive in WebSocket frames
 * (on the event loop) and are read by the ingest thread. The queue is bounded: a client sending faster
 * than real time for long is refused ({@link #offer} returns false) instead of growing memory.
 * Capture times count samples from the moment the stream opened.
 *
 * <p>Thread-safe: one producer (the socket), one consumer (the ingest thread).
 */
final class BrowserAudioSource implements AudioSource {
    /** Blocks the queue holds: at 4096 samples each, about 40 s at 48 kHz. */
    static final int QUEUE_BLOCKS = 512;
    private static final float[] END = new float[0];

    private final int sampleRateHz;
    private final String description;
    private final long startEpochMicros = System.currentTimeMillis() * 1000;
    private final BlockingQueue<float[]> blocks = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private float[] current;
    private int position;
    private volatile boolean closed;

    BrowserAudioSource(int sampleRateHz, String description) {
        this.sampleRateHz = sampleRateHz;
        this.description = description;
    }

    /** Adds samples; false when the queue is full (the client is far ahead of real time). */
    boolean offer(float[] samples) {
        return samples.length == 0 || blocks.offer(samples);
    }

    /** The browser stopped: the reader gets the end of the audio after what was sent. */
    void end() {
        while (!blocks.offer(END)) {
            blocks.poll();
        }
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int read(float[] buffer, int offset, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be > 0, got " + length);
        }
        try {
            while (current == null || position == current.length) {
                if (closed) {
                    return -1;
                }
                current = blocks.poll(100, TimeUnit.MILLISECONDS);
                position = 0;
                if (current == END) {
                    closed = true;
                    return -1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public long captureTimeMicros(long sampleIndex) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, got " + sampleIndex);
        }
        return startEpochMicros + sampleIndex * 1_000_000L / sampleRateHz;
    }

    @Override
    public AudioSourceKind kind() {
        return AudioSourceKind.AUDIO_SOURCE_KIND_BROWSER;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
