package org.leggio.model.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {
    @Test
    void firstStepMovesEachWeightByTheLearningRateAgainstItsGradientsSign() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f});
            new AdamOptimizer(0.1f, 0f).update("w", w, m.create(new float[] {0.5f, -1f}));
            assertThat(w.toFloatArray()[0]).isCloseTo(0.9f, within(1e-6f));
            assertThat(w.toFloatArray()[1]).isCloseTo(2.1f, within(1e-6f));
        }
    }

    @Test
    void secondStepFollowsPytorchsBiasCorrectedMomentsWithL2Decay() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            AdamOptimizer adam = new AdamOptimizer(0.01f, 0.1f);
            adam.update("w", w, m.create(new float[] {0.2f}));
            adam.update("w", w, m.create(new float[] {-0.4f}));
            // by hand: g1 = 0.2 + 0.1·1, w1 = 1 − 0.01; g2 = −0.4 + 0.1·w1
            double w1 = 1 - 0.01;
            double g1 = 0.3;
            double g2 = -0.4 + 0.1 * w1;
            double mm = 0.1 * g1 * 0.9 + 0.1 * g2;
            double vv = 0.001 * g1 * g1 * 0.999 + 0.001 * g2 * g2;
            double want = w1 - 0.01 * (mm / (1 - 0.81)) / (Math.sqrt(vv / (1 - 0.999 * 0.999)) + 1e-8);
            assertThat((double) w.toFloatArray()[0]).isCloseTo(want, within(1e-6));
        }
    }

    @Test
    void restoredStateGivesTheSameNextUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1f, -1f, 3f});
            AdamOptimizer original = new AdamOptimizer(0.05f, 1e-3f);
            original.update("p", a, m.create(new float[] {0.3f, 0.1f, -0.2f}));
            original.update("p", a, m.create(new float[] {0.1f, -0.5f, 0.2f}));
            NDArray b = m.create(a.toFloatArray());
            AdamOptimizer restored = new AdamOptimizer(0.05f, 1e-3f);
            restored.restore(original.state(), Map.of("p", b));
            original.update("p", a, m.create(new float[] {-0.2f, 0.4f, 0.1f}));
            restored.update("p", b, m.create(new float[] {-0.2f, 0.4f, 0.1f}));
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
        }
    }
}
