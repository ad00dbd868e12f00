package org.leggio.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import javax.sound.sampled.AudioSystem;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * A non-live {@link AudioSource} over a PCM byte stream with a known or unknown frame count: a
 * decoded audio file or a synthesizer's output. Stops after {@code declaredFrames}; fails if the
 * stream ends before them. Allocates its byte buffer once, at construction.
 */
final class PcmStreamSource implements AudioSource {
    /** Largest number of frames decoded per {@link #read}. */
    static final int MAX_FRAMES_PER_READ = 4096;

    private final InputStream in;
    private final SampleDecoder decoder;
    private final long declaredFrames;
    private final int sampleRateHz;
    private final AudioSourceKind kind;
    private final String description;
    private final long startEpochMicros;
    private final AutoCloseable onClose;
    private final byte[] bytes;
    private long deliveredFrames;
    private boolean ended;
    private boolean closed;

    /**
     * @param in the interleaved PCM bytes; closed by {@link #close()}
     * @param declaredFrames frames the stream must deliver, or {@link AudioSystem#NOT_SPECIFIED}
     * @param startEpochMicros capture time of sample 0, µs since the epoch
     * @param onClose released after {@code in} on close, or {@code null}
     */
    PcmStreamSource(InputStream in, SampleDecoder decoder, long declaredFrames, int sampleRateHz,
            AudioSourceKind kind, String description, long startEpochMicros, AutoCloseable onClose) {
        this.in = Objects.requireNonNull(in, "in can't be null");
        this.decoder = Objects.requireNonNull(decoder, "decoder can't be null");
        this.declaredFrames = declaredFrames;
        this.sampleRateHz = sampleRateHz;
        this.kind = Objects.requireNonNull(kind, "kind can't be null");
        this.description = Objects.requireNonNull(description, "description can't be null");
        this.startEpochMicros = startEpochMicros;
        this.onClose = onClose;
        this.bytes = new byte[MAX_FRAMES_PER_READ * decoder.frameSize()];
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int read(float[] buffer, int offset, int length) {
        checkReadArguments(buffer, offset, length, closed, description);
        if (ended) {
            return -1;
        }
        int frames = Math.min(length, MAX_FRAMES_PER_READ);
        if (declaredFrames != AudioSystem.NOT_SPECIFIED) {
            frames = (int) Math.min(frames, declaredFrames - deliveredFrames);
        }
        int got = frames == 0 ? 0 : readFrames(frames);
        if (got == 0) {
            return end();
        }
        decoder.decode(bytes, got, buffer, offset);
        deliveredFrames += got;
        return got;
    }

    private int readFrames(int frames) {
        int frameSize = decoder.frameSize();
        int wanted = frames * frameSize;
        int filled = 0;
        try {
            // Java Sound streams return whole frames; the modulo guards other streams.
            while (filled < frameSize || filled % frameSize != 0) {
                int n = in.read(bytes, filled, wanted - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException | RuntimeException e) {
            throw new IngestException("cannot decode audio: " + description + " (" + e + ")", e);
        }
        return filled / frameSize;
    }

    private int end() {
        ended = true;
        if (declaredFrames != AudioSystem.NOT_SPECIFIED && deliveredFrames < declaredFrames) {
            throw new IngestException(String.format("truncated: header declares %d frames, file holds %d: %s",
                    declaredFrames, deliveredFrames, description));
        }
        if (deliveredFrames == 0) {
            throw new IngestException("zero-length audio (no frames): " + description);
        }
        return -1;
    }

    @Override
    public long captureTimeMicros(long sampleIndex) {
        return startEpochMicros + sampleOffsetMicros(sampleIndex, sampleRateHz);
    }

    @Override
    public AudioSourceKind kind() {
        return kind;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was written; a failed close of an input cannot lose data.
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                // The synthesizer's close only stops its renderer; there is nothing to recover.
            }
        }
    }

    /** Checks the arguments every {@link AudioSource#read} takes. */
    static void checkReadArguments(float[] buffer, int offset, int length, boolean closed,
            String description) {
        Objects.requireNonNull(buffer, "buffer can't be null");
        if (length <= 0) {
            throw new IllegalArgumentException("length must be > 0 but was " + length);
        }
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IllegalStateException("audio source is closed: " + description);
        }
    }

    /** {@code sampleIndex / rate} in microseconds, rounded down, exact for any index. */
    static long sampleOffsetMicros(long sampleIndex, int sampleRateHz) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0 but was " + sampleIndex);
        }
        return sampleIndex / sampleRateHz * 1_000_000L
                + sampleIndex % sampleRateHz * 1_000_000L / sampleRateHz;
    }
}
