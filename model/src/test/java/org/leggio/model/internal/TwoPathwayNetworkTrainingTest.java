package org.leggio.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.leggio.model.NetworkSpec;

/** The network trains with DJL's training API as it is (BN batch statistics, pooling backward). */
class TwoPathwayNetworkTrainingTest {
    /** 1 − mean cosine of matching pairs: enough to get gradients everywhere. */
    private static final class CosineLoss extends Loss {
        CosineLoss() {
            super("cosine");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            return predictions.get(0).mul(predictions.get(1)).sum(new int[] {1}).mean().neg().add(1f);
        }
    }

    @Test
    void shouldTakeATrainingStepWithDjlsTrainer() {
        NetworkSpec spec = new NetworkSpec(42, true, 32);
        TwoPathwayNetwork network = new TwoPathwayNetwork(spec);
        try (Model model = Model.newInstance("train-smoke", Device.cpu())) {
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new CosineLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(TwoPathwayNetwork.sheetInputShape(4), network.audioInputShape(4));
                NDManager m = trainer.getManager();
                NDArray sheet = m.randomUniform(0, 1, new Shape(4, 1, 80, 100));
                NDArray audio = m.randomUniform(0, 2, new Shape(4, 1, 92, 42));
                Parameter conv = network.weights().get("y_net.encoder.block1.conv1.weight");
                Parameter attention = network.weights().get("att_layer.conv.weight");
                Parameter runningMean = network.weights().get("x_net.encoder.block1.bn1.running_mean");
                float[] convBefore = conv.getArray().toFloatArray();
                float[] attentionBefore = attention.getArray().toFloatArray();
                float[] meanBefore = runningMean.getArray().toFloatArray();
                float[] ccaBefore = network.sheet().cca().projection().getArray().toFloatArray();

                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(sheet, audio));
                    assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 32));
                    assertThat(out.get(1).getShape()).isEqualTo(new Shape(4, 32));
                    collector.backward(new CosineLoss().evaluate(new NDList(), out));
                }
                trainer.step();

                assertThat(conv.getArray().toFloatArray()).isNotEqualTo(convBefore);
                assertThat(attention.getArray().toFloatArray()).isNotEqualTo(attentionBefore);
                assertThat(runningMean.getArray().toFloatArray()).isNotEqualTo(meanBefore);
                assertThat(network.sheet().cca().projection().getArray().toFloatArray()).isEqualTo(ccaBefore);
            }
        }
    }
}
