package org.leggio.ingest.dsp;

/**
 * A band-limited streaming resampler between integer sample rates: a Kaiser-windowed sinc
 * evaluated on an exact polyphase grid (rational ratio {@code L/M} in lowest terms).
 *
 * <p>The cut-off (−6 dB) is at 0.40 × the lower of the two rates, the transition band 0.18 × that
 * rate wide, the stop band below −100 dB: from 44.1 or 48 kHz to 22050 Hz everything up to
 * 6.8 kHz passes (ripple &lt; 1e-4) — the front end's bands end at 5.9 kHz — and everything above
 * 10.8 kHz is stopped, so nothing can alias into the bands. The wide transition halves the
 * kernel compared with a 0.45/0.1 design at no cost to the spectrogram. The filter is centred (zero phase): output sample {@code n} is the signal at input
 * time {@code n·M/L}, so frame timing is unchanged; a signal of {@code N} input samples gives
 * {@code ceil(N·L/M)} output samples once {@link #flush} is called.
 *
 * <p>Tables are built in the constructor; {@link #process} allocates nothing. Not thread-safe.
 */
public final class Resampler {
    private static final double CUTOFF_FRACTION = 0.40;
    private static final double TRANSITION_FRACTION = 0.18;
    private static final double STOPBAND_ATTENUATION_DB = 100.0;
    /** Ratios with more phases than this use the nearest of this many phases (timing error &lt; 1e-4 sample). */
    private static final int MAX_PHASES = 4096;
    /** Input samples the linear history holds beyond the kernel span before it is compacted. */
    private static final int HISTORY_SLACK = 8192;

    private final int inputRateHz;
    private final int outputRateHz;
    private final long up;
    private final long down;
    private final int phases;
    private final int halfTaps;
    private final float[][] kernel;
    /** Input samples [historyStart, historyStart + historyLength), zeros before the first sample. */
    private final float[] history;
    private long historyStart;
    private int historyLength;

    private long inputCount;
    private long outputCount;
    private boolean flushed;

    /**
     * @param inputRateHz rate of the samples pushed in, Hz, 1000..384000
     * @param outputRateHz rate of the samples produced, Hz, 1000..384000
     */
    public Resampler(int inputRateHz, int outputRateHz) {
        checkRate(inputRateHz, "inputRateHz");
        checkRate(outputRateHz, "outputRateHz");
        this.inputRateHz = inputRateHz;
        this.outputRateHz = outputRateHz;
        long g = gcd(inputRateHz, outputRateHz);
        this.up = outputRateHz / g;
        this.down = inputRateHz / g;
        this.phases = (int) Math.min(up, MAX_PHASES);
        double lowRate = Math.min(inputRateHz, outputRateHz);
        double cutoff = CUTOFF_FRACTION * lowRate / inputRateHz; // cycles per input sample
        double transition = 2 * Math.PI * TRANSITION_FRACTION * lowRate / inputRateHz;
        int taps = (int) Math.ceil((STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * transition)) + 1;
        this.halfTaps = Math.max(2, (taps + 1) / 2);
        this.kernel = buildKernel(phases, halfTaps, cutoff, kaiserBeta(STOPBAND_ATTENUATION_DB));
        this.history = new float[2 * halfTaps + HISTORY_SLACK];
        // Samples before the signal are zeros: the history starts halfTaps before sample 0.
        this.historyStart = -halfTaps;
        this.historyLength = halfTaps;
    }

    /** Input rate, Hz. */
    public int inputRateHz() {
        return inputRateHz;
    }

    /** Output rate, Hz. */
    public int outputRateHz() {
        return outputRateHz;
    }

    /** True when the two rates are equal and samples pass through unchanged. */
    public boolean isIdentity() {
        return up == down;
    }

    /** Largest number of samples one {@link #process} call with {@code inputLength} samples may return. */
    public int maxOutput(int inputLength) {
        return (int) ((long) (inputLength + 2 * halfTaps + 2) * up / down + 2);
    }

