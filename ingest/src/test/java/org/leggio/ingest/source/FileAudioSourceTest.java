package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leggio.ingest.source.AudioTestSupport.readAll;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.source.testutil.TestAudioFiles;
import org.leggio.proto.v1.AudioSourceKind;

class FileAudioSourceTest {
    private static final int RATE_HZ = 22050;
    private static final int FRAMES = 3001;
    private static final double AMPLITUDE = 0.8;

    @TempDir
    Path dir;

    /** The documented conversion, written independently of the decoder. */
    private static float[] expectedMono(int bits, int[]... channels) {
        float[] out = new float[channels[0].length];
        for (int i = 0; i < out.length; i++) {
            if (bits == 16) {
                int sum = 0;
                for (int[] c : channels) {
                    sum += c[i];
                }
                out[i] = (sum / channels.length) / 32767f;
            } else {
                float sum = 0;
                for (int[] c : channels) {
                    sum += bits == 8 ? c[i] * 256 / 32767f
                            : (float) (c[i] / (bits == 24 ? 8388607.0 : 2147483647.0));
                }
                out[i] = channels.length == 1 ? sum : sum / channels.length;
            }
        }
        return out;
    }

    static Stream<Arguments> integerFormats() {
        List<Arguments> cases = new ArrayList<>();
        for (AudioFileFormat.Type type : List.of(AudioFileFormat.Type.WAVE, AudioFileFormat.Type.AIFF,
                AudioFileFormat.Type.AU)) {
            for (int bits : new int[] {8, 16, 24, 32}) {
                for (boolean bigEndian : new boolean[] {false, true}) {
                    for (int channels : new int[] {1, 2}) {
                        cases.add(Arguments.of(type, bits, true,
                                bigEndian, channels));
                    }
                }
            }
            cases.add(Arguments.of(type, 8, false, false, 1));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}-bit signed={2} bigEndian={3} channels={4}")
    @MethodSource("integerFormats")
    void shouldDecodeIntegerPcmByTheDocumentedRule(AudioFileFormat.Type type, int bits, boolean signed,
            boolean bigEndian, int channels) {
        int[] left = TestAudioFiles.sine(FRAMES, 440, RATE_HZ, AMPLITUDE, bits);
        int[] right = TestAudioFiles.sine(FRAMES, 1000, RATE_HZ, -0.5, bits);
        int[][] data = channels == 1 ? new int[][] {left} : new int[][] {left, right};
        Path file = TestAudioFiles.writePcm(dir.resolve("s." + type.getExtension()), type,
                TestAudioFiles.pcm(RATE_HZ, bits, channels, signed, bigEndian), data);

        float[] decoded;
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(RATE_HZ, source.sampleRateHz());
            decoded = readAll(source, 1000);
        }

        float[] expected = expectedMono(bits, data);
        if (bits == 16) {
            assertArrayEquals(expected, decoded);
        } else {
            assertArrayEquals(expected, decoded, 1e-7f);
        }
        if (channels == 1) {
            float quantisation = bits == 8 ? 0.011f : 1e-6f + 1f / (1 << (bits - 1));
            float[] sine = TestAudioFiles.sineFloat(FRAMES, 440, RATE_HZ, AMPLITUDE);
            assertArrayEquals(sine, decoded, quantisation);
        }
    }

