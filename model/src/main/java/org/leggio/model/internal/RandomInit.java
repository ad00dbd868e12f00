package org.leggio.model.internal;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded initial values for an untrained network, the same on every engine and device: conv and
 * Linear weights ~ U(±√(3 / fan_in)) (ucasr {@code kaiming_uniform_(nonlinearity='linear')}),
 * biases ~ U(±1/√fan_in) (PyTorch's default), BatchNorm γ = 1, β = 0, running mean 0, running
 * variance 1; CCA μ = 0, P = I.
 */
public final class RandomInit {
    private RandomInit() {}

    /** Overwrites every weight and bias of {@code runtime} from {@code seed}. */
    public static void apply(NetworkRuntime runtime, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Parameter> weights = runtime.network().weights().entries();
        for (Map.Entry<String, Parameter> e : weights.entrySet()) {
            Parameter p = e.getValue();
            if (p.getType() == Parameter.Type.WEIGHT) {
                Shape shape = p.getArray().getShape();
                uniform(p, random, Math.sqrt(3.0 / fanIn(shape)));
            } else if (p.getType() == Parameter.Type.BIAS) {
                String weightKey = e.getKey().substring(0, e.getKey().length() - "bias".length()) + "weight";
                Shape weightShape = weights.get(weightKey).getArray().getShape();
                uniform(p, random, 1.0 / Math.sqrt(fanIn(weightShape)));
            }
        }
    }

    private static long fanIn(Shape weightShape) {
        return weightShape.size() / weightShape.get(0);
    }

    private static void uniform(Parameter p, SplittableRandom random, double bound) {
        float[] values = new float[Math.toIntExact(p.getArray().getShape().size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        NetworkRuntime.copyInto(p, values);
    }
}
