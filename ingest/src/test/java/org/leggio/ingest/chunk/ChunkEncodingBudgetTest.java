package org.leggio.ingest.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.Npy;
import org.leggio.ingest.testutil.SharedData;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

/** The two numbers that justify float16 chunks: bandwidth per live session, and the error. */
class ChunkEncodingBudgetTest {

    @Test
    void shouldStayUnderTenKilobytesPerSecondPerLiveSession() {
        List<SpectrogramChunk> chunks = new ArrayList<>();
        Chunker chunker = new Chunker("session-0123456789abcdef", 2, ValueEncoding.VALUE_ENCODING_FLOAT16,
                AudioSourceKind.AUDIO_SOURCE_KIND_MICROPHONE, 48000, k -> 1_764_000_000_000_000L + k * 50_000L, chunks::add);
        float[] bands = new float[92];
        for (long k = 0; k < 200; k++) { // 10 s at 20 fps
            java.util.Arrays.fill(bands, 1.2345f + k);
            chunker.onFrame(k, bands);
        }
        long bytes = chunks.stream().mapToLong(c -> c.getSerializedSize() + c.getSessionId().length()).sum();
        double bytesPerSecond = bytes / 10.0; // value + key per second
        assertTrue(bytesPerSecond <= 10_000, bytesPerSecond + " B/s");
        assertEquals(100, chunks.size());
        System.out.printf("live session: %.0f B/s of record keys and values%n", bytesPerSecond);
    }

    /** On a real piano recording's spectrogram: how far float16 moves the values. */
    @Test
    void shouldMoveTheReferencePianoSpectrogramByLessThanOneThousandth() throws IOException {
        float[][] spec = Npy.readFloat32(SharedData.reference("spectrogram_lesgraces_22050.npy"));
        int frames = spec[0].length;
        float[] frameMajor = new float[frames * 92];
        for (int k = 0; k < frames; k++) {
            for (int b = 0; b < 92; b++) {
                frameMajor[k * 92 + b] = spec[b][k];
            }
        }
        SpectrogramChunk chunk = SpectrogramChunk.newBuilder().setFrameCount(frames).setBandCount(92)
                .setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16)
                .setValues(ChunkCodec.encode(frameMajor, frameMajor.length, ValueEncoding.VALUE_ENCODING_FLOAT16,
                        java.nio.ByteBuffer.allocate(frameMajor.length * 2)))
                .build();
        float[] decoded = ChunkCodec.decode(chunk);
        double max = 0;
        double sum = 0;
        float peak = 0;
        for (int i = 0; i < decoded.length; i++) {
            double error = Math.abs(decoded[i] - frameMajor[i]);
            max = Math.max(max, error);
            sum += error;
            peak = Math.max(peak, frameMajor[i]);
        }
        double mean = sum / decoded.length;
        System.out.printf("float16 on spectrogram_lesgraces_22050: max |error| %.2e, mean %.2e, peak value %.3f%n", max, mean, peak);
        assertTrue(max <= peak * 0x1p-11, "max error " + max);
        assertTrue(max < 1e-3 && mean < 1e-4, "max " + max + " mean " + mean);
    }
}
