package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free convolution (stride 1, zero padding {@code k/2}) followed by BatchNorm, as two
 * ordinary DJL child blocks (trainable as they are).
 *
 * <p>For inference the pair can be {@linkplain #fuse fused}: BN in eval mode is a per-channel
 * affine map, so {@code BN(conv(x, W)) = conv(x, W·s) + (β − μ·s)} with {@code s = γ/√(σ² + ε)}.
 * That saves one full pass over every activation (about 10 % of the forward pass on a CPU). The
 * fused weights are a snapshot: they are used only when {@code training} is false and only after
 * {@link #fuse} was called, and must be {@linkplain #unfuse dropped} if the parameters change.
 * Networks that are trained never call {@link #fuse}.
 */
public final class ConvBatchNorm extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Conv2d conv;
    private final BatchNorm batchNorm;
    private final float epsilon;
    private final Shape padding;
    private volatile NDArray fusedWeight;
    private volatile NDArray fusedBias;

    ConvBatchNorm(Conv2d conv, BatchNorm batchNorm, float epsilon, int kernel) {
        super(VERSION);
        this.conv = addChildBlock("conv", conv);
        this.batchNorm = addChildBlock("bn", batchNorm);
        this.epsilon = epsilon;
        this.padding = new Shape(kernel / 2, kernel / 2);
    }

    /** Precomputes the fused weight and bias into {@code manager} (which then owns them). */
    void fuse(NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            // copies in the scratch manager, so every intermediate is freed with it
            NDArray weight = copy(conv.getParameters().get("weight").getArray(), scratch);
            NDArray gamma = copy(batchNorm.getParameters().get("gamma").getArray(), scratch);
            NDArray beta = copy(batchNorm.getParameters().get("beta").getArray(), scratch);
            NDArray mean = copy(batchNorm.getParameters().get("runningMean").getArray(), scratch);
            NDArray var = copy(batchNorm.getParameters().get("runningVar").getArray(), scratch);
            NDArray scale = gamma.div(var.add(epsilon).sqrt());
            NDArray w = weight.mul(scale.reshape(-1, 1, 1, 1));
            NDArray b = beta.sub(mean.mul(scale));
            w.attach(manager);
            b.attach(manager);
            unfuse();
            fusedBias = b;
            fusedWeight = w;
        }
    }

    private static NDArray copy(NDArray array, NDManager manager) {
        return manager.create(array.toFloatArray(), array.getShape());
    }

    /** Drops the fused snapshot; the block runs conv then BN again. */
    void unfuse() {
        NDArray w = fusedWeight;
        NDArray b = fusedBias;
        fusedWeight = null;
        fusedBias = null;
        if (w != null) {
            w.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray w = fusedWeight;
        NDArray b = fusedBias;
        if (!training && w != null && b != null) {
            NDArray x = inputs.singletonOrThrow();
            return Conv2d.conv2d(x, w, b, new Shape(1, 1), padding, new Shape(1, 1), 1);
        }
        NDList h = conv.forward(parameterStore, inputs, training, params);
        return batchNorm.forward(parameterStore, h, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        batchNorm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
