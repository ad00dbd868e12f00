package org.leggio.ingest.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.FrontEnd;
import org.leggio.ingest.Npy;
import org.leggio.ingest.testutil.Pcm16;
import org.leggio.ingest.testutil.SharedData;

class LogSpectrogramTest {

    @Test
    void shouldMapSilenceToZeros() {
        float[][] spec = LogSpectrogram.compute(new float[22050]);
        assertEquals(92, spec.length);
        assertEquals(20, spec[0].length);
        for (float[] band : spec) {
            for (float v : band) {
                assertEquals(0.0f, v);
            }
        }
    }

    @Test
    void shouldProduceCeilOfSamplesOverHopFrames() {
        for (int n : new int[] {1, 1102, 1103, 2048, 22050, 110_250, 33_333}) {
            assertEquals((int) Math.ceil(n / 1102.5), LogSpectrogram.compute(new float[n])[0].length, "n=" + n);
        }
    }

    @Test
    void shouldEmitFrameKOnceSampleFloorKHopPlus2048Arrives() {
        LogSpectrogram spectrogram = new LogSpectrogram();
        List<Long> emittedAt = new ArrayList<>();
        float[] one = new float[1];
        for (int i = 0; i < 30_000; i++) {
            spectrogram.process(one, 0, 1, (k, bands) -> {
                assertEquals(emittedAt.size(), k);
                emittedAt.add(spectrogram.samplesWritten());
            });
        }
        for (int k = 0; k < emittedAt.size(); k++) {
            assertEquals((long) Math.floor(k * 1102.5) + 2048, emittedAt.get(k), "frame " + k);
        }
        assertEquals(26, emittedAt.size());
    }

    @Test
    void shouldMatchAnIndependentDftOfTheFrameAtFloorKHop() {
        float[] signal = noise(20_000, 7);
        float[][] spec = LogSpectrogram.compute(signal);
        float[][] bank = LogFilterbank.standard().toDense();
        for (int k : new int[] {0, 1, 3, 7, 12}) {
            int start = (int) Math.floor(k * 1102.5);
            for (int b = 0; b < 92; b += 13) {
                double expected = Math.log10(1 + bandByDft(signal, start, bank[b]));
                assertEquals(expected, spec[b][k], 2e-5, "frame " + k + " band " + b);
            }
        }
    }

    @Test
    void shouldPutAPureToneIntoTheBandAroundItsFrequency() {
        float[] tone = sine(440.0, 0.5f, 22050, 22050);
        float[][] spec = LogSpectrogram.compute(tone);
        int frame = 10;
        int loudest = 0;
        for (int b = 1; b < 92; b++) {
            if (spec[b][frame] > spec[loudest][frame]) {
                loudest = b;
            }
        }
        // 440 Hz lies nearest FFT bin 41 (441.4 Hz), the centre of band 32 (bins 40, 41, 42).
        assertEquals(32, loudest);
        assertTrue(spec[32][frame] > 2.0, "tone band level " + spec[32][frame]);
        assertTrue(spec[10][frame] < 0.01 && spec[80][frame] < 0.01, "far bands stay near zero");
    }

    @Test
    void shouldGiveTheSameFramesWhateverTheBlockSize() {
        float[] signal = noise(30_000, 3);
        float[][] whole = LogSpectrogram.compute(signal);
        LogSpectrogram streaming = new LogSpectrogram();
        float[][] pieces = new float[92][whole[0].length];
        LogSpectrogram.FrameSink sink = (k, bands) -> {
            for (int b = 0; b < 92; b++) {
                pieces[b][(int) k] = bands[b];
            }
        };
        Random random = new Random(1);
        int position = 0;
        while (position < signal.length) {
            int length = Math.min(signal.length - position, 1 + random.nextInt(5000));
            streaming.process(signal, position, length, sink);
            position += length;
        }
        streaming.finish(sink);
        for (int b = 0; b < 92; b++) {
            assertArrayEquals(whole[b], pieces[b], "band " + b);
        }
    }

    @Test
    void shouldMatchMadmomOnTheReferenceTones() throws IOException {
        Pcm16.Signal wav = Pcm16.readMono(SharedData.reference("tones_22050.wav"));
        float[][] reference = Npy.readFloat32(SharedData.reference("spectrogram_tones_22050.npy"));
        assertEquals(22050, wav.sampleRateHz());
        float[][] spec = LogSpectrogram.compute(wav.samples());
        assertEquals(100, spec[0].length);
        double maxError = maxAbsDifference(reference, spec);
        System.out.printf("tones_22050: max |error| vs madmom = %.2e%n", maxError);
        assertEquals(0.0, maxError, 1e-4, "max |error| against spectrogram_tones_22050.npy");
        assertEquals(2.0179f, spec[16][10], 1e-4f);
    }

    @Test
    void shouldMatchMadmomOnTheRealPianoRecording() throws IOException {
        Pcm16.Signal wav = Pcm16.readMono(SharedData.reference("lesgraces_fluidsynth_22050.wav"));
        float[][] reference = Npy.readFloat32(SharedData.reference("spectrogram_lesgraces_22050.npy"));
        float[][] spec = LogSpectrogram.compute(wav.samples());
        assertEquals(894, spec[0].length);
        double maxError = maxAbsDifference(reference, spec);
        System.out.printf("lesgraces: max |error| vs madmom = %.2e%n", maxError);
        assertEquals(0.0, maxError, 1e-4, "max |error| against spectrogram_lesgraces_22050.npy");
    }

    static double maxAbsDifference(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length, "row " + i);
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    static float[] sine(double frequencyHz, float amplitude, int sampleRateHz, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz));
        }
        return out;
    }

    static float[] noise(int length, long seed) {
        Random random = new Random(seed);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (0.1 * random.nextGaussian());
        }
        return out;
    }

    /** Σ_bin w[bin]·|DFT(hann · frame)[bin]|, computed directly in O(n²) over the used bins. */
    private static double bandByDft(float[] signal, int start, float[] weights) {
        double[] window = LogSpectrogram.hannWindow(FrontEnd.FRAME_SIZE_SAMPLES);
        double sum = 0;
        for (int bin = 0; bin < weights.length; bin++) {
            if (weights[bin] == 0) {
                continue;
            }
            double re = 0;
            double im = 0;
            for (int n = 0; n < 2048; n++) {
                int index = start + n;
                double x = index < signal.length ? signal[index] * window[n] : 0;
                re += x * Math.cos(2 * Math.PI * bin * n / 2048);
                im -= x * Math.sin(2 * Math.PI * bin * n / 2048);
            }
            sum += weights[bin] * Math.hypot(re, im);
        }
        return sum;
    }
}
