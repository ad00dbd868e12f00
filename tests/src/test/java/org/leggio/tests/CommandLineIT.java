package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.app.Leggio;
import org.leggio.ingest.Npy;
import org.leggio.ingest.dsp.LogSpectrogram;
import org.leggio.ingest.source.AudioSources;

/** The CLI's tools that need no broker. */
@Timeout(120)
class CommandLineIT {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSpectrogramOfAWavAsNpyWithBandsAsRows() throws Exception {
        short[] pcm = TestAudio.tones(22050, 3.0, 1, 4);
        Path wav = TestAudio.writeWav(dir.resolve("tones.wav"), pcm, 22050, 1);
        Path npy = dir.resolve("tones.npy");
        assertThat(Leggio.run("spectrogram", wav.toString(), npy.toString())).isZero();
        float[][] written = Npy.readFloat32(npy);
        float[] samples = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            samples[i] = pcm[i] / 32767f;
        }
        float[][] expected = LogSpectrogram.compute(samples);
        assertThat(written).hasDimensions(92, 60);
        for (int b = 0; b < 92; b++) {
            assertThat(written[b]).containsExactly(expected[b]);
        }
    }

    @Test
    void shouldReproduceTheReferenceSpectrogramFromTheCommandLine() throws Exception {
        Path shared = Paths.get(System.getProperty("leggio.shared.dir", "../shared"), "reference");
        assumeTrue(Files.isRegularFile(shared.resolve("tones_22050.wav")),
                "skipped: " + shared + " not found (../shared is absent)");
        Path npy = dir.resolve("ref.npy");
        assertThat(Leggio.run("spectrogram", shared.resolve("tones_22050.wav").toString(), npy.toString())).isZero();
        float[][] ours = Npy.readFloat32(npy);
        float[][] reference = Npy.readFloat32(shared.resolve("spectrogram_tones_22050.npy"));
        double max = 0;
        for (int b = 0; b < 92; b++) {
            for (int k = 0; k < 100; k++) {
                max = Math.max(max, Math.abs(ours[b][k] - reference[b][k]));
            }
        }
        assertThat(max).isLessThan(1e-4);
    }

    @Test
    void shouldRenderMidiForTheSpectrogram() throws Exception {
        Path midi = dir.resolve("demo.mid");
        try (var in = Leggio.class.getResourceAsStream("/org/leggio/app/demo/bwv846-bars1-11.mid")) {
            Files.copy(in, midi);
        }
        Path npy = dir.resolve("demo.npy");
        assertThat(Leggio.run("spectrogram", midi.toString(), npy.toString())).isZero();
        float[][] spectrogram = Npy.readFloat32(npy);
        assertThat(spectrogram.length).isEqualTo(92);
        assertThat(spectrogram[0].length).isBetween(800, 900);
    }

    @Test
    void shouldSayThatNoCaptureDeviceExistsWhenThereIsNone() {
        assumeTrue(AudioSources.captureDeviceNames().isEmpty(), "skipped: this machine has a capture device");
        StringWriter err = new StringWriter();
        assertThat(Leggio.run(new PrintWriter(err, true), "ingest", "--mic")).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(err.toString()).startsWith("leggio: error: no audio capture device found");
    }

    @Test
    void shouldRejectAnUnknownEncodingAndUsageErrors() {
        StringWriter err = new StringWriter();
        assertThat(Leggio.run(new PrintWriter(err, true), "ingest", "--encoding", "mp3")).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(err.toString()).contains("--encoding must be float16 or float32 but was 'mp3'");
        StringWriter usage = new StringWriter();
        assertThat(Leggio.run(new PrintWriter(usage, true), "ingest", "--file", "a.wav", "--mic")).isEqualTo(Leggio.EXIT_USAGE);
        assertThat(usage.toString()).contains("mutually exclusive");
    }
}