    @Test
    void shouldMixStereoWavOnNegativeOddSumsLikeNumpy() {
        Path file = TestAudioFiles.writePcm(dir.resolve("odd.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(RATE_HZ, 16, 2, true, false),
                new int[] {-3, -1, 3, -32768, 7}, new int[] {0, 0, 0, -1, -8});
        try (AudioSource source = AudioSources.openFile(file)) {
            assertArrayEquals(new float[] {-1 / 32767f, 0f, 1 / 32767f, -16384 / 32767f, 0f},
                    readAll(source, 64));
        }
    }

    @Test
    void shouldReadAiffAsBigEndian() {
        int[] samples = {0x0102, -0x0102, 32767, -32768, 1};
        Path file = TestAudioFiles.writePcm(dir.resolve("be.aiff"), AudioFileFormat.Type.AIFF,
                TestAudioFiles.pcm(44100, 16, 1, true, true), samples);
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(44100, source.sampleRateHz());
            assertArrayEquals(expectedMono(16, samples), readAll(source, 3));
        }
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {32, 64})
    void shouldReadIeeeFloatWav(int bits) {
        float[] left = TestAudioFiles.sineFloat(FRAMES, 440, 48000, AMPLITUDE);
        float[] right = TestAudioFiles.sineFloat(FRAMES, 660, 48000, 0.25);
        Path file = TestAudioFiles.writeFloatWav(dir.resolve("f.wav"), 48000, bits, left, right);
        float[] expected = new float[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            expected[i] = (left[i] + right[i]) / 2;
        }
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(48000, source.sampleRateHz());
            assertArrayEquals(expected, readAll(source, 777));
        }
    }

    @ParameterizedTest(name = "AU encoding {0}")
    @ValueSource(ints = {6, 7})
    void shouldReadFloatAu(int encoding) {
        int[] ints = TestAudioFiles.sine(FRAMES, 440, RATE_HZ, AMPLITUDE, 16);
        float[] floats = expectedMono(16, ints);
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate((encoding == 6 ? 4 : 8) * FRAMES);
        for (float f : floats) {
            if (encoding == 6) {
                data.putFloat(f);
            } else {
                data.putDouble(f);
            }
        }
        Path file = TestAudioFiles.writeAu(dir.resolve("f.au"), encoding, RATE_HZ, 1, data.array());
        try (AudioSource source = AudioSources.openFile(file)) {
            assertArrayEquals(floats, readAll(source, 4096));
        }
    }

    @Test
    void shouldReadWaveFormatExtensible24Bit() {
        int[] samples = TestAudioFiles.sine(FRAMES, 440, 96000, AMPLITUDE, 24);
        Path file = TestAudioFiles.writeExtensibleWav(dir.resolve("ext.wav"), 96000, 24, samples);
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(96000, source.sampleRateHz());
            assertArrayEquals(expectedMono(24, samples), readAll(source, 4096), 1e-7f);
        }
    }

    static Stream<Arguments> compandedFormats() {
        return Stream.of(
                Arguments.of(AudioFormat.Encoding.ULAW, AudioFileFormat.Type.WAVE),
                Arguments.of(AudioFormat.Encoding.ULAW, AudioFileFormat.Type.AU),
                Arguments.of(AudioFormat.Encoding.ALAW, AudioFileFormat.Type.WAVE),
                Arguments.of(AudioFormat.Encoding.ALAW, AudioFileFormat.Type.AU));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("compandedFormats")
    void shouldDecodeCompandedAudioWithinItsQuantisation(AudioFormat.Encoding encoding,
            AudioFileFormat.Type type) {
        int[] left = TestAudioFiles.sine(FRAMES, 440, 8000, AMPLITUDE, 16);
        int[] right = TestAudioFiles.sine(FRAMES, 300, 8000, 0.3, 16);
        Path file = TestAudioFiles.writeCompanded(dir.resolve("c." + type.getExtension()), type, encoding,
                8000, left, right);
        float[] ideal = expectedMono(16, left, right);
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(8000, source.sampleRateHz());
            float[] decoded = readAll(source, 500);
            assertEquals(FRAMES, decoded.length);
            for (int i = 0; i < FRAMES; i++) {
                // G.711 keeps 4 mantissa bits per channel: each channel's error is below 1/16 of
                // its magnitude plus the smallest step.
                float tolerance = (Math.abs(left[i]) + Math.abs(right[i])) / 2f / 16 / 32767f + 16 / 32767f;
                assertEquals(ideal[i], decoded[i], tolerance, "sample " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000})
    void shouldReportTheFileSampleRate(int rateHz) {
        for (AudioFileFormat.Type type : List.of(AudioFileFormat.Type.WAVE, AudioFileFormat.Type.AIFF,
                AudioFileFormat.Type.AU)) {
            Path file = TestAudioFiles.writePcm(dir.resolve("r." + type.getExtension()), type,
                    TestAudioFiles.pcm(rateHz, 16, 1, true, false), new int[] {1, 2, 3});
            try (AudioSource source = AudioSources.openFile(file)) {
                assertEquals(rateHz, source.sampleRateHz(), type.toString());
            }
        }
    }

    @Test
    void shouldDeliverTheSameSamplesWhateverTheBlockSize() {
        int frames = 3 * PcmStreamSource.MAX_FRAMES_PER_READ + 17;
        int[] left = TestAudioFiles.sine(frames, 440, 44100, AMPLITUDE, 24);
        int[] right = TestAudioFiles.sine(frames, 50, 44100, AMPLITUDE, 24);
        Path file = TestAudioFiles.writePcm(dir.resolve("blocks.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(44100, 24, 2, true, false), left, right);
        float[] reference;
        try (AudioSource source = AudioSources.openFile(file)) {
            reference = readAll(source, frames);
        }
        assertEquals(frames, reference.length);
        for (int block : new int[] {1, 2, 7, 333, 4095, 4097, 10_000}) {
            try (AudioSource source = AudioSources.openFile(file)) {
                assertArrayEquals(reference, readAll(source, block), "block size " + block);
            }
        }
    }

    @Test
    void shouldTimeSamplesFromTheOpeningInstant() {
        Path file = TestAudioFiles.writePcm(dir.resolve("t.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(44100, 16, 1, true, false), new int[10]);
        long before = System.currentTimeMillis() * 1000;
        try (AudioSource source = AudioSources.openFile(file)) {
            long after = System.currentTimeMillis() * 1000 + 1000;
            long start = source.captureTimeMicros(0);
            assertTrue(start >= before - 1000 && start <= after, "start " + start);
            assertEquals(start + 1_000_000, source.captureTimeMicros(44100));
            assertEquals(start + 22, source.captureTimeMicros(1), "1/44100 s rounds down to 22 µs");
            assertEquals(start + 3_600_000_000L, source.captureTimeMicros(3600L * 44100));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> source.captureTimeMicros(-3));
            assertEquals("sampleIndex must be >= 0 but was -3", e.getMessage());
        }
    }

    @Test
    void shouldDescribeAFileSource() {
        Path file = TestAudioFiles.writePcm(dir.resolve("d.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(16000, 16, 1, true, false), new int[10]);
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(AudioSourceKind.AUDIO_SOURCE_KIND_FILE, source.kind());
            assertEquals(file.toString(), source.description());
            assertFalse(source.isLive());
        }
    }

    @Test
    void shouldKeepReturningEndOfStreamAfterTheEnd() {
        Path file = TestAudioFiles.writePcm(dir.resolve("e.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(16000, 16, 1, true, false), new int[10]);
        try (AudioSource source = AudioSources.openFile(file)) {
            float[] buffer = new float[64];
            assertEquals(10, source.read(buffer, 0, 64));
            assertEquals(-1, source.read(buffer, 0, 64));
            assertEquals(-1, source.read(buffer, 0, 64));
        }
    }

    @Test
    void shouldCheckReadArguments() {
        Path file = TestAudioFiles.writePcm(dir.resolve("a.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(16000, 16, 1, true, false), new int[10]);
        AudioSource source = AudioSources.openFile(file);
        float[] buffer = new float[8];
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> source.read(buffer, 0, 0));
        assertEquals("length must be > 0 but was 0", zero.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> source.read(buffer, 4, 5));
        assertThrows(NullPointerException.class, () -> source.read(null, 0, 1));
        source.close();
        source.close();
        IllegalStateException closed =
                assertThrows(IllegalStateException.class, () -> source.read(buffer, 0, 8));
        assertEquals("audio source is closed: " + file, closed.getMessage());
    }

    @Test
    void shouldNotAllocateWhileReading() {
        com.sun.management.ThreadMXBean threads = threadBean();
        Path file = TestAudioFiles.writePcm(dir.resolve("long.wav"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(RATE_HZ, 16, 2, true, false),
                TestAudioFiles.sine(RATE_HZ * 20, 440, RATE_HZ, AMPLITUDE, 16), new int[RATE_HZ * 20]);
        try (AudioSource source = AudioSources.openFile(file)) {
            float[] block = new float[1024];
            for (int i = 0; i < 100; i++) {
                source.read(block, 0, block.length);
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 300; i++) {
                source.read(block, 0, block.length);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 300 reads");
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }
}
