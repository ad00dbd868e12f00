package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.leggio.ingest.source.testutil.TestAudioFiles;
import org.leggio.ingest.source.testutil.TestMidiFiles;

class FileValidationTest {
    private static final String SUPPORTED =
            "(supported: WAV, AIFF or AU with " + SampleDecoder.SUPPORTED + ")";

    @TempDir
    Path dir;

    private Path wav16(String name, int frames) {
        return TestAudioFiles.writePcm(dir.resolve(name), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(22050, 16, 1, true, false),
                TestAudioFiles.sine(frames, 440, 22050, 0.5, 16));
    }

    private static String rejection(Path path) {
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.validateFile(path));
        IngestException onOpen = assertThrows(IngestException.class, () -> {
            try (AudioSource source = AudioSources.openFile(path)) {
                AudioTestSupport.readAll(source, 1000);
            }
        });
        assertEquals(e.getMessage(), onOpen.getMessage(), "open-and-read must fail like validateFile");
        return e.getMessage();
    }

    @Test
    void shouldAcceptAWholeFile() {
        Path file = wav16("ok.wav", 1000);
        assertDoesNotThrow(() -> AudioSources.validateFile(file));
    }

    @Test
    void shouldRejectAMissingFile() {
        Path missing = dir.resolve("missing.wav");
        assertEquals("audio file not found: " + missing, rejection(missing));
    }

    @Test
    void shouldRejectADirectory() {
        assertEquals("audio file is a directory, not a file: " + dir, rejection(dir));
    }

    @Test
    void shouldRejectAnUnreadableFile() throws IOException {
        Path file = wav16("secret.wav", 100);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        assertEquals("audio file is not readable (permission denied): " + file, rejection(file));
    }

    @Test
    void shouldRejectAZeroLengthFile() throws IOException {
        Path file = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertEquals("zero-length file (0 bytes), not a valid audio file: " + file, rejection(file));
    }

    @Test
    void shouldRejectAFileThatIsNotAudio() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "These are notes, not audio. ".repeat(20));
        assertEquals("not an audio file (expected WAV, AIFF or AU): " + file, rejection(file));
    }

    @Test
    void shouldRejectAMidiFileAsAudio() {
        Path file = TestMidiFiles.ppq(480).note(0, 60, 100, 0, 480).write(dir.resolve("tune.mid"));
        assertEquals("a MIDI file, not audio (open it with AudioSources.openMidi): " + file, rejection(file));
    }

    @Test
    void shouldRejectZeroFrames() {
        Path file = wav16("silent.wav", 0);
        assertEquals("zero-length audio (header declares 0 frames): " + file, rejection(file));
    }

    @Test
    void shouldRejectTruncatedData() throws IOException {
        Path file = TestAudioFiles.truncate(wav16("cut.wav", 1000), 44 + 2 * 499 + 1);
        assertEquals("truncated: header declares 1000 frames, file holds 499: " + file, rejection(file));
    }

    @Test
    void shouldRejectTruncatedDataInEveryContainer() {
        for (AudioFileFormat.Type type : new AudioFileFormat.Type[] {AudioFileFormat.Type.AIFF,
                AudioFileFormat.Type.AU}) {
            Path file = TestAudioFiles.writePcm(dir.resolve("cut." + type.getExtension()), type,
                    TestAudioFiles.pcm(44100, 24, 2, true, true), new int[500], new int[500]);
            TestAudioFiles.truncate(file, file.toFile().length() - 6 * 100);
            assertEquals("truncated: header declares 500 frames, file holds 400: " + file, rejection(file));
        }
    }

    @Test
    void shouldRejectTruncatedCompandedData() {
        Path file = TestAudioFiles.writeCompanded(dir.resolve("cut-ulaw.wav"), AudioFileFormat.Type.WAVE,
                AudioFormat.Encoding.ULAW, 8000, TestAudioFiles.sine(1000, 440, 8000, 0.5, 16));
        TestAudioFiles.truncate(file, file.toFile().length() - 250);
        assertEquals("truncated: header declares 1000 frames, file holds 750: " + file, rejection(file));
    }

    @Test
    void shouldRejectAFileWithOnlyAHeader() {
        Path file = TestAudioFiles.truncate(wav16("header.wav", 1000), 44);
        assertEquals("truncated: header declares 1000 frames, file holds 0: " + file, rejection(file));
    }

    @Test
    void shouldRejectAFileCutInsideItsHeader() {
        Path file = TestAudioFiles.truncate(wav16("stub.wav", 1000), 30);
        assertEquals("truncated or corrupt WAV header (no complete fmt chunk): " + file, rejection(file));
    }

    @Test
    void shouldDeliverTheFramesBeforeReportingTruncation() {
        Path file = TestAudioFiles.truncate(wav16("partial.wav", 1000), 44 + 2 * 600);
        try (AudioSource source = AudioSources.openFile(file)) {
            float[] block = new float[1000];
            assertEquals(600, source.read(block, 0, 1000));
            IngestException e = assertThrows(IngestException.class, () -> source.read(block, 0, 1000));
            assertTrue(e.getMessage().startsWith("truncated: header declares 1000 frames, file holds 600"));
            assertEquals(-1, source.read(block, 0, 1000), "the error is reported once");
        }
    }

    @Test
    void shouldNameAnUnsupportedWavEncoding() {
        Path file =
                TestAudioFiles.writeWav(dir.resolve("adpcm.wav"), 0x0002, 1, 22050, 4, new byte[256], 256);
        assertEquals("unsupported encoding: WAV format tag 0x0002 (Microsoft ADPCM), 4-bit: " + file + " "
                + SUPPORTED, rejection(file));
    }

    @Test
    void shouldNameAnUnsupportedAuEncoding() {
        Path file = TestAudioFiles.writeAu(dir.resolve("g721.au"), 23, 8000, 1, new byte[256]);
        assertEquals("unsupported encoding: AU encoding 23 (G.721 ADPCM): " + file + " " + SUPPORTED,
                rejection(file));
    }

    @Test
    void shouldNameAnUnsupportedAiffCompression() {
        Path file = TestAudioFiles.writeAifc(dir.resolve("ima.aifc"), "ima4", 22050, 1, new byte[256]);
        assertEquals("unsupported encoding: AIFF-C compression 'ima4': " + file + " " + SUPPORTED,
                rejection(file));
    }

    @Test
    void shouldNameAnUnsupportedSampleSize() {
        Path file =
                TestAudioFiles.writeWav(dir.resolve("pcm64.wav"), 1, 1, 22050, 64, new byte[128], 128);
        String message = rejection(file);
        assertEquals("unsupported encoding: PCM_SIGNED 64-bit: " + file + " " + SUPPORTED, message);
    }

    @Test
    void shouldAcceptAnUncompressedAiffC() {
        byte[] data =
                TestAudioFiles.encodePcm(TestAudioFiles.pcm(22050, 16, 1, true, true), new int[] {1, -2, 3});
        Path file = TestAudioFiles.writeAifc(dir.resolve("plain.aifc"), "NONE", 22050, 1, data);
        try (AudioSource source = AudioSources.openFile(file)) {
            assertEquals(22050, source.sampleRateHz());
            assertArrayEquals(new float[] {1 / 32767f, -2 / 32767f, 3 / 32767f},
                    AudioTestSupport.readAll(source, 8));
        }
    }

    @Test
    void shouldRejectNullArguments() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> AudioSources.openFile(null));
        assertEquals("path can't be null", e.getMessage());
    }

    @Test
    void shouldKeepJavaSoundsExceptionAsCause() throws IOException {
        Path file = Files.writeString(dir.resolve("x.wav"), "RIFF but not really a wave file at all........");
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.openFile(file));
        assertTrue(e.getCause() instanceof javax.sound.sampled.UnsupportedAudioFileException,
                String.valueOf(e.getCause()));
        assertEquals("not an audio file (expected WAV, AIFF or AU): " + file, e.getMessage());
    }

    @Test
    void shouldDescribeFormatsForMessages() {
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        assertEquals("ULAW 8-bit", SampleDecoder.describe(ulaw));
    }
}
