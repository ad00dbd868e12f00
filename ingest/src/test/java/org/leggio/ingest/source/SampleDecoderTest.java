package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.source.testutil.TestAudioFiles;

class SampleDecoderTest {

    private static float[] decode(AudioFormat format, int[]... channels) {
        byte[] bytes = TestAudioFiles.encodePcm(format, channels);
        float[] out = new float[channels[0].length];
        SampleDecoder.forFormat(format).decode(bytes, out.length, out, 0);
        return out;
    }

    @Test
    void shouldDivideInt16By32767() {
        float[] out = decode(TestAudioFiles.pcm(22050, 16, 1, true, false),
                new int[] {0, 1, -1, 32767, -32768, 12345});
        assertArrayEquals(
                new float[] {0f, 1 / 32767f, -1 / 32767f, 1f, -32768 / 32767f, 12345 / 32767f}, out);
    }

    @Test
    void shouldMixStereoInt16LikeNumpyTruncatingTowardZero() {
        int[] left = {-3, 3, -1, 1, -32768, 32767, -32768, 5};
        int[] right = {0, 0, -2, 2, -32768, 32767, 32767, -6};
        // np.mean(s, axis=-1).astype(np.int16): -1.5 -> -1, 1.5 -> 1, -0.5 -> 0, -0.5 -> 0 (last).
        int[] numpy = {-1, 1, -1, 1, -32768, 32767, 0, 0};
        float[] out = decode(TestAudioFiles.pcm(22050, 16, 2, true, false), left, right);
        for (int i = 0; i < numpy.length; i++) {
            assertEquals(numpy[i] / 32767f, out[i], "frame " + i);
        }
    }

    @Test
    void shouldMixThreeChannelsByTruncatedIntegerMean() {
        float[] out = decode(TestAudioFiles.pcm(22050, 16, 3, true, true),
                new int[] {-1, -2, 4}, new int[] {0, 0, 4}, new int[] {0, 0, 0});
        assertArrayEquals(new float[] {0f, 0f, 2 / 32767f}, out);
    }

    @Test
    void shouldCentreUnsignedSamples() {
        assertArrayEquals(new float[] {-128 * 256 / 32767f, 0f, 127 * 256 / 32767f},
                decode(TestAudioFiles.pcm(8000, 8, 1, false, false), new int[] {-128, 0, 127}), 1e-7f);
        assertArrayEquals(new float[] {-32768 / 32767f, 0f, 1f},
                decode(TestAudioFiles.pcm(8000, 16, 1, false, true), new int[] {-32768, 0, 32767}));
    }

    @Test
    void shouldScaleEightBitSignedToInt16Convention() {
        float[] out = decode(TestAudioFiles.pcm(8000, 8, 2, true, false),
                new int[] {-128, 100}, new int[] {127, 100});
        assertArrayEquals(new float[] {(-128 * 256 / 32767f + 127 * 256 / 32767f) / 2, 100 * 256 / 32767f},
                out, 1e-7f);
    }

    @Test
    void shouldScale24And32BitByTheirFullScale() {
        for (boolean bigEndian : new boolean[] {false, true}) {
            assertArrayEquals(new float[] {1f, (float) (-8388608 / 8388607.0), (float) (1 / 8388607.0)},
                    decode(TestAudioFiles.pcm(48000, 24, 1, true, bigEndian),
                            new int[] {8388607, -8388608, 1}));
            assertArrayEquals(new float[] {1f, -1f, (float) (123456789 / 2147483647.0)},
                    decode(TestAudioFiles.pcm(48000, 32, 1, true, bigEndian),
                            new int[] {Integer.MAX_VALUE, -Integer.MAX_VALUE, 123456789}));
        }
    }

    @Test
    void shouldReadFloatSamplesAsTheyAre() {
        AudioFormat le = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 44100, 32, 2, 8, 44100, false);
        byte[] bytes = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.25f).putFloat(0.75f).putFloat(-1.5f).putFloat(0.5f).array();
        float[] out = new float[2];
        SampleDecoder.forFormat(le).decode(bytes, 2, out, 0);
        assertArrayEquals(new float[] {0.5f, -0.5f}, out);

        AudioFormat be64 = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 44100, 64, 1, 8, 44100, true);
        byte[] doubles = java.nio.ByteBuffer.allocate(8).putDouble(-0.125).array();
        SampleDecoder.forFormat(be64).decode(doubles, 1, out, 1);
        assertEquals(-0.125f, out[1]);
    }

    @Test
    void shouldWriteAtTheGivenOffset() {
        AudioFormat format = TestAudioFiles.pcm(22050, 16, 1, true, false);
        float[] out = {9f, 9f, 9f, 9f};
        SampleDecoder.forFormat(format).decode(TestAudioFiles.encodePcm(format, new int[] {1, 2}), 2, out, 1);
        assertArrayEquals(new float[] {9f, 1 / 32767f, 2 / 32767f, 9f}, out);
    }

    @Test
    void shouldRejectEncodingsItCannotDecodeNamingThem() {
        AudioFormat pcm64 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 44100, 64, 1, 8, 44100, false);
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        assertFalse(SampleDecoder.canDecode(pcm64));
        assertFalse(SampleDecoder.canDecode(ulaw));
        assertTrue(SampleDecoder.canDecode(TestAudioFiles.pcm(8000, 24, 2, false, true)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SampleDecoder.forFormat(pcm64));
        assertEquals("PCM_SIGNED 64-bit", e.getMessage());
    }
}
