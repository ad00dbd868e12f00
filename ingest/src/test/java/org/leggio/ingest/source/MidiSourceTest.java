package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.leggio.ingest.source.AudioTestSupport.readAll;
import static org.leggio.ingest.source.AudioTestSupport.rms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.leggio.ingest.source.testutil.TestAudioFiles;
import org.leggio.ingest.source.testutil.TestMidiFiles;
import org.leggio.proto.v1.AudioSourceKind;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MidiSourceTest {
    private static final Path TIMGM6MB = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
    private static final int RATE_HZ = AudioSources.MIDI_SAMPLE_RATE_HZ;

    @TempDir
    Path dir;

    /** Middle C, velocity 100, from 0.5 s to 1.0 s at 120 bpm. */
    private Path noteAtHalfASecond() {
        return TestMidiFiles.ppq(480).program(0, 0).note(0, 60, 100, 480, 480).write(dir.resolve("c4.mid"));
    }

    private static void assertNoteFromHalfASecond(float[] audio) {
        int onset = RATE_HZ / 2;
        assertEquals(3 * RATE_HZ, audio.length, "1.0 s (last event) + 2 s tail");
        double before = rms(audio, 0, onset - RATE_HZ / 20);
        double during = rms(audio, onset + RATE_HZ / 20, onset + RATE_HZ / 2);
        double late = rms(audio, audio.length - RATE_HZ / 2, audio.length);
        assertTrue(before < 1e-4, "near-silence before the note, rms " + before);
        assertTrue(during > 1e-2, "energy while the note sounds, rms " + during);
        assertTrue(late < during / 10, "decayed in the tail, rms " + late);
    }

    @Test
    void shouldRenderANoteAtItsTimeWithTheDefaultBank() {
        try (AudioSource source = AudioSources.openMidi(noteAtHalfASecond(), null)) {
            assertEquals(RATE_HZ, source.sampleRateHz());
            assertEquals(AudioSourceKind.AUDIO_SOURCE_KIND_MIDI, source.kind());
            assertFalse(source.isLive());
            assertNoteFromHalfASecond(readAll(source, 1000));
        }
    }

    @Test
    void shouldRenderWithAnSf2Soundfont() {
        Assumptions.assumeTrue(Files.isRegularFile(TIMGM6MB),
                TIMGM6MB + " is absent (apt-get install -y timgm6mb-soundfont)");
        try (AudioSource source = AudioSources.openMidi(noteAtHalfASecond(), TIMGM6MB)) {
            assertNoteFromHalfASecond(readAll(source, 4096));
        }
    }

    @Test
    void shouldPlaceNotesByTheTempoMap() {
        Path midi = TestMidiFiles.ppq(480).tempo(0, 1_000_000).tempo(480, 250_000)
                .note(0, 72, 110, 960, 240).write(dir.resolve("tempo.mid")); // 1.0 + 0.25 s = 1.25 s
        try (AudioSource source = AudioSources.openMidi(midi, null)) {
            float[] audio = readAll(source, 2048);
            int first = 0;
            while (Math.abs(audio[first]) < 1e-3f) {
                first++;
            }
            assertEquals(1.25, (double) first / RATE_HZ, 0.02, "onset in seconds");
            assertEquals(74_419, audio.length, "ceil((1.375 s + 2 s tail) * 22050)");
        }
    }

    @Test
    void shouldTimeMidiSamplesFromTheOpeningInstant() {
        try (AudioSource source = AudioSources.openMidi(noteAtHalfASecond(), null)) {
            long start = source.captureTimeMicros(0);
            assertTrue(Math.abs(start / 1000 - System.currentTimeMillis()) < 60_000);
            assertEquals(start + 500_000, source.captureTimeMicros(RATE_HZ / 2));
            assertEquals(dir.resolve("c4.mid").toString(), source.description());
        }
    }

    @Test
    void shouldRejectAMissingMidiFile() {
        Path midi = dir.resolve("nothing.mid");
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.openMidi(midi, null));
        assertEquals("MIDI file not found: " + midi, e.getMessage());
    }

    @Test
    void shouldRejectAFileThatIsNotMidi() {
        Path wav = TestAudioFiles.writePcm(dir.resolve("a.mid"), AudioFileFormat.Type.WAVE,
                TestAudioFiles.pcm(22050, 16, 1, true, false), new int[100]);
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.openMidi(wav, null));
        assertTrue(e.getMessage().startsWith("not a readable MIDI file: " + wav + " ("), e.getMessage());
        assertTrue(e.getCause() instanceof javax.sound.midi.InvalidMidiDataException,
                String.valueOf(e.getCause()));
    }

    @Test
    void shouldRejectAMidiFileWithoutNotes() {
        Path midi = TestMidiFiles.ppq(480).tempo(0, 500_000).program(0, 0).write(dir.resolve("empty.mid"));
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.openMidi(midi, null));
        assertEquals("MIDI file has no notes (nothing to render): " + midi, e.getMessage());
    }

    @Test
    void shouldRejectAMissingSoundfont() {
        Path sf2 = dir.resolve("gone.sf2");
        IngestException e = assertThrows(IngestException.class,
                () -> AudioSources.openMidi(noteAtHalfASecond(), sf2));
        assertEquals("soundfont not found: " + sf2, e.getMessage());
    }

    @Test
    void shouldRejectAnUnloadableSoundfont() throws IOException {
        Path sf2 = Files.writeString(dir.resolve("broken.sf2"), "this is not a sound bank");
        IngestException e = assertThrows(IngestException.class,
                () -> AudioSources.openMidi(noteAtHalfASecond(), sf2));
        assertTrue(e.getMessage().startsWith("cannot load soundfont " + sf2 + ": "), e.getMessage());
    }

    @Test
    void shouldRejectAnSf3Soundfont() throws IOException {
        Path sf3 = Files.write(dir.resolve("compressed.sf2"), soundfontHeader(3));
        IngestException e = assertThrows(IngestException.class,
                () -> AudioSources.openMidi(noteAtHalfASecond(), sf3));
        assertEquals("SF3 soundfonts are not supported (Gervill renders their compressed samples as silence;"
                + " use an SF2 bank): " + sf3, e.getMessage());

        Path named = Files.writeString(dir.resolve("bank.sf3"), "not even RIFF");
        e = assertThrows(IngestException.class, () -> AudioSources.openMidi(noteAtHalfASecond(), named));
        assertTrue(e.getMessage().startsWith("SF3 soundfonts are not supported"), e.getMessage());
    }

    @Test
    void shouldReadTheSoundfontVersion() {
        assertEquals(2, SoundfontLoader.majorVersion(soundfontHeader(2)));
        assertEquals(3, SoundfontLoader.majorVersion(soundfontHeader(3)));
        assertEquals(-1, SoundfontLoader.majorVersion("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldAcceptAnSf2BankNamedSf3() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(TIMGM6MB), TIMGM6MB + " is absent");
        Path link = Files.createSymbolicLink(dir.resolve("default-GM.sf3"), TIMGM6MB);
        try (AudioSource source = AudioSources.openMidi(noteAtHalfASecond(), link)) {
            assertEquals(3 * RATE_HZ, readAll(source, 4096).length);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void shouldNameTheMissingJvmFlag() throws Exception {
        Path midi = noteAtHalfASecond();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GervillFlagProbe.class.getName(), midi.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(output.contains("MIDI rendering needs the JVM flag"
                + " --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED: " + midi), output);
    }

    /** The first bytes of a SoundFont: RIFF sfbk, LIST INFO, ifil with the given major version. */
    private static byte[] soundfontHeader(int major) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(56).put(ascii("sfbk"));
        b.put(ascii("LIST")).putInt(44).put(ascii("INFO"));
        b.put(ascii("ifil")).putInt(4).putShort((short) major).putShort((short) 1);
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
