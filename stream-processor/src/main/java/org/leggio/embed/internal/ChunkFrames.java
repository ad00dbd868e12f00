package org.leggio.embed.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.FrontEnd;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** Decodes and checks a chunk's spectrogram values. Stateless. */
final class ChunkFrames {
    static final int BANDS = FrontEnd.BAND_COUNT;
    /** Largest chunk accepted, frames (10 s). */
    static final int MAX_FRAMES = 200;

    private ChunkFrames() {
    }

    /**
     * The chunk's frames, {@code [frame][band]}.
     *
     * @throws IllegalArgumentException naming what is wrong (band count, encoding, size, a non-finite value)
     */
    static float[][] decode(SpectrogramChunk chunk) {
        if (chunk.getBandCount() != BANDS) {
            throw new IllegalArgumentException("band_count " + chunk.getBandCount() + ", expected " + BANDS);
        }
        if (chunk.getFrameCount() > MAX_FRAMES) {
            throw new IllegalArgumentException("frame_count " + chunk.getFrameCount() + " above " + MAX_FRAMES);
        }
        if (chunk.getFirstFrameIndex() < 0) {
            throw new IllegalArgumentException("first_frame_index " + chunk.getFirstFrameIndex() + " is negative");
        }
        if (chunk.getEncoding() != ValueEncoding.VALUE_ENCODING_FLOAT16
                && chunk.getEncoding() != ValueEncoding.VALUE_ENCODING_FLOAT32) {
            throw new IllegalArgumentException("unknown value encoding " + chunk.getEncoding());
        }
        float[] values = ChunkCodec.decode(chunk);
        float[][] frames = new float[chunk.getFrameCount()][BANDS];
        for (int f = 0; f < frames.length; f++) {
            for (int b = 0; b < BANDS; b++) {
                float v = values[f * BANDS + b];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite value " + v + " in frame " + f + ", band " + b);
                }
                frames[f][b] = v;
            }
        }
        return frames;
    }

    /** Frames as little-endian float32, frame-major: how they are kept in the store. */
    static byte[] toBytes(float[][] frames, int from) {
        ByteBuffer out = ByteBuffer.allocate((frames.length - from) * BANDS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = from; f < frames.length; f++) {
            for (float v : frames[f]) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    static float[][] fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] frames = new float[bytes.length / (BANDS * 4)][BANDS];
        for (float[] frame : frames) {
            for (int b = 0; b < BANDS; b++) {
                frame[b] = in.getFloat();
            }
        }
        return frames;
    }
}
