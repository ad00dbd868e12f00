package org.leggio.ingest.dsp;

/**
 * A band-limited streaming resampler between integer sample rates: a Kaiser-windowed sinc
 * evaluated on an exact polyphase grid (rational ratio {@code L/M} in lowest terms).
 *
 * <p>The cut-off (−6 dB) is at 0.45 × the lower of the two rates, the transition band 0.1 × that
 * rate wide, the stop band below −100 dB: from 44.1 or 48 kHz to 22050 Hz everything up to
 * 8.8 kHz passes (ripple &lt; 1e-4) and nothing above 11 kHz can alias into the front end's bands
 * (30–6000 Hz). The filter is centred (zero phase): output sample {@code n} is the signal at input
 * time {@code n·M/L}, so frame timing is unchanged; a signal of {@code N} input samples gives
 * {@code ceil(N·L/M)} output samples once {@link #flush} is called.
 *
 * <p>Tables are built in the constructor; {@link #process} allocates nothing. Not thread-safe.
 */
public final class Resampler {
    private static final double CUTOFF_FRACTION = 0.45;
    private static final double TRANSITION_FRACTION = 0.10;
    private static final double STOPBAND_ATTENUATION_DB = 100.0;
    /** Ratios with more phases than this use the nearest of this many phases (timing error &lt; 1e-4 sample). */
    private static final int MAX_PHASES = 4096;

    private final int inputRateHz;
    private final int outputRateHz;
    private final long up;
    private final long down;
    private final int phases;
    private final int halfTaps;
    private final float[][] kernel;
    private final float[] history;

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
        this.history = new float[nextPowerOfTwo(4 * halfTaps + 2)];
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
        int mask = history.length - 1;
        for (int i = 0; i < length; i++) {
            history[(int) (inputCount & mask)] = in[offset + i];
            inputCount++;
            written += produce(out, outOffset + written, inputCount);
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
        long total = (inputCount * up + down - 1) / down;
        int written = 0;
        while (outputCount < total) {
            out[outOffset + written++] = outputSample(outputCount++, inputCount);
        }
        return written;
    }

    /** Writes the outputs whose whole kernel support lies below {@code available} input samples. */
    private int produce(float[] out, int outOffset, long available) {
        int written = 0;
        while (true) {
            long base = Math.floorDiv(outputCount * down, up);
            if (base + halfTaps >= available) {
                return written;
            }
            out[outOffset + written++] = outputSample(outputCount++, available);
        }
    }

    /** y[n] = Σ x[base + k] · h(frac − k), k = −halfTaps+1 .. halfTaps; x = 0 outside [0, available). */
    private float outputSample(long n, long available) {
        long position = n * down;
        long base = Math.floorDiv(position, up);
        long remainder = position - base * up;
        int phase = phases == up ? (int) remainder : (int) ((remainder * phases + up / 2) / up);
        if (phase == phases) {
            phase = 0;
            base++;
        }
        float[] h = kernel[phase];
        int mask = history.length - 1;
        double sum = 0;
        for (int t = 0; t < h.length; t++) {
            long index = base - halfTaps + 1 + t;
            if (index >= 0 && index < available) {
                sum += h[t] * history[(int) (index & mask)];
            }
        }
        return (float) sum;
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

    private static int nextPowerOfTwo(int n) {
        return Integer.highestOneBit(n - 1) << 1;
    }

    private static void checkRate(int rateHz, String name) {
        if (rateHz < 1000 || rateHz > 384_000) {
            throw new IllegalArgumentException(name + " must be in 1000..384000 Hz but was " + rateHz);
        }
    }
}