    /**
     * Pushes {@code length} input samples and writes every output sample that became computable.
     *
     * @return the number of samples written to {@code out} from {@code outOffset}; {@code out} must
     *     have room for {@link #maxOutput(int) maxOutput(length)}
     */
    public int process(float[] in, int offset, int length, float[] out, int outOffset) {
        if (flushed) {
            throw new IllegalStateException("process() after flush()");
        }
        if (isIdentity()) {
            System.arraycopy(in, offset, out, outOffset, length);
            inputCount += length;
            outputCount += length;
            return length;
        }
        int written = 0;
        int position = offset;
        int remaining = length;
        while (remaining > 0) {
            compactHistory();
            int take = Math.min(remaining, history.length - historyLength);
            System.arraycopy(in, position, history, historyLength, take);
            historyLength += take;
            inputCount += take;
            position += take;
            remaining -= take;
            written += produce(out, outOffset + written);
        }
        return written;
    }

    /**
     * Ends the input: produces the remaining output samples (zeros assumed past the end) so that the
     * total output is {@code ceil(N·L/M)} for {@code N} input samples.
     *
     * @return the number of samples written; {@code out} needs room for {@code maxOutput(0)}
     */
    public int flush(float[] out, int outOffset) {
        if (flushed) {
            return 0;
        }
        flushed = true;
        if (isIdentity()) {
            return 0;
        }
        compactHistory();
        java.util.Arrays.fill(history, historyLength, historyLength + halfTaps + 1, 0f);
        long total = (inputCount * up + down - 1) / down;
        int written = 0;
        while (outputCount < total) {
            out[outOffset + written++] = outputSample(outputCount++);
        }
        return written;
    }

    /** Writes the outputs whose whole kernel support has arrived. */
    private int produce(float[] out, int outOffset) {
        int written = 0;
        while (Math.floorDiv(outputCount * down, up) + halfTaps < inputCount) {
            out[outOffset + written++] = outputSample(outputCount++);
        }
        return written;
    }

    /** y[n] = Σ x[base + k] · h(frac − k), k = −halfTaps+1 .. halfTaps. */
    private float outputSample(long n) {
        long position = n * down;
        long base = Math.floorDiv(position, up);
        long remainder = position - base * up;
        int phase = phases == up ? (int) remainder : (int) ((remainder * phases + up / 2) / up);
        if (phase == phases) {
            phase = 0;
            base++;
        }
        return dot(kernel[phase], history, (int) (base - halfTaps + 1 - historyStart));
    }

    /** Four independent accumulators: the loop is bound by latency otherwise. */
    private static float dot(float[] h, float[] x, int from) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int t = 0;
        for (; t + 3 < h.length; t += 4) {
            s0 += h[t] * x[from + t];
            s1 += h[t + 1] * x[from + t + 1];
            s2 += h[t + 2] * x[from + t + 2];
            s3 += h[t + 3] * x[from + t + 3];
        }
        for (; t < h.length; t++) {
            s0 += h[t] * x[from + t];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Drops history no future output needs, keeping it contiguous for {@link #dot}. */
    private void compactHistory() {
        if (historyLength < history.length - halfTaps - 1) {
            return;
        }
        long oldestNeeded = Math.floorDiv(outputCount * down, up) - halfTaps + 1;
        int drop = (int) Math.max(0, Math.min(historyLength, oldestNeeded - historyStart));
        System.arraycopy(history, drop, history, 0, historyLength - drop);
        historyStart += drop;
        historyLength -= drop;
    }

    private static float[][] buildKernel(int phases, int halfTaps, double cutoff, double beta) {
        float[][] kernel = new float[phases][2 * halfTaps];
        double i0Beta = besselI0(beta);
        for (int p = 0; p < phases; p++) {
            double frac = (double) p / phases;
            double[] taps = new double[2 * halfTaps];
            double sum = 0;
            for (int t = 0; t < taps.length; t++) {
                int k = t - halfTaps + 1;
                double x = frac - k; // distance from the output instant, input samples
                double ratio = x / halfTaps;
                double window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / i0Beta;
                taps[t] = 2 * cutoff * sinc(2 * cutoff * x) * window;
                sum += taps[t];
            }
            for (int t = 0; t < taps.length; t++) {
                kernel[p][t] = (float) (taps[t] / sum); // exact unit gain at DC for every phase
            }
        }
        return kernel;
    }

    private static double sinc(double x) {
        return x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double kaiserBeta(double attenuationDb) {
        return 0.1102 * (attenuationDb - 8.7);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static void checkRate(int rateHz, String name) {
        if (rateHz < 1000 || rateHz > 384_000) {
            throw new IllegalArgumentException(name + " must be in 1000..384000 Hz but was " + rateHz);
        }
    }
}
