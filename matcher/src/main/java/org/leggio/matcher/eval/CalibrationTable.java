package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reliability table of confidences: predictions (a confidence in [0, 1] and whether the prediction
 * was correct) in {@value #BINS} equal-width bins {@code [0, 0.1), [0.1, 0.2), …, [0.9, 1.0]}, each with
 * its count, mean confidence and accuracy, and the expected calibration error ECE = Σ (n_bin / N) ·
 * |accuracy_bin − mean confidence_bin|. Immutable, thread-safe.
 */
public final class CalibrationTable {
    /** Number of bins. */
    public static final int BINS = 10;

    /**
     * One bin.
     *
     * @param lower lowest confidence in the bin (inclusive)
     * @param upper upper bound (exclusive, but 1.0 belongs to the last bin)
     * @param count predictions in it
     * @param meanConfidence their mean confidence ({@code NaN} if empty)
     * @param accuracy the share of them that were correct ({@code NaN} if empty)
     */
    public record Bin(double lower, double upper, int count, double meanConfidence, double accuracy) {}

    private final List<Bin> bins;
    private final int count;
    private final double expectedCalibrationError;
    private final double accuracy;
    private final double meanConfidence;

    private CalibrationTable(List<Bin> bins, int count, double ece, double accuracy, double meanConfidence) {
        this.bins = List.copyOf(bins);
        this.count = count;
        this.expectedCalibrationError = ece;
        this.accuracy = accuracy;
        this.meanConfidence = meanConfidence;
    }

    /**
     * The table of {@code confidences[i]} with {@code correct[i]}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or a confidence is outside [0, 1] or NaN
     */
    public static CalibrationTable of(double[] confidences, boolean[] correct) {
        if (confidences.length != correct.length) {
            throw new IllegalArgumentException(confidences.length + " confidences but " + correct.length
                    + " outcomes");
        }
        int[] counts = new int[BINS];
        int[] right = new int[BINS];
        double[] sums = new double[BINS];
        int totalRight = 0;
        double totalConfidence = 0;
        for (int i = 0; i < confidences.length; i++) {
            double c = confidences[i];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence " + i + " is " + c + ", outside [0, 1]");
            }
            int b = Math.min(BINS - 1, (int) Math.floor(c * BINS));
            counts[b]++;
            sums[b] += c;
            totalConfidence += c;
            if (correct[i]) {
                right[b]++;
                totalRight++;
            }
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        int n = confidences.length;
        for (int b = 0; b < BINS; b++) {
            double mean = counts[b] == 0 ? Double.NaN : sums[b] / counts[b];
            double acc = counts[b] == 0 ? Double.NaN : right[b] / (double) counts[b];
            bins.add(new Bin(b / (double) BINS, (b + 1) / (double) BINS, counts[b], mean, acc));
            if (counts[b] > 0) {
                ece += counts[b] / (double) n * Math.abs(acc - mean);
            }
        }
        return new CalibrationTable(bins, n, n == 0 ? Double.NaN : ece, n == 0 ? Double.NaN : totalRight / (double) n,
                n == 0 ? Double.NaN : totalConfidence / n);
    }

    /** The bins, lowest confidence first. */
    public List<Bin> bins() {
        return bins;
    }

    /** Number of predictions. */
    public int count() {
        return count;
    }

    /** Share of predictions that were correct ({@code NaN} if none). */
    public double accuracy() {
        return accuracy;
    }

    /** Mean confidence ({@code NaN} if none). */
    public double meanConfidence() {
        return meanConfidence;
    }

    /** ECE, in [0, 1] ({@code NaN} if no predictions). */
    public double expectedCalibrationError() {
        return expectedCalibrationError;
    }

    /** A Markdown table, one row per bin (empty bins show "–"), then the ECE and totals. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder("| confidence | count | mean confidence | accuracy | gap |\n");
        s.append("|---|---:|---:|---:|---:|\n");
        for (Bin b : bins) {
            s.append(String.format(Locale.ROOT, "| [%.1f, %.1f%s | %d | ", b.lower(), b.upper(),
                    b.upper() >= 1 ? "]" : ")", b.count()));
            if (b.count() == 0) {
                s.append("– | – | – |\n");
            } else {
                s.append(String.format(Locale.ROOT, "%.3f | %.3f | %+.3f |%n", b.meanConfidence(), b.accuracy(),
                        b.accuracy() - b.meanConfidence()));
            }
        }
        s.append(String.format(Locale.ROOT, "%nECE %.4f over %d predictions (accuracy %.3f, mean confidence %.3f)%n",
                expectedCalibrationError, count, accuracy, meanConfidence));
        return s.toString();
    }
}
