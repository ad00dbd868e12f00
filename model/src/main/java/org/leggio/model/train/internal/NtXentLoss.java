package org.leggio.model.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;

/**
 * The NT-Xent (SimCLR) loss of contrastive pre-training (PAPER-SPEC §4.3; ucasr {@code
 * nt_xent_loss}): for the stacked, L2-normalised views {@code Z = [z₁; z₂]} (2N × d), {@code L =
 * −mean_k log(exp(z_k·z_k'/τ) / Σ_{l≠k} exp(z_k·z_l/τ))}, k' being k's other view. The
 * denominator includes the positive, as in ucasr.
 */
public final class NtXentLoss {
    private final float temperature;

    /** @param temperature τ (ucasr: 0.6 audio, 0.5 score) */
    public NtXentLoss(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0 but was " + temperature);
        }
        this.temperature = temperature;
    }

    /** The loss, a scalar in the views' manager; {@code first}, {@code second} are N × d, not normalised. */
    public NDArray loss(NDArray first, NDArray second) {
        NDArray z1 = normalise(first);
        NDArray z2 = normalise(second);
        NDArray z = NDArrays.concat(new ai.djl.ndarray.NDList(z1, z2), 0);
        long n2 = z.getShape().get(0);
        NDManager manager = z.getManager();
        NDArray notSelf = manager.ones(new ai.djl.ndarray.types.Shape(n2, n2)).sub(manager.eye(Math.toIntExact(n2)));
        // |z_k · z_l| ≤ 1, so exp(·/τ) can't overflow for any sensible τ
        NDArray negatives = z.matMul(z.transpose()).div(temperature).exp().mul(notSelf).sum(new int[] {1});
        NDArray positive = z1.mul(z2).sum(new int[] {1}).div(temperature);
        NDArray positives = NDArrays.concat(new ai.djl.ndarray.NDList(positive, positive), 0);
        return negatives.log().sub(positives).mean();
    }

    private static NDArray normalise(NDArray e) {
        return e.div(e.norm(new int[] {1}, true).maximum(1e-12f));
    }
}
