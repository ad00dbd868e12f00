package org.leggio.model.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The supervised objective (PAPER-SPEC §3.3, §4.1) on one batch of pre-CCA codes: the batch CCA
 * layer in training mode, L2 normalisation, and the pairwise ranking hinge loss with all in-batch
 * negatives, sheet anchors against audio ({@code symmetric=False}).
 *
 * <h2>How the batch CCA is differentiated without {@code eigh}</h2>
 * DJL has no differentiable eigendecomposition. The loss only needs the cosine similarities of
 * the CCA outputs, and those do not depend on which whitening is used: with {@code A = H̄₁S₁₁^-½},
 * {@code B = H̄₂S₂₂^-½}, {@code T = S₁₁^-½S₁₂S₂₂^-½ = EΣFᵀ} the outputs are {@code AE} and {@code BF},
 * so their inner products are {@code A(EFᵀ)Bᵀ} with {@code EFᵀ = T(TᵀT)^-½} (the polar factor of T;
 * ucasr's sign alignment is exactly what makes E, F an SVD pair) and their norms are those of the
 * rows of A and B. So the loss needs only inverse square roots of symmetric positive-definite
 * matrices. Each is computed from its value's eigendecomposition in Java (double precision,
 * {@link SymmetricEigen}) as {@code X^-½ = P + V[(Vᵀ(X − X₀)V) ∘ K]Vᵀ}, where {@code X₀} is X's
 * value as a constant, {@code P = X₀^-½} and {@code K_ij = −1 / (√λᵢ√λⱼ(√λᵢ + √λⱼ))}: the term in
 * brackets is zero in value, and its derivative is the Daleckii–Krein derivative of {@code X^-½}.
 * Value and gradient are exact (a test checks both against finite differences); the regulariser
 * {@code r} is added to S₁₁ and S₂₂ as in ucasr; its {@code r_T} on {@code TᵀT} does not change F.
 */
public final class RankingLoss {
    /** Ridge on TᵀT: far below any canonical correlation² a batch of 100+ pairs shows (≈ 1/B). */
    static final double POLAR_RIDGE = 1e-6;

    private final float margin;
    private final double regulariser;
    private final boolean cca;

    /**
     * @param margin hinge margin (0.6 in ucasr, 0.7 in the Lasagne models)
     * @param regulariser r₁ = r₂ = r_T
     * @param cca whether the batch CCA layer is applied (false: the codes are normalised directly)
     */
    public RankingLoss(float margin, double regulariser, boolean cca) {
        this.margin = margin;
        this.regulariser = regulariser;
        this.cca = cca;
    }

    /**
     * The loss, a scalar NDArray in the codes' manager.
     *
     * @param sheet B × d pre-CCA sheet codes (B ≥ 3)
     * @param audio B × d pre-CCA audio codes, row i matching sheet row i
     */
    public NDArray loss(NDArray sheet, NDArray audio) {
        NDArray[] out = cca ? project(sheet, audio) : new NDArray[] {sheet, audio};
        NDArray s = normalise(out[0]).matMul(normalise(out[1]).transpose());
        return hinge(s);
    }

    /** The cosine similarity matrix B × B the loss is computed from (for tests and diagnostics). */
    public NDArray similarities(NDArray sheet, NDArray audio) {
        NDArray[] out = cca ? project(sheet, audio) : new NDArray[] {sheet, audio};
        return normalise(out[0]).matMul(normalise(out[1]).transpose());
    }

    private NDArray[] project(NDArray h1, NDArray h2) {
        long m = h1.getShape().get(0);
        long d = h1.getShape().get(1);
        NDManager manager = h1.getManager();
        NDArray eye = manager.eye(Math.toIntExact(d));
        NDArray c1 = h1.sub(h1.mean(new int[] {0}, true));
        NDArray c2 = h2.sub(h2.mean(new int[] {0}, true));
        NDArray s11 = c1.transpose().matMul(c1).div(m - 1).add(eye.mul(regulariser));
        NDArray s22 = c2.transpose().matMul(c2).div(m - 1).add(eye.mul(regulariser));
        NDArray s12 = c1.transpose().matMul(c2).div(m - 1);
        NDArray w1 = inverseSqrt(s11);
        NDArray w2 = inverseSqrt(s22);
        NDArray t = w1.matMul(s12).matMul(w2);
        // ucasr adds r_T to TᵀT, which leaves its eigenvectors F unchanged: the polar factor is
        // T(TᵀT)^-½ exactly; a tiny ridge only keeps the inverse finite for a rank-deficient T
        NDArray polar = t.matMul(inverseSqrt(t.transpose().matMul(t).add(eye.mul(POLAR_RIDGE))));
        return new NDArray[] {c1.matMul(w1).matMul(polar), c2.matMul(w2)};
    }

    /** {@code X^-½} for symmetric positive-definite X, exact in value and first derivative. */
    static NDArray inverseSqrt(NDArray x) {
        int d = Math.toIntExact(x.getShape().get(0));
        float[] values = x.toFloatArray();
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // symmetrise: float rounding in XᵀX may leave X a hair off symmetric
                m[i][j] = 0.5 * (values[i * d + j] + values[j * d + i]);
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(m);
        double[] lambda = eigen.values();
        double[][] v = eigen.vectors();
        float[] k = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double si = Math.sqrt(Math.max(lambda[i], 1e-30));
                double sj = Math.sqrt(Math.max(lambda[j], 1e-30));
                k[i * d + j] = (float) (-1 / (si * sj * (si + sj)));
            }
        }
        NDManager manager = x.getManager();
        Shape shape = new Shape(d, d);
        NDArray p = manager.create(toFloat(eigen.compose(l -> 1 / Math.sqrt(Math.max(l, 1e-30)))), shape);
        NDArray vv = manager.create(toFloat(v), shape);
        NDArray x0 = manager.create(values, shape);
        NDArray delta = vv.transpose().matMul(x.sub(x0)).matMul(vv).mul(manager.create(k, shape));
        return p.add(vv.matMul(delta).matMul(vv.transpose()));
    }

    private NDArray hinge(NDArray s) {
        long b = s.getShape().get(0);
        NDManager manager = s.getManager();
        NDArray positive = s.diagonal().reshape(b, 1);
        NDArray offDiagonal = manager.ones(new Shape(b, b)).sub(manager.eye(Math.toIntExact(b)));
        NDArray cost = s.sub(positive).add(margin).maximum(0f).mul(offDiagonal);
        return cost.sum().div((float) (b * (b - 1)));
    }

    private static NDArray normalise(NDArray e) {
        return e.div(e.norm(new int[] {1}, true).maximum(1e-12f));
    }

    private static float[] toFloat(double[][] a) {
        int d = a.length;
        float[] out = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) a[i][j];
            }
        }
        return out;
    }

}
