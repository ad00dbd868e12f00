package org.leggio.model.train.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser step must see the gradient of its own batch only, not a sum over earlier steps:
 * DJL's PyTorch engine accumulates, so the training code clears gradients after every step.
 */
class GradientResetTest {
    @Test
    void theSecondStepSeesOnlyTheSecondBatchsGradient() {
        List<float[]> seen = new ArrayList<>();
        Optimizer recording = new Recording(seen);
        try (Model model = Model.newInstance("grad", Device.cpu())) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(recording))) {
                trainer.initialize(new Shape(1, 3));
                step(trainer, new float[] {1, 2, 3});
                step(trainer, new float[] {10, 20, 30});
            }
        }
        // d(sum(W·x))/dW = x
        assertThat(seen.get(0)).containsExactly(1f, 2f, 3f);
        assertThat(seen.get(1)).containsExactly(10f, 20f, 30f);
    }

    /** Records the gradients it is given and leaves the weights alone. */
    private static final class Recording extends Optimizer {
        private final List<float[]> seen;

        Recording(List<float[]> seen) {
            super(new Builder());
            this.seen = seen;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            seen.add(grad.toFloatArray());
        }

        private static final class Builder extends OptimizerBuilder<Builder> {
            @Override
            protected Builder self() {
                return this;
            }
        }
    }

    static void step(Trainer trainer, float[] x) {
        try (GradientCollector c = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(trainer.getManager().create(x, new Shape(1, 3)))).singletonOrThrow();
            c.backward(out.sum());
        }
        trainer.step();
        Gradients.zero(trainer.getModel().getBlock());
    }
}
