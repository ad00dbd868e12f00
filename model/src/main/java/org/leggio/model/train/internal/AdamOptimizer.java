package org.leggio.model.train.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with PyTorch's semantics (L2 weight decay added to the gradient, bias-corrected moments)
 * whose state — both moments and the step count of every parameter — can be read and restored,
 * so an interrupted training run resumes exactly where it stopped. DJL's own Adam keeps its state
 * private.
 *
 * <p>The moments live in the weight's manager; temporaries of an update are freed by an {@link
 * NDScope}. Called by DJL's {@code Trainer.step()} on the training thread only.
 */
public final class AdamOptimizer extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float weightDecay;
    private volatile float learningRate;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();

    /** A fresh optimizer. */
    public AdamOptimizer(float learningRate, float weightDecay) {
        super(new Builder());
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** The current learning rate. */
    public float learningRate() {
        return learningRate;
    }

    /** Changes the learning rate for later steps (e.g. halving after a plateau). */
    public void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        NDArray m = firstMoments.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray v = secondMoments.computeIfAbsent(parameterId, k -> weight.zerosLike());
        try (NDScope scope = new NDScope()) {
            NDArray g = weightDecay == 0 ? grad.duplicate() : grad.add(weight.mul(weightDecay));
            m.muli(BETA1).addi(g.mul(1 - BETA1));
            v.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            NDArray denominator = v.div((float) c2).sqrt().addi(EPSILON);
            weight.subi(m.mul((float) (learningRate / c1)).divi(denominator));
        }
    }

    /** A snapshot of the state keyed by parameter id: {@code m}, {@code v} as floats, step counts. */
    public State state() {
        Map<String, float[]> m = new HashMap<>();
        Map<String, float[]> v = new HashMap<>();
        firstMoments.forEach((k, a) -> m.put(k, a.toFloatArray()));
        secondMoments.forEach((k, a) -> v.put(k, a.toFloatArray()));
        return new State(m, v, new HashMap<>(steps));
    }

    /**
     * Restores a {@link #state()} for parameters whose weights are given by id (the moments take
     * each weight's shape and manager).
     */
    public void restore(State state, Map<String, NDArray> weightsById) {
        clear();
        state.first().forEach((id, values) -> firstMoments.put(id, create(weightsById, id, values)));
        state.second().forEach((id, values) -> secondMoments.put(id, create(weightsById, id, values)));
        steps.putAll(state.steps());
    }

    /** Forgets all moments (a fresh start). */
    public void clear() {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        steps.clear();
    }

    private static NDArray create(Map<String, NDArray> weightsById, String id, float[] values) {
        NDArray weight = weightsById.get(id);
        if (weight == null) {
            throw new IllegalArgumentException("optimizer state names a parameter the network lacks: " + id);
        }
        NDManager manager = weight.getManager();
        return manager.create(values, weight.getShape());
    }

    /** Moments and step counts by parameter key. */
    public record State(Map<String, float[]> first, Map<String, float[]> second, Map<String, Integer> steps) {}

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
