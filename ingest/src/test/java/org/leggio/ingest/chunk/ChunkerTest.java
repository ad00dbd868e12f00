package org.leggio.ingest.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.ChunkCodec;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

class ChunkerTest {
    private final List<SpectrogramChunk> chunks = new ArrayList<>();

    private Chunker chunker(int framesPerChunk, ValueEncoding encoding) {
        return new Chunker("s1", framesPerChunk, encoding, AudioSourceKind.AUDIO_SOURCE_KIND_FILE, 44100,
                frame -> 1_000_000L + frame * 50_000L, chunks::add);
    }

    private static float[] bands(long frame) {
        float[] b = new float[92];
        for (int i = 0; i < 92; i++) {
            b[i] = frame + i / 100f;
        }
        return b;
    }

    @Test
    void shouldGroupFramesWithGapFreeSequenceAndEndOfStream() {
        Chunker c = chunker(2, ValueEncoding.VALUE_ENCODING_FLOAT32);
        for (long k = 0; k < 5; k++) {
            c.onFrame(k, bands(k));
        }
        c.endOfStream(5);
        assertEquals(3, chunks.size());
        for (int i = 0; i < 3; i++) {
            SpectrogramChunk chunk = chunks.get(i);
            assertEquals(i, chunk.getSequenceNumber());
            assertEquals(2L * i, chunk.getFirstFrameIndex());
            assertEquals(1_000_000L + 2L * i * 50_000L, chunk.getCaptureTimeMicros());
            assertEquals(92, chunk.getBandCount());
            assertEquals("s1", chunk.getSessionId());
            assertEquals(44100, chunk.getSourceSampleRateHz());
        }
        assertEquals(List.of(2, 2, 1), chunks.stream().map(SpectrogramChunk::getFrameCount).toList());
        assertFalse(chunks.get(1).getEndOfStream());
        assertTrue(chunks.get(2).getEndOfStream());
        float[] last = ChunkCodec.decode(chunks.get(2));
        assertArrayEquals(bands(4), last);
    }

    @Test
    void shouldSendAnEmptyEndOfStreamChunkWhenNoFramesArePending() {
        Chunker c = chunker(2, ValueEncoding.VALUE_ENCODING_FLOAT16);
        c.onFrame(0, bands(0));
        c.onFrame(1, bands(1));
        c.endOfStream(2);
        c.endOfStream(2);
        assertEquals(2, chunks.size());
        SpectrogramChunk end = chunks.get(1);
        assertTrue(end.getEndOfStream());
        assertEquals(0, end.getFrameCount());
        assertEquals(2, end.getFirstFrameIndex());
        assertEquals(0, end.getValues().size());
    }

    @Test
    void shouldEncodeFloat16WithinHalfPrecision() {
        Chunker c = chunker(1, ValueEncoding.VALUE_ENCODING_FLOAT16);
        c.onFrame(0, bands(1));
        assertEquals(92 * 2, chunks.get(0).getValues().size());
        float[] decoded = ChunkCodec.decode(chunks.get(0));
        float[] original = bands(1);
        for (int i = 0; i < 92; i++) {
            assertEquals(original[i], decoded[i], original[i] * 0x1p-11f);
        }
    }
}
