package org.leggio.model.train.internal;

/**
 * Eigendecomposition of a small real symmetric matrix by cyclic Jacobi rotations, in double
 * precision: {@code A = V · diag(λ) · Vᵀ} with the eigenvalues ascending (as numpy's {@code eigh})
 * and the eigenvectors as the columns of V. Meant for the 32 × 32 matrices of the CCA layer, where
 * it takes well under a millisecond.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes {@code matrix} (n × n, symmetric; only its values are read, it is not changed).
     *
     * @throws IllegalArgumentException when the matrix is not square or holds a non-finite value
     */
    public static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix must be square but row " + i + " has "
                        + matrix[i].length + " columns for " + n + " rows");
            }
            for (double v : matrix[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix holds a non-finite value in row " + i);
                }
            }
            a[i] = matrix[i].clone();
        }
        double[][] v = identity(n);
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a) > 1e-22 * Math.max(1e-300, diagonal(a)); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(a, v, p, q);
                }
            }
        }
        return sorted(a, v);
    }

    /** Eigenvalues, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvector {@code k} is column {@code k}: {@code vectors()[i][k]}. */
    public double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    /** {@code V · diag(f(λ)) · Vᵀ}, e.g. the inverse square root with {@code f = λ^-½}. */
    public double[][] compose(java.util.function.DoubleUnaryOperator f) {
        int n = values.length;
        double[] fv = new double[n];
        for (int k = 0; k < n; k++) {
            fv[k] = f.applyAsDouble(values[k]);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i][k] * fv[k] * vectors[j][k];
                }
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        return out;
    }

    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double apq = a[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (a[q][q] - a[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    s += a[i][j] * a[i][j];
                }
            }
        }
        return s;
    }

    private static double diagonal(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i][i] * a[i][i];
        }
        return s;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static SymmetricEigen sorted(double[][] a, double[][] v) {
        int n = a.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[x][x], a[y][y]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k]][order[k]];
            for (int i = 0; i < n; i++) {
                vectors[i][k] = v[i][order[k]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }
}
