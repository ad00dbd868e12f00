package org.leggio.matcher.notes;

/**
 * Folds a log-frequency spectrogram frame onto the twelve pitch classes: each band goes to the pitch
 * classes on either side of its centre frequency, in proportion to how close it lies (a band between
 * C and C♯ counts half to each). Bands below {@code minHz} are left out: there the FFT bins are wider
 * than a semitone and say little about pitch class. Immutable and thread-safe; allocates nothing per call.
 */
public final class BandChroma {
    /** Pitch classes. */
    public static final int PITCH_CLASSES = 12;

    private final int bandCount;
    private final int[] lowerClass;
    private final float[] lowerWeight;
    private final boolean[] used;

    /**
     * @param bandCentresHz centre frequency of each band, Hz, ascending
     * @param minHz bands whose centre lies below are ignored
     * @param maxHz bands whose centre lies above are ignored
     */
    public BandChroma(double[] bandCentresHz, double minHz, double maxHz) {
        if (bandCentresHz.length == 0) {
            throw new IllegalArgumentException("no bands");
        }
        bandCount = bandCentresHz.length;
        lowerClass = new int[bandCount];
        lowerWeight = new float[bandCount];
        used = new boolean[bandCount];
        for (int b = 0; b < bandCount; b++) {
            double hz = bandCentresHz[b];
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("band " + b + " centre must be a positive frequency, got " + hz);
            }
            used[b] = hz >= minHz && hz <= maxHz;
            double midi = 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
            double floor = Math.floor(midi);
            lowerClass[b] = Math.floorMod((int) floor, PITCH_CLASSES);
            lowerWeight[b] = (float) (1 - (midi - floor));
        }
    }

    /** Number of bands a frame must have. */
    public int bandCount() {
        return bandCount;
    }

    /** Adds {@code weight × value[b]} of every used band into {@code chroma} (12 values). */
    public void fold(float[] bandValues, float weight, float[] chroma) {
        for (int b = 0; b < bandCount; b++) {
            if (used[b]) {
                float v = weight * bandValues[b];
                chroma[lowerClass[b]] += lowerWeight[b] * v;
                chroma[(lowerClass[b] + 1) % PITCH_CLASSES] += (1 - lowerWeight[b]) * v;
            }
        }
    }

    /**
     * Folds the positive band-wise increase from {@code previous} to {@code current} (spectral flux, where
     * onsets show) into {@code onsets} (12 values, added to).
     */
    public void foldIncrease(float[] previous, float[] current, float[] onsets) {
        for (int b = 0; b < bandCount; b++) {
            if (used[b]) {
                float v = current[b] - previous[b];
                if (v > 0) {
                    onsets[lowerClass[b]] += lowerWeight[b] * v;
                    onsets[(lowerClass[b] + 1) % PITCH_CLASSES] += (1 - lowerWeight[b]) * v;
                }
            }
        }
    }
}
