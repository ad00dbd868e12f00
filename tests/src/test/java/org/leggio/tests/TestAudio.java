package org.leggio.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Writes generated 16-bit PCM WAV files: tones on a noise floor, with known content. */
final class TestAudio {
    private TestAudio() {}

    /** Piano-like tones (A3, C5, E5 entering one after another) plus noise, on every channel. */
    static short[] tones(int sampleRateHz, double seconds, int channels, long seed) {
        int frames = (int) Math.round(seconds * sampleRateHz);
        short[] out = new short[frames * channels];
        Random noise = new Random(seed);
        double[] f0 = {220.0, 523.25, 659.26};
        double[] onset = {0.5, 1.7, 3.0};
        for (int i = 0; i < frames; i++) {
            double t = (double) i / sampleRateHz;
            double x = 0;
            for (int n = 0; n < f0.length; n++) {
                double tau = (t - onset[n]) % 4.0;
                if (t >= onset[n]) {
                    for (int k = 1; k <= 8; k++) {
                        x += 0.2 / k * Math.exp(-tau * (1.2 + 0.8 * k)) * Math.sin(2 * Math.PI * k * f0[n] * tau);
                    }
                }
            }
            for (int c = 0; c < channels; c++) {
                double v = x + 0.001 * noise.nextGaussian();
                out[i * channels + c] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            }
        }
        return out;
    }

    static Path writeWav(Path path, short[] interleaved, int sampleRateHz, int channels) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : interleaved) {
            bytes.putShort(s);
        }
        AudioFormat format = new AudioFormat(sampleRateHz, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes.array()), format,
                interleaved.length / channels)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, path.toFile());
        }
        return path;
    }
}
