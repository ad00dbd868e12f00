package org.leggio.ingest.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** A minimal, independent reader of 16-bit little-endian PCM WAV files for DSP tests. */
public final class Pcm16 {
    /** Mono samples (int16 / 32767, channels mixed by the madmom integer rule) and their rate. */
    public record Signal(float[] samples, int sampleRateHz) {}

    private Pcm16() {}

    public static Signal readMono(Path path) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(path.toFile())) {
            AudioFormat format = in.getFormat();
            if (format.getSampleSizeInBits() != 16 || format.isBigEndian()) {
                throw new IOException("test reader expects 16-bit little-endian PCM: " + path);
            }
            int channels = format.getChannels();
            ByteBuffer data = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            int frames = data.capacity() / (2 * channels);
            float[] out = new float[frames];
            for (int i = 0; i < frames; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += data.getShort();
                }
                out[i] = (sum / channels) / 32767f;
            }
            return new Signal(out, (int) format.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }
}
