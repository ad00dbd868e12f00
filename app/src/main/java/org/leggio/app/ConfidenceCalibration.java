package org.leggio.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leggio.matcher.eval.CalibrationTable;
import org.leggio.matcher.eval.TruthEvent;
import org.leggio.matcher.session.ConfidenceMap;
import org.leggio.matcher.session.TrackedPosition;

/**
 * Whether the reported confidence means what it says: every following step's confidence against
 * whether its position was right (within 1 beat of the truth at that time), as a calibration table, with
 * the session's own confidence (before {@link ConfidenceMap}) beside it; a Platt fit of the own confidence to
 * that outcome (done on validation performances, it becomes {@link ConfidenceMap#DEFAULT}), and a logistic fit
 * of the follower's two confidence inputs (its weights are the defaults of {@code FollowerConfig}).
 */
final class ConfidenceCalibration {
    private final ConfidenceMap map;
    private final List<double[]> features = new ArrayList<>();
    private final List<Boolean> correct = new ArrayList<>();
    private final List<Double> confidence = new ArrayList<>();

    /** @param map how the sessions evaluated report their own confidence */
    ConfidenceCalibration(ConfidenceMap map) {
        this.map = map;
    }

    void add(List<TruthEvent> truth, List<TrackedPosition> positions) {
        if (truth.size() < 2) {
            return;
        }
        int e = 0;
        for (TrackedPosition p : positions) {
            double t = p.timeSeconds();
            if (p.evidence() == null || p.place() == null || t < truth.get(0).timeSeconds()
                    || t > truth.get(truth.size() - 1).timeSeconds()) {
                continue;
            }
            while (e + 1 < truth.size() && truth.get(e + 1).timeSeconds() <= t) {
                e++;
            }
            TruthEvent a = truth.get(e);
            TruthEvent b = truth.get(Math.min(truth.size() - 1, e + 1));
            double f = b.timeSeconds() > a.timeSeconds() ? (t - a.timeSeconds()) / (b.timeSeconds() - a.timeSeconds()) : 0;
            double trueBeat = a.scoreBeat() + f * (b.scoreBeat() - a.scoreBeat());
            features.add(new double[] {1, p.evidence().recentSimilarity(), p.evidence().recentContrast()});
            correct.add(Math.abs(p.place().scoreBeats() - trueBeat) <= 1);
            confidence.add((double) p.confidence());
        }
    }

    /** Logistic regression of correctness on [1, similarity, contrast]. */
    double[] fit() {
        return fit(features);
    }

    /** Platt scaling: logistic regression of correctness on [1, logit(own confidence)]. */
    double[] plattFit() {
        List<double[]> logOdds = new ArrayList<>(confidence.size());
        for (double reported : confidence) {
            double own = Math.min(1 - 1e-6, Math.max(1e-6, map.invert(reported)));
            logOdds.add(new double[] {1, Math.log(own / (1 - own))});
        }
        return fit(logOdds);
    }

    /** Logistic regression (Newton's method) of correctness on the rows {@code x}. */
    private double[] fit(List<double[]> rows) {
        int n = rows.isEmpty() ? 1 : rows.get(0).length;
        double[] w = new double[n];
        for (int iteration = 0; iteration < 25; iteration++) {
            double[] gradient = new double[n];
            double[][] hessian = new double[n][n];
            for (int i = 0; i < rows.size(); i++) {
                double[] x = rows.get(i);
                double z = 0;
                for (int a = 0; a < n; a++) {
                    z += w[a] * x[a];
                }
                double p = 1 / (1 + Math.exp(-z));
                double y = correct.get(i) ? 1 : 0;
                for (int a = 0; a < n; a++) {
                    gradient[a] += (y - p) * x[a];
                    for (int b = 0; b < n; b++) {
                        hessian[a][b] += p * (1 - p) * x[a] * x[b] + (a == b ? 1e-6 : 0);
                    }
                }
            }
            double[] step = solve(hessian, gradient);
            for (int a = 0; a < n; a++) {
                w[a] += step[a];
            }
        }
        return w;
    }

    private static double[] solve(double[][] m, double[] v) {
        int n = v.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = v[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] swap = a[c];
            a[c] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != c && a[c][c] != 0) {
                    double factor = a[r][c] / a[c][c];
                    for (int k = c; k <= n; k++) {
                        a[r][k] -= factor * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
        }
        return x;
    }

    String markdown() {
        double[] conf = confidence.stream().mapToDouble(Double::doubleValue).toArray();
        double[] own = confidence.stream().mapToDouble(map::invert).toArray();
        boolean[] right = new boolean[correct.size()];
        for (int i = 0; i < right.length; i++) {
            right[i] = correct.get(i);
        }
        CalibrationTable table = CalibrationTable.of(conf, right);
        CalibrationTable ownTable = CalibrationTable.of(own, right);
        double[] w = fit();
        double[] platt = plattFit();
        return String.format(Locale.ROOT, "Confidence vs. being within 1 beat, %d following steps (expected calibration error %.3f):%n%n%s%n"
                + "The session's own confidence, before the reported confidence's map (bias %.3f, slope %.3f): expected calibration error %.3f%n%n%s%n"
                + "Platt fit of the own confidence on these steps (a reported-confidence map): bias %.3f, slope %.3f%n"
                + "Logistic fit of the confidence inputs on these steps: bias %.3f, similarity weight %.3f, contrast weight %.3f%n",
                conf.length, table.expectedCalibrationError(), table.toMarkdown(), map.bias(), map.slope(),
                ownTable.expectedCalibrationError(), ownTable.toMarkdown(), platt[0], platt[1], w[0], w[1], w[2]);
    }
}
