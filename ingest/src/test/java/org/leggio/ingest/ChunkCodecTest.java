package org.leggio.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

class ChunkCodecTest {
    @Test
    void shouldRejectAChunkWhoseBytesDoNotMatchItsShape() {
        SpectrogramChunk chunk = SpectrogramChunk.newBuilder().setSessionId("s").setSequenceNumber(7)
                .setFrameCount(2).setBandCount(92).setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16)
                .setValues(ByteString.copyFrom(new byte[100])).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(chunk));
        assertEquals("chunk 7 of session s declares 2 frames x 92 bands (VALUE_ENCODING_FLOAT16) = 368 bytes but carries 100",
                e.getMessage());
    }

    @Test
    void shouldRejectAnUnspecifiedEncoding() {
        SpectrogramChunk chunk = SpectrogramChunk.newBuilder().setFrameCount(1).setBandCount(92).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(chunk));
        assertEquals("unsupported value encoding VALUE_ENCODING_UNSPECIFIED; supported: FLOAT16, FLOAT32", e.getMessage());
    }
}
