package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.leggio.proto.v1.AudioSourceKind;

class MicrophoneSourceTest {
    private static final long ANCHOR_MICROS = 1_700_000_000_000_000L;

    private static MicrophoneAudioSource source(FakeCaptureLine line) {
        return new MicrophoneAudioSource(line, "Fake Mic", () -> ANCHOR_MICROS);
    }

    @Test
    void shouldReportThatNoCaptureDeviceExists() {
        Assumptions.assumeTrue(AudioSources.captureDeviceNames().isEmpty(),
                "this machine has a capture device");
        IngestException e = assertThrows(IngestException.class, () -> AudioSources.openMicrophone(null));
        assertTrue(e.getMessage().startsWith("no audio capture device found"), e.getMessage());
    }

    @Test
    void shouldListTheDevicesWhenTheNamedOneIsMissing() {
        IngestException e =
                assertThrows(IngestException.class, () -> AudioSources.openMicrophone("No Such Mic"));
        List<String> names = AudioSources.captureDeviceNames();
        String available = names.isEmpty()
                ? "none"
                : String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
        assertEquals("audio capture device not found: 'No Such Mic' (available capture devices: "
                + available + ")", e.getMessage());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldCaptureFromARealDeviceWhenThereIsOne() {
        Assumptions.assumeFalse(AudioSources.captureDeviceNames().isEmpty(),
                "no audio capture device on this machine (Java Sound lists none)");
        try (AudioSource mic = AudioSources.openMicrophone(null)) {
            assertTrue(mic.isLive());
            assertTrue(List.of(22050, 44100, 48000).contains(mic.sampleRateHz()));
            float[] block = new float[mic.sampleRateHz() / 10];
            long read = 0;
            while (read < block.length) {
                read += mic.read(block, 0, block.length);
            }
            long now = System.currentTimeMillis() * 1000;
            assertTrue(Math.abs(mic.captureTimeMicros(0) - now) < 5_000_000);
        }
    }

    @Test
    void shouldDecodeAndDescribeCapturedAudio() {
        FakeCaptureLine line = new FakeCaptureLine(new AudioFormat(48000, 16, 2, true, false));
        try (MicrophoneAudioSource mic = source(line)) {
            assertEquals(48000, mic.sampleRateHz());
            assertEquals(AudioSourceKind.AUDIO_SOURCE_KIND_MICROPHONE, mic.kind());
            assertEquals("Fake Mic", mic.description());
            assertTrue(mic.isLive());
            line.capture(1000);
            float[] block = new float[2000];
            assertEquals(1000, mic.read(block, 0, 2000));
            for (int i = 0; i < 1000; i++) {
                assertEquals(FakeCaptureLine.valueAt(i) / 32767f, block[i], "sample " + i);
            }
        }
    }

    @Test
    void shouldTimeSamplesByTheLinePositionNotByWhenReadReturns() {
        FakeCaptureLine line = new FakeCaptureLine(new AudioFormat(22050, 16, 1, true, false));
        try (MicrophoneAudioSource mic = source(line)) {
            float[] block = new float[4096];
            line.capture(22050 * 3);      // the reader was late: three seconds are buffered
            int n = mic.read(block, 0, 4096);
            assertEquals(4096, n);
            assertEquals(ANCHOR_MICROS, mic.captureTimeMicros(0));
            assertEquals(ANCHOR_MICROS + 1_000_000, mic.captureTimeMicros(22050));
            assertEquals(ANCHOR_MICROS + 45, mic.captureTimeMicros(1), "1/22050 s = 45.35 µs, rounded down");
        }
    }

    @Test
    void shouldShiftCaptureTimesAfterAnOverrun() {
        FakeCaptureLine line = new FakeCaptureLine(new AudioFormat(22050, 16, 1, true, false));
        try (MicrophoneAudioSource mic = source(line)) {
            float[] block = new float[1000];
            line.capture(1000);
            assertEquals(1000, mic.read(block, 0, 1000));
            line.capture(22050 + 1000);
            line.drop(22050);             // one second lost
            assertEquals(1000, mic.read(block, 0, 1000));
            assertEquals(FakeCaptureLine.valueAt(22050 + 1000) / 32767f, block[0]);
            assertEquals(ANCHOR_MICROS + 999L * 1_000_000 / 22050, mic.captureTimeMicros(999));
            assertEquals(ANCHOR_MICROS + 1_000_000 + 1000L * 1_000_000 / 22050, mic.captureTimeMicros(1000));
        }
    }

    @Test
    void shouldNotTreatJitterAsAnOverrun() {
        FakeCaptureLine line = new FakeCaptureLine(new AudioFormat(44100, 16, 1, true, false));
        try (MicrophoneAudioSource mic = source(line)) {
            float[] block = new float[500];
            line.capture(500);
            mic.read(block, 0, 500);
            line.capture(600);
            line.drop(100);               // 2.3 ms: within the 20 ms tolerance
            mic.read(block, 0, 500);
            assertEquals(ANCHOR_MICROS + 10_000, mic.captureTimeMicros(441));
            assertEquals(ANCHOR_MICROS + 900L * 1_000_000 / 44100, mic.captureTimeMicros(900));
        }
    }

    @Test
    void shouldEndWhenClosed() {
        FakeCaptureLine line = new FakeCaptureLine(new AudioFormat(22050, 16, 1, true, false));
        MicrophoneAudioSource mic = source(line);
        mic.close();
        mic.close();
        assertFalse(line.isOpen());
        assertEquals(-1, mic.read(new float[10], 0, 10));
    }
}
