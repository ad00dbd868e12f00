package org.leggio.ingest.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leggio.ingest.Npy;
import org.leggio.ingest.testutil.Pcm16;
import org.leggio.ingest.testutil.SharedData;

class ResamplerTest {

    static float[] resampleAll(float[] in, int fromHz, int toHz, int blockSize) {
        Resampler resampler = new Resampler(fromHz, toHz);
        float[] out = new float[resampler.maxOutput(in.length) + resampler.maxOutput(0)];
        int written = 0;
        for (int position = 0; position < in.length; position += blockSize) {
            int length = Math.min(blockSize, in.length - position);
            written += resampler.process(in, position, length, out, written);
        }
        written += resampler.flush(out, written);
        return java.util.Arrays.copyOf(out, written);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 11025, 16000, 32000, 44100, 48000, 88200, 96000})
    void shouldPassAPassbandToneUnchangedInAmplitudeAndPhase(int inputRateHz) {
        int seconds = 1;
        double f = Math.min(1000.0, inputRateHz * 0.3);
        float[] in = LogSpectrogramTest.sine(f, 0.5f, inputRateHz, inputRateHz * seconds);
        float[] out = resampleAll(in, inputRateHz, 22050, 4096);
        assertEquals((long) Math.ceil((double) in.length * 22050 / inputRateHz), out.length);
        float[] expected = LogSpectrogramTest.sine(f, 0.5f, 22050, out.length);
        double maxError = 0;
        for (int i = 2000; i < out.length - 2000; i++) { // away from the zero-padded edges
            maxError = Math.max(maxError, Math.abs(out[i] - expected[i]));
        }
        assertTrue(maxError < 1e-4, "max error " + maxError + " from " + inputRateHz + " Hz");
    }

    @ParameterizedTest
    @ValueSource(ints = {44100, 48000, 96000})
    void shouldNotAliasAToneAboveElevenKilohertzIntoTheBands(int inputRateHz) {
        for (double f : new double[] {11500, 14000, 17000, 19000}) {
            if (f >= inputRateHz / 2.0) {
                continue;
            }
            float[] in = LogSpectrogramTest.sine(f, 0.9f, inputRateHz, inputRateHz);
            float[] out = resampleAll(in, inputRateHz, 22050, 1000);
            float[][] spec = LogSpectrogram.compute(out);
            double max = 0;
            for (float[] band : spec) {
                for (int k = 2; k < band.length - 2; k++) {
                    max = Math.max(max, band[k]);
                }
            }
            // A full-scale tone inside the bands reaches about 2.7; an alias would be > 0.1.
            assertTrue(max < 1e-3, f + " Hz at " + inputRateHz + " Hz leaks " + max + " into the bands");
        }
    }

    @Test
    void shouldGiveTheSameOutputWhateverTheBlockSize() {
        float[] in = LogSpectrogramTest.noise(48_000, 5);
        float[] whole = resampleAll(in, 48000, 22050, in.length);
        assertArrayEquals(whole, resampleAll(in, 48000, 22050, 1));
        assertArrayEquals(whole, resampleAll(in, 48000, 22050, 333));
    }

    @Test
    void shouldPassSamplesThroughAtTheSameRate() {
        float[] in = LogSpectrogramTest.noise(5000, 9);
        assertArrayEquals(in, resampleAll(in, 22050, 22050, 100));
    }

    @Test
    void shouldHandleUncommonRatesWithManyPhases() {
        float[] in = LogSpectrogramTest.sine(500, 0.5f, 44_056, 44_056);
        float[] out = resampleAll(in, 44_056, 22050, 1024);
        float[] expected = LogSpectrogramTest.sine(500, 0.5f, 22050, out.length);
        for (int i = 2000; i < out.length - 2000; i++) {
            assertEquals(expected[i], out[i], 2e-4, "sample " + i);
        }
    }

    @Test
    void shouldRejectRatesOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 22050));
        assertEquals("inputRateHz must be in 1000..384000 Hz but was 0", e.getMessage());
    }

    /**
     * The stereo 44.1 kHz reference, mixed down and resampled here, against madmom fed by ffmpeg's
     * resampler. Both resamplers are transparent below 6 kHz, so the bands should agree to far better
     * than the 0.028 by which either differs from the mono 22050 Hz file (that difference is the
     * independent noise of the two channels).
     */
    @Test
    void shouldMatchMadmomWithFfmpegOnTheStereo44100Reference() throws IOException {
        Pcm16.Signal wav = Pcm16.readMono(SharedData.reference("tones_44100_stereo.wav"));
        float[][] reference = Npy.readFloat32(SharedData.reference("spectrogram_tones_44100_stereo_madmom_ffmpeg.npy"));
        assertEquals(44100, wav.sampleRateHz());
        float[] mono22050 = resampleAll(wav.samples(), 44100, 22050, 4096);
        assertEquals(110_250, mono22050.length);
        float[][] spec = LogSpectrogram.compute(mono22050);
        double maxError = LogSpectrogramTest.maxAbsDifference(reference, spec);
        System.out.printf("tones_44100_stereo: max |error| vs madmom+ffmpeg = %.2e%n", maxError);
        assertTrue(maxError < 2e-3, "max |error| " + maxError);
    }

    @Test
    void shouldKeepWhiteNoiseLevelInThePassband() {
        Random random = new Random(11);
        float[] in = new float[96_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (0.1 * random.nextGaussian());
        }
        float[] out = resampleAll(in, 48000, 22050, 4096);
        // Up to the -6 dB cut-off, 0.40 * 22050 = 8820 Hz of the 24000 Hz of bandwidth survives:
        // the power ratio is about 8820 / 24000 = 0.3675 (the transition band is symmetric about it).
        double powerIn = 0;
        double powerOut = 0;
        for (float v : in) {
            powerIn += v * v;
        }
        for (float v : out) {
            powerOut += v * v;
        }
        double ratio = (powerOut / out.length) / (powerIn / in.length);
        assertEquals(0.40 * 22050 / 24000, ratio, 0.02);
    }
}
