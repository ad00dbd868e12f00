package org.leggio.app;

import java.util.Random;
import org.leggio.ingest.AudioSource;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * A deterministic, piano-like test signal (decaying harmonic tones on a noise floor) served as an
 * {@link AudioSource} of any length from one precomputed second, so benchmarks measure the front
 * end and not the source.
 */
final class GeneratedAudio implements AudioSource {
    private final int sampleRateHz;
    private final float[] period;
    private final long totalSamples;
    private long position;

    GeneratedAudio(int sampleRateHz, double seconds) {
        this.sampleRateHz = sampleRateHz;
        this.totalSamples = (long) (seconds * sampleRateHz);
        this.period = new float[sampleRateHz];
        Random noise = new Random(1234);
        double[] f0 = {220.0, 523.25, 659.26, 880.0};
        for (int i = 0; i < period.length; i++) {
            double t = (double) i / sampleRateHz;
            double x = 0.001 * noise.nextGaussian();
            for (int n = 0; n < f0.length; n++) {
                double tau = t - n * 0.25;
                if (tau >= 0) {
                    for (int k = 1; k <= 6; k++) {
                        x += 0.2 / k * Math.exp(-tau * (1.2 + 0.8 * k)) * Math.sin(2 * Math.PI * k * f0[n] * tau);
                    }
                }
            }
            period[i] = (float) x;
        }
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int read(float[] buffer, int offset, int length) {
        if (position >= totalSamples) {
            return -1;
        }
        int n = (int) Math.min(length, totalSamples - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = period[(int) ((position + i) % period.length)];
        }
        position += n;
        return n;
    }

    @Override
    public long captureTimeMicros(long sampleIndex) {
        return sampleIndex * 1_000_000L / sampleRateHz;
    }

    @Override
    public AudioSourceKind kind() {
        return AudioSourceKind.AUDIO_SOURCE_KIND_FILE;
    }

    @Override
    public String description() {
        return "generated test signal";
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() {
        position = totalSamples;
    }
}
