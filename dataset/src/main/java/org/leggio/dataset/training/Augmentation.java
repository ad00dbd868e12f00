package org.leggio.dataset.training;

/**
 * How {@link PairSampler} perturbs each training pair (PAPER-SPEC §4.4 "full_aug", plus the
 * noise and blur of ucasr's score augmentation). Every random value is drawn per pair, uniformly.
 *
 * <ul>
 *   <li>Audio: the onset moves by an integer in {@code [−onsetJitterFrames, +onsetJitterFrames]};
 *       then the window is resampled along time at a rate {@code r ∈ [tempoMin, tempoMax]}: output
 *       frame {@code j} reads source frame {@code onset + r · (j − a)} by linear interpolation, where
 *       {@code a} is the onset's place in the window ({@code T/2} centred, {@code T − 1} causal), so
 *       {@code r · T} source frames are squeezed into {@code T} around the onset ({@code r > 1}
 *       sounds faster; {@code r = 1} is the plain cut).</li>
 *   <li>Sheet: the 160 × 200 px crop moves by an integer in {@code [−verticalShiftPx,
 *       +verticalShiftPx]} rows (full resolution) and is scaled by {@code s ∈ [scaleMin, scaleMax]}
 *       around the notehead column and the strip's centre row (nearest neighbour: crop offset
 *       {@code u} reads offset {@code ⌊(u + ½) / s⌋}); after halving to 80 × 100 it is blurred
 *       (3 × 3 box, edges replicated) with probability {@code blurProbability}, then gets additive
 *       gaussian noise of standard deviation {@code noiseStd} (values clipped to [0, 1]) with
 *       probability {@code noiseProbability}.</li>
 * </ul>
 *
 * @param onsetJitterFrames maximal onset shift, 20 fps frames, ≥ 0
 * @param verticalShiftPx maximal vertical crop shift, px of the full-resolution strip, 0..20
 * @param scaleMin smallest sheet scale factor, &gt; 0
 * @param scaleMax largest sheet scale factor, ≥ scaleMin
 * @param tempoMin smallest time-resampling rate, &gt; 0
 * @param tempoMax largest time-resampling rate, ≥ tempoMin
 * @param noiseStd standard deviation of the sheet noise, in units of the 0..1 sheet values, ≥ 0
 * @param noiseProbability chance that a snippet gets noise, 0..1
 * @param blurProbability chance that a snippet is blurred, 0..1
 */
public record Augmentation(int onsetJitterFrames, int verticalShiftPx, double scaleMin, double scaleMax,
        double tempoMin, double tempoMax, double noiseStd, double noiseProbability, double blurProbability) {
    /** Largest allowed {@link #verticalShiftPx}: a 200-row strip keeps 20 rows above and below the crop. */
    public static final int MAX_VERTICAL_SHIFT_PX = 20;

    /** Validates the ranges. */
    public Augmentation {
        if (onsetJitterFrames < 0) {
            throw new IllegalArgumentException("onsetJitterFrames must be ≥ 0 but was " + onsetJitterFrames);
        }
        if (verticalShiftPx < 0 || verticalShiftPx > MAX_VERTICAL_SHIFT_PX) {
            throw new IllegalArgumentException("verticalShiftPx must be in 0.." + MAX_VERTICAL_SHIFT_PX + " but was "
                    + verticalShiftPx);
        }
        range("scale", scaleMin, scaleMax);
        range("tempo", tempoMin, tempoMax);
        if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
            throw new IllegalArgumentException("noiseStd must be finite and ≥ 0 but was " + noiseStd);
        }
        probability("noiseProbability", noiseProbability);
        probability("blurProbability", blurProbability);
    }

    /** No augmentation: every pair is the plain cut ({@code SheetSnippets.cut}, {@code AudioWindow.cut}). */
    public static Augmentation none() {
        return new Augmentation(0, 0, 1, 1, 1, 1, 0, 0, 0);
    }

    /**
     * The published supervised augmentation (PAPER-SPEC §4.4 "full_aug"): onset ±1 frame, vertical
     * shift ±5 px, scale 0.95–1.05, tempo 0.9–1.1; no image noise or blur.
     */
    public static Augmentation published() {
        return new Augmentation(1, 5, 0.95, 1.05, 0.9, 1.1, 0, 0, 0);
    }

    /**
     * Leggio's default: the published augmentation plus light image noise (σ 0.02) and blur, each
     * on one snippet in ten. Light on purpose: with both on every snippet the published network's
     * validation MRR drops from 0.55 to 0.22 (audio → sheet), far more damage than real scans do.
     */
    public static Augmentation standard() {
        return new Augmentation(1, 5, 0.95, 1.05, 0.9, 1.1, 0.02, 0.1, 0.1);
    }

    /** Whether this changes nothing (the plain cut). */
    public boolean isNone() {
        return onsetJitterFrames == 0 && verticalShiftPx == 0 && scaleMin == 1 && scaleMax == 1 && tempoMin == 1
                && tempoMax == 1 && (noiseStd == 0 || noiseProbability == 0) && blurProbability == 0;
    }

    private static void range(String name, double min, double max) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(name + " range must satisfy 0 < " + name + "Min ≤ " + name
                    + "Max < ∞ but was [" + min + ", " + max + "]");
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] but was " + p);
        }
    }
}
