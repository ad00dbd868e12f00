package org.leggio.model.train;

import org.leggio.model.train.internal.SymmetricEigen;

/**
 * Running first and second moments of paired pre-CCA codes (sheet {@code h₁}, audio {@code h₂},
 * d-dimensional each), from which the CCA layer's means and projections are estimated
 * ({@link #solve}, PAPER-SPEC §3.3).
 *
 * <p>Two uses: the "est_UV" refit, which adds the codes of 25,000 training pairs once and solves;
 * and, during training, an exponential moving average over recent batches ({@link #decay} before
 * each {@link #add}), which gives the validation passes a CCA layer estimated from far more pairs
 * than one batch. Sums are kept in double precision. Not thread-safe.
 */
public final class CcaStatistics {
    /** The regulariser r₁ = r₂ = r_T of the published layer. */
    public static final double DEFAULT_REGULARISER = 1e-3;

    private final int dim;
    private double weight;
    private final double[] sum1;
    private final double[] sum2;
    private final double[][] sum11;
    private final double[][] sum22;
    private final double[][] sum12;

    /** Empty statistics for {@code dim}-dimensional codes. */
    public CcaStatistics(int dim) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dim must be > 0 but was " + dim);
        }
        this.dim = dim;
        this.sum1 = new double[dim];
        this.sum2 = new double[dim];
        this.sum11 = new double[dim][dim];
        this.sum22 = new double[dim][dim];
        this.sum12 = new double[dim][dim];
    }

    /** Code size d. */
    public int dim() {
        return dim;
    }

    /** The (possibly decayed) number of pairs the statistics hold. */
    public double weight() {
        return weight;
    }

    /** Multiplies every sum by {@code factor} in (0, 1]: older pairs count less. */
    public void decay(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("decay factor must be in (0, 1] but was " + factor);
        }
        weight *= factor;
        for (int i = 0; i < dim; i++) {
            sum1[i] *= factor;
            sum2[i] *= factor;
            for (int j = 0; j < dim; j++) {
                sum11[i][j] *= factor;
                sum22[i][j] *= factor;
                sum12[i][j] *= factor;
            }
        }
    }

    /**
     * Adds {@code n} pairs given as flat row-major arrays {@code [n·d]}: {@code sheet[i·d + k]} is
     * component k of pair i's sheet code.
     */
    public void add(float[] sheet, float[] audio, int n) {
        if (sheet.length != n * dim || audio.length != n * dim) {
            throw new IllegalArgumentException("expected " + n + " × " + dim + " codes but got "
                    + sheet.length + " and " + audio.length + " values");
        }
        for (int p = 0; p < n; p++) {
            int o = p * dim;
            for (int i = 0; i < dim; i++) {
                double a = sheet[o + i];
                double b = audio[o + i];
                sum1[i] += a;
                sum2[i] += b;
                double[] r11 = sum11[i];
                double[] r22 = sum22[i];
                double[] r12 = sum12[i];
                for (int j = 0; j < dim; j++) {
                    r11[j] += a * sheet[o + j];
                    r22[j] += b * audio[o + j];
                    r12[j] += a * audio[o + j];
                }
            }
        }
        weight += n;
    }

    /** {@link #solve(double)} with the published regulariser 1e-3. */
    public CcaSolution solve() {
        return solve(DEFAULT_REGULARISER);
    }

    /**
     * Estimates the CCA layer exactly as ucasr's {@code CCALayer}/{@code CCARefine}: means,
     * regularised covariances (divided by n − 1), {@code U = S₁₁^-½ E}, {@code V = S₂₂^-½ F} with E,
     * F the eigenvectors (ascending) of {@code TTᵀ + rI} and {@code TᵀT + rI}, {@code T = S₁₁^-½ S₁₂
     * S₂₂^-½}, and U's columns sign-aligned so that {@code diag(Uᵀ S₁₂ V) ≥ 0}.
     *
     * @throws IllegalStateException with fewer than two pairs
     */
    public CcaSolution solve(double regulariser) {
        if (weight < 2) {
            throw new IllegalStateException("the CCA needs at least 2 pairs but has " + weight);
        }
        double[] mean1 = scale(sum1, 1 / weight);
        double[] mean2 = scale(sum2, 1 / weight);
        double[][] s11 = covariance(sum11, mean1, mean1, regulariser);
        double[][] s22 = covariance(sum22, mean2, mean2, regulariser);
        double[][] s12 = covariance(sum12, mean1, mean2, 0);
        double[][] w1 = SymmetricEigen.of(s11).compose(l -> 1 / Math.sqrt(l));
        double[][] w2 = SymmetricEigen.of(s22).compose(l -> 1 / Math.sqrt(l));
        double[][] t = multiply(multiply(w1, s12), w2);
        double[][] e = SymmetricEigen.of(addIdentity(multiply(t, transpose(t)), regulariser)).vectors();
        double[][] f = SymmetricEigen.of(addIdentity(multiply(transpose(t), t), regulariser)).vectors();
        double[][] u = multiply(w1, e);
        double[][] v = multiply(w2, f);
        double[][] d = multiply(multiply(transpose(u), s12), v);
        for (int k = 0; k < dim; k++) {
            if (d[k][k] < 0) {
                for (int i = 0; i < dim; i++) {
                    u[i][k] = -u[i][k];
                }
            }
        }
        return new CcaSolution(toFloat(mean1), toFloat(u), toFloat(mean2), toFloat(v));
    }

    private double[][] covariance(double[][] sum, double[] ma, double[] mb, double regulariser) {
        double[][] c = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                c[i][j] = (sum[i][j] - weight * ma[i] * mb[j]) / (weight - 1);
            }
            c[i][i] += regulariser;
        }
        return c;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int k = b.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double ail = a[i][l];
                for (int j = 0; j < m; j++) {
                    out[i][j] += ail * b[l][j];
                }
            }
        }
        return out;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] addIdentity(double[][] a, double r) {
        for (int i = 0; i < a.length; i++) {
            a[i][i] += r;
        }
        return a;
    }

    private static double[] scale(double[] a, double f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * f;
        }
        return out;
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    private static float[][] toFloat(double[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = toFloat(a[i]);
        }
        return out;
    }
}
