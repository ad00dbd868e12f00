package org.leggio.embed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.ChunkCodec;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** Decoding and checking a chunk's values, and the store's float32 form of frames. */
class ChunkFramesTest {
    private static final int BANDS = 92;

    private static float[] values(int frames) {
        float[] v = new float[frames * BANDS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 211) / 100f;
        }
        return v;
    }

    private static SpectrogramChunk chunk(float[] values, int frames, ValueEncoding encoding) {
        ByteString bytes = ChunkCodec.encode(values, values.length, encoding, ByteBuffer.allocate(values.length * 4));
        return SpectrogramChunk.newBuilder().setSessionId("s").setFirstFrameIndex(10).setFrameCount(frames)
                .setBandCount(BANDS).setEncoding(encoding).setValues(bytes).build();
    }

    @Test
    void float16AndFloat32AreReadFrameMajor() {
        float[] v = values(3);
        float[][] exact = ChunkFrames.decode(chunk(v, 3, ValueEncoding.VALUE_ENCODING_FLOAT32));
        float[][] half = ChunkFrames.decode(chunk(v, 3, ValueEncoding.VALUE_ENCODING_FLOAT16));
        assertThat(exact.length).isEqualTo(3);
        for (int f = 0; f < 3; f++) {
            for (int b = 0; b < BANDS; b++) {
                assertThat(exact[f][b]).isEqualTo(v[f * BANDS + b]);
                assertThat(half[f][b]).isCloseTo(v[f * BANDS + b], offset(1e-3f));
            }
        }
    }

    @Test
    void badChunksAreRejectedWithTheReason() {
        float[] v = values(2);
        SpectrogramChunk good = chunk(v, 2, ValueEncoding.VALUE_ENCODING_FLOAT32);
        assertThatThrownBy(() -> ChunkFrames.decode(good.toBuilder().setBandCount(91).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("band_count 91");
        assertThatThrownBy(() -> ChunkFrames.decode(good.toBuilder().setFrameCount(3).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
        assertThatThrownBy(() -> ChunkFrames.decode(good.toBuilder()
                .setEncoding(ValueEncoding.VALUE_ENCODING_UNSPECIFIED).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoding");
        assertThatThrownBy(() -> ChunkFrames.decode(good.toBuilder().setFirstFrameIndex(-1).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        v[BANDS + 7] = Float.NaN;
        assertThatThrownBy(() -> ChunkFrames.decode(chunk(v, 2, ValueEncoding.VALUE_ENCODING_FLOAT32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame 1, band 7");
    }

    @Test
    void storedFramesComeBackExactlyFromTheGivenFrameOn() {
        float[][] frames = ChunkFrames.decode(chunk(values(4), 4, ValueEncoding.VALUE_ENCODING_FLOAT32));
        byte[] bytes = ChunkFrames.toBytes(frames, 1);
        assertThat(bytes).hasSize(3 * BANDS * 4);
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * BANDS))
                .isEqualTo(frames[2][0]);
        float[][] back = ChunkFrames.fromBytes(bytes);
        assertThat(back).isDeepEqualTo(new float[][] {frames[1], frames[2], frames[3]});
    }
}
