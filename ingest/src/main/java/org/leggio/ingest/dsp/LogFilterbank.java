package org.leggio.ingest.dsp;

import java.util.Arrays;
import org.leggio.ingest.FrontEnd;

/**
 * madmom's {@code LogarithmicFilterbank} (16 bands per octave, 30–6000 Hz, reference 440 Hz,
 * unique FFT bins, triangular filters normalised to sum 1), exactly as MSMD and ucasr use it.
 *
 * <p>Held sparsely: band {@code b} has non-zero weights only on FFT bins {@code [firstBin(b),
 * firstBin(b) + weights(b).length)}. Weights are float32, as in madmom. Immutable and
 * thread-safe.
 */
public final class LogFilterbank {
    static final int BANDS_PER_OCTAVE = 16;
    static final double MIN_FREQUENCY_HZ = 30.0;
    static final double MAX_FREQUENCY_HZ = 6000.0;
    static final double REFERENCE_FREQUENCY_HZ = 440.0;

    private static final LogFilterbank STANDARD = build();

    private final int[] firstBin;
    private final float[][] weights;
    private final int[] uniqueBins;

    private LogFilterbank(int[] uniqueBins, int[] firstBin, float[][] weights) {
        this.uniqueBins = uniqueBins;
        this.firstBin = firstBin;
        this.weights = weights;
    }

    /** The filterbank of the published front end (92 bands over 1024 FFT bins). */
    public static LogFilterbank standard() {
        return STANDARD;
    }

    /** Number of bands (92). */
    public int bandCount() {
        return weights.length;
    }

    /** First FFT bin with a (possibly zero) weight in band {@code band}. */
    public int firstBin(int band) {
        return firstBin[band];
    }

    /** The weights of band {@code band} from {@link #firstBin(int)} on; a copy. */
    public float[] weights(int band) {
        return weights[band].clone();
    }

    /** One past the highest FFT bin any band uses. */
    public int binLimit() {
        int limit = 0;
        for (int b = 0; b < weights.length; b++) {
            limit = Math.max(limit, firstBin[b] + weights[b].length);
        }
        return limit;
    }

    /** The unique FFT bins the log frequencies map to (94 for the standard bank). */
    public int[] uniqueBins() {
        return uniqueBins.clone();
    }

    /**
     * The centre frequency of each band, Hz: the frequency of the FFT bin at its triangle's apex (bands
     * at low frequencies are wider than their nominal 1/16 octave, as the FFT bins are 10.8 Hz apart).
     */
    public double[] centreFrequenciesHz() {
        double binHz = (double) FrontEnd.SAMPLE_RATE_HZ / FrontEnd.FRAME_SIZE_SAMPLES;
        double[] centres = new double[weights.length];
        for (int b = 0; b < weights.length; b++) {
            centres[b] = uniqueBins[b + 1] * binHz;
        }
        return centres;
    }

    /** The dense matrix {@code [band][fftBin]}, 92 × 1024, as madmom stores it transposed. */
    public float[][] toDense() {
        float[][] dense = new float[weights.length][FrontEnd.FFT_BIN_COUNT];
        for (int b = 0; b < weights.length; b++) {
            System.arraycopy(weights[b], 0, dense[b], firstBin[b], weights[b].length);
        }
        return dense;
    }

    /**
     * Applies the bank to magnitudes: {@code out[b] = Σ w[b][i] · magnitudes[i]}, accumulated in
     * double precision. Allocates nothing.
     */
    public void apply(double[] magnitudes, double[] out) {
        for (int b = 0; b < weights.length; b++) {
            float[] w = weights[b];
            int offset = firstBin[b];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * magnitudes[offset + i];
            }
            out[b] = sum;
        }
    }

    private static LogFilterbank build() {
        double[] frequencies = logFrequencies();
        int[] bins = uniqueNearestBins(frequencies);
        int bandCount = bins.length - 2;
        int[] first = new int[bandCount];
        float[][] w = new float[bandCount][];
        for (int b = 0; b < bandCount; b++) {
            first[b] = bins[b];
            w[b] = triangle(bins[b], bins[b + 1], bins[b + 2]);
        }
        return new LogFilterbank(bins, first, w);
    }

    /** madmom {@code log_frequencies(16, 30, 6000, 440)}: 122 frequencies. */
    static double[] logFrequencies() {
        double left = Math.floor(log2(MIN_FREQUENCY_HZ / REFERENCE_FREQUENCY_HZ) * BANDS_PER_OCTAVE);
        double right = Math.ceil(log2(MAX_FREQUENCY_HZ / REFERENCE_FREQUENCY_HZ) * BANDS_PER_OCTAVE);
        return java.util.stream.DoubleStream.iterate(left, j -> j < right, j -> j + 1)
                .map(j -> REFERENCE_FREQUENCY_HZ * Math.pow(2.0, j / BANDS_PER_OCTAVE))
                .filter(f -> f >= MIN_FREQUENCY_HZ && f <= MAX_FREQUENCY_HZ)
                .toArray();
    }

    /** madmom {@code frequencies2bins(..., unique_bins=True)} on the 1024 FFT bin frequencies. */
    static int[] uniqueNearestBins(double[] frequencies) {
        int binCount = FrontEnd.FFT_BIN_COUNT;
        double binHz = (double) FrontEnd.SAMPLE_RATE_HZ / FrontEnd.FRAME_SIZE_SAMPLES;
        int[] bins = new int[frequencies.length];
        for (int j = 0; j < frequencies.length; j++) {
            double f = frequencies[j];
            int i = (int) Math.ceil(f / binHz); // searchsorted(side='left'): first bin >= f
            i = Math.max(1, Math.min(binCount - 1, i));
            double leftHz = (i - 1) * binHz;
            double rightHz = i * binHz;
            if (f - leftHz < rightHz - f) {
                i--;
            }
            bins[j] = i;
        }
        return Arrays.stream(bins).distinct().sorted().toArray();
    }

    /** madmom {@code TriangularFilter(start, centre, stop, norm=True)}; stop exclusive. */
    private static float[] triangle(int start, int centre, int stop) {
        double[] data = new double[stop - start];
        int rising = centre - start;
        for (int i = 0; i < rising; i++) {
            data[i] = (double) i / rising;
        }
        int falling = stop - centre;
        for (int i = 0; i < falling; i++) {
            data[rising + i] = 1.0 - (double) i / falling;
        }
        double sum = Arrays.stream(data).sum();
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (float) (data[i] / sum);
        }
        return out;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
