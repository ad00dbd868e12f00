package org.leggio.ingest.chunk;

import java.nio.ByteBuffer;
import java.util.function.LongUnaryOperator;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.ChunkSink;
import org.leggio.ingest.FrontEnd;
import org.leggio.ingest.dsp.LogSpectrogram;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/**
 * Groups spectrogram frames into {@link SpectrogramChunk}s of a fixed number of frames with a
 * gap-free sequence number, and ends the session with an end-of-stream chunk. Buffers are
 * allocated once; each chunk costs only its protobuf message. Not thread-safe.
 */
public final class Chunker implements LogSpectrogram.FrameSink {
    /** Reused for every chunk: protobuf builders stay usable after build(). */
    private final SpectrogramChunk.Builder builder;
    private final int framesPerChunk;
    private final ValueEncoding encoding;
    private final LongUnaryOperator frameCaptureMicros;
    private final ChunkSink sink;
    private final float[] pending;
    private final ByteBuffer scratch;

    private int pendingFrames;
    private long firstFrameIndex;
    private long sequenceNumber;
    private boolean ended;

    /**
     * @param frameCaptureMicros capture time (µs since the epoch) of the first sample of a frame
     */
    public Chunker(String sessionId, int framesPerChunk, ValueEncoding encoding, AudioSourceKind kind,
            int sourceSampleRateHz, LongUnaryOperator frameCaptureMicros, ChunkSink sink) {
        this.builder = SpectrogramChunk.newBuilder()
                .setSessionId(sessionId)
                .setBandCount(FrontEnd.BAND_COUNT)
                .setEncoding(encoding)
                .setSourceKind(kind)
                .setSourceSampleRateHz(sourceSampleRateHz);
        this.framesPerChunk = framesPerChunk;
        this.encoding = encoding;
        this.frameCaptureMicros = frameCaptureMicros;
        this.sink = sink;
        this.pending = new float[framesPerChunk * FrontEnd.BAND_COUNT];
        this.scratch = ByteBuffer.allocate(pending.length * ChunkCodec.bytesPerValue(encoding));
    }

    @Override
    public void onFrame(long frameIndex, float[] bands) {
        if (ended) {
            throw new IllegalStateException("frame after end of stream");
        }
        if (pendingFrames == 0) {
            firstFrameIndex = frameIndex;
        }
        System.arraycopy(bands, 0, pending, pendingFrames * FrontEnd.BAND_COUNT, FrontEnd.BAND_COUNT);
        if (++pendingFrames == framesPerChunk) {
            emit(false);
        }
    }

    /** Sends the remaining frames with the end-of-stream marker (possibly with no frames). */
    public void endOfStream(long nextFrameIndex) {
        if (ended) {
            return;
        }
        if (pendingFrames == 0) {
            firstFrameIndex = nextFrameIndex;
        }
        emit(true);
        ended = true;
    }

    /** Chunks emitted so far. */
    public long chunkCount() {
        return sequenceNumber;
    }

    private void emit(boolean endOfStream) {
        SpectrogramChunk chunk = builder
                .setSequenceNumber(sequenceNumber++)
                .setFirstFrameIndex(firstFrameIndex)
                .setFrameCount(pendingFrames)
                .setValues(ChunkCodec.encode(pending, pendingFrames * FrontEnd.BAND_COUNT, encoding, scratch))
                .setCaptureTimeMicros(frameCaptureMicros.applyAsLong(firstFrameIndex))
                .setEndOfStream(endOfStream)
                .build();
        pendingFrames = 0;
        sink.accept(chunk);
    }
}
