package org.leggio.model.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Gradient bookkeeping DJL leaves to the caller: with the PyTorch engine, {@code backward} adds
 * into each parameter's gradient and neither the gradient collector nor {@code Trainer.step()}
 * clears it, so without {@link #zero} every step would apply the sum of all earlier gradients
 * (GradientResetTest shows it).
 */
public final class Gradients {
    private Gradients() {}

    /** Sets the gradient of every trainable parameter of {@code block} to zero, in place. */
    public static void zero(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().requiresGradient() && array.hasGradient()) {
                try (NDArray g = array.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }
}
