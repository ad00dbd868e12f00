package org.leggio.ingest;

import java.util.Objects;
import java.util.regex.Pattern;
import org.leggio.proto.v1.ValueEncoding;

/**
 * Immutable, validated settings of one ingest session. Build with {@link #builder(String)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>unit / range</th></tr>
 *   <tr><td>sessionId</td><td>(required)</td><td>1–128 chars of {@code [A-Za-z0-9._:-]}</td></tr>
 *   <tr><td>framesPerChunk</td><td>2</td><td>frames (20 fps), 1..200</td></tr>
 *   <tr><td>encoding</td><td>FLOAT16</td><td>FLOAT16 or FLOAT32</td></tr>
 *   <tr><td>realtime</td><td>false</td><td>pace files/MIDI at the speed of live audio</td></tr>
 *   <tr><td>blockSizeSamples</td><td>1024</td><td>samples read from the source per step, 64..65536</td></tr>
 * </table>
 */
public final class IngestConfig {
    /** Session ids travel as Kafka keys and in URLs: keep them to a safe alphabet. */
    public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    public static final int DEFAULT_FRAMES_PER_CHUNK = 2;
    public static final int DEFAULT_BLOCK_SIZE_SAMPLES = 1024;

    private final String sessionId;
    private final int framesPerChunk;
    private final ValueEncoding encoding;
    private final boolean realtime;
    private final int blockSizeSamples;

    private IngestConfig(Builder b) {
        this.sessionId = b.sessionId;
        this.framesPerChunk = b.framesPerChunk;
        this.encoding = b.encoding;
        this.realtime = b.realtime;
        this.blockSizeSamples = b.blockSizeSamples;
    }

    /** Starts a builder for the session {@code sessionId}. */
    public static Builder builder(String sessionId) {
        return new Builder(sessionId);
    }

    public String sessionId() {
        return sessionId;
    }

    public int framesPerChunk() {
        return framesPerChunk;
    }

    public ValueEncoding encoding() {
        return encoding;
    }

    public boolean realtime() {
        return realtime;
    }

    public int blockSizeSamples() {
        return blockSizeSamples;
    }

    /** Builder of {@link IngestConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private final String sessionId;
        private int framesPerChunk = DEFAULT_FRAMES_PER_CHUNK;
        private ValueEncoding encoding = ValueEncoding.VALUE_ENCODING_FLOAT16;
        private boolean realtime;
        private int blockSizeSamples = DEFAULT_BLOCK_SIZE_SAMPLES;

        private Builder(String sessionId) {
            Objects.requireNonNull(sessionId, "sessionId can't be null");
            if (!SESSION_ID.matcher(sessionId).matches()) {
                throw new IllegalArgumentException("sessionId must be 1-128 characters of [A-Za-z0-9._:-] but was '" + sessionId + "'");
            }
            this.sessionId = sessionId;
        }

        public Builder framesPerChunk(int frames) {
            if (frames < 1 || frames > 200) {
                throw new IllegalArgumentException("framesPerChunk must be in 1..200 but was " + frames);
            }
            this.framesPerChunk = frames;
            return this;
        }

        public Builder encoding(ValueEncoding encoding) {
            ChunkCodec.bytesPerValue(Objects.requireNonNull(encoding, "encoding can't be null"));
            this.encoding = encoding;
            return this;
        }

        public Builder realtime(boolean realtime) {
            this.realtime = realtime;
            return this;
        }

        public Builder blockSizeSamples(int samples) {
            if (samples < 64 || samples > 65536) {
                throw new IllegalArgumentException("blockSizeSamples must be in 64..65536 but was " + samples);
            }
            this.blockSizeSamples = samples;
            return this;
        }

        public IngestConfig build() {
            return new IngestConfig(this);
        }
    }
}
