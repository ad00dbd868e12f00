package org.leggio.ingest.dsp;

import org.jtransforms.fft.DoubleFFT_1D;
import org.leggio.ingest.FrontEnd;

/**
 * The streaming log-frequency spectrogram of the published front end: push 22050 Hz mono
 * samples in any block sizes, receive each frame as soon as its 2048 samples are present.
 *
 * <p>Frame {@code k} covers samples {@code [floor(k·1102.5), floor(k·1102.5) + 2048)}; a
 * symmetric Hann window (denominator 2047); FFT 2048; magnitudes of bins 0..1023; the
 * {@link LogFilterbank}; then {@code log10(1 + x)}. {@link #finish} emits the last frames with
 * zeros past the end of the signal, so a signal of {@code n} samples yields exactly
 * {@code ceil(n / 1102.5)} frames, as madmom does.
 *
 * <p>All buffers are allocated in the constructor; {@link #process} allocates nothing. Not
 * thread-safe: one instance per stream.
 */
public final class LogSpectrogram {
    /** Receives frames. The {@code bands} array is reused for the next frame: copy what you keep. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param frameIndex index of the frame at 20 fps, from 0
         * @param bands {@link FrontEnd#BAND_COUNT} values, band 0 the lowest
         */
        void onFrame(long frameIndex, float[] bands);
    }

    private static final int FRAME = FrontEnd.FRAME_SIZE_SAMPLES;
    /** Ring capacity: one frame plus one hop of slack, rounded up to a power of two. */
    private static final int RING_SIZE = 4096;
    private static final int RING_MASK = RING_SIZE - 1;

    private final LogFilterbank filterbank = LogFilterbank.standard();
    private final int binLimit = filterbank.binLimit();
    private final DoubleFFT_1D fft = new DoubleFFT_1D(FRAME);
    private final double[] window = hannWindow(FRAME);
    private final float[] ring = new float[RING_SIZE];
    private final double[] fftBuffer = new double[FRAME];
    private final double[] magnitudes = new double[FrontEnd.FFT_BIN_COUNT];
    private final double[] bandSums = new double[FrontEnd.BAND_COUNT];
    private final float[] bands = new float[FrontEnd.BAND_COUNT];

    private long samplesWritten;
    private long nextFrameIndex;
    private boolean finished;

    /**
     * Pushes samples (22050 Hz mono, full scale ±1 with the int16/32767 convention) and emits every
     * frame that became complete.
     */
    public void process(float[] samples, int offset, int length, FrameSink sink) {
        if (finished) {
            throw new IllegalStateException("process() after finish()");
        }
        int position = offset;
        int remaining = length;
        while (remaining > 0) {
            long frameEnd = FrontEnd.frameStartSample(nextFrameIndex) + FRAME;
            int take = (int) Math.min(remaining, frameEnd - samplesWritten);
            writeRing(samples, position, take);
            position += take;
            remaining -= take;
            if (samplesWritten == frameEnd) {
                emitFrame(sink, samplesWritten);
            }
        }
    }

    /** Emits the remaining frames, zero-padded past the end of the signal. Call once. */
    public void finish(FrameSink sink) {
        if (finished) {
            return;
        }
        finished = true;
        long total = FrontEnd.frameCount(samplesWritten);
        while (nextFrameIndex < total) {
            emitFrame(sink, samplesWritten);
        }
    }

    /** Samples pushed so far. */
    public long samplesWritten() {
        return samplesWritten;
    }

    /** Frames emitted so far (= index of the next frame). */
    public long framesEmitted() {
        return nextFrameIndex;
    }

    /**
     * The whole spectrogram of a signal, {@code [band][frame]} (92 × ceil(n / 1102.5)), for offline
     * use and tests.
     */
    public static float[][] compute(float[] signal) {
        int frameCount = (int) FrontEnd.frameCount(signal.length);
        float[][] out = new float[FrontEnd.BAND_COUNT][frameCount];
        LogSpectrogram spectrogram = new LogSpectrogram();
        FrameSink sink = (k, values) -> {
            for (int b = 0; b < values.length; b++) {
                out[b][(int) k] = values[b];
            }
        };
        spectrogram.process(signal, 0, signal.length, sink);
        spectrogram.finish(sink);
        return out;
    }

    private void writeRing(float[] samples, int offset, int length) {
        int start = (int) (samplesWritten & RING_MASK);
        int first = Math.min(length, RING_SIZE - start);
        System.arraycopy(samples, offset, ring, start, first);
        System.arraycopy(samples, offset + first, ring, 0, length - first);
        samplesWritten += length;
    }

    /** Computes frame {@code nextFrameIndex}; samples at or after {@code available} are zero. */
    private void emitFrame(FrameSink sink, long available) {
        long start = FrontEnd.frameStartSample(nextFrameIndex);
        int valid = (int) Math.max(0, Math.min(FRAME, available - start));
        for (int i = 0; i < valid; i++) {
            fftBuffer[i] = ring[(int) ((start + i) & RING_MASK)] * window[i];
        }
        java.util.Arrays.fill(fftBuffer, valid, FRAME, 0.0);
        fft.realForward(fftBuffer);
        magnitudes[0] = Math.abs(fftBuffer[0]);
        for (int bin = 1; bin < binLimit; bin++) {
            double re = fftBuffer[2 * bin];
            double im = fftBuffer[2 * bin + 1];
            magnitudes[bin] = Math.sqrt(re * re + im * im);
        }
        filterbank.apply(magnitudes, bandSums);
        for (int b = 0; b < bands.length; b++) {
            bands[b] = (float) Math.log10(1.0 + bandSums[b]);
        }
        sink.onFrame(nextFrameIndex++, bands);
    }

    /** NumPy's {@code hanning(n)}: symmetric, {@code 0.5 − 0.5·cos(2πi/(n−1))}. */
    static double[] hannWindow(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / (n - 1));
        }
        return w;
    }
}
