package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The soft-attention branch of the audio pathway (PAPER-SPEC §3.2; ucasr {@code AttentionBlock}):
 * its own conv stack (24/48/96/96, not shared with the encoder) → conv1×1 96 → T with bias →
 * global average pool → softmax over the T frames → {@code y'[f, t] = y[f, t] · a[t] · T}.
 *
 * <p>Input and output N×1×92×T; the weights are registered as {@code att_layer.*}.
 */
public final class SoftAttention extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int frames;
    private final SequentialBlock stack;
    private final Conv2d conv;

    SoftAttention(int frames, ParameterTable table) {
        super(VERSION);
        this.frames = frames;
        this.stack = addChildBlock("stack", EncoderBlocks.convStack("att_layer", table));
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(frames)
                .optBias(true)
                .build());
        table.put("att_layer.conv.weight", conv.getParameters().get("weight"));
        table.put("att_layer.conv.bias", conv.getParameters().get("bias"));
    }

    /**
     * The attention weights, N×T, each row a softmax over the frames (sums to 1).
     *
     * @param spectrogram N×1×92×T
     */
    public NDArray weights(ParameterStore parameterStore, NDArray spectrogram, boolean training) {
        NDList h = stack.forward(parameterStore, new NDList(spectrogram), training);
        h = conv.forward(parameterStore, h, training);
        NDArray maps = h.singletonOrThrow(); // N×T×H'×W'
        // global average pool (libtorch's mean takes one axis at a time here)
        return maps.reshape(maps.getShape().get(0), frames, -1).mean(new int[] {2}).softmax(1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = inputs.singletonOrThrow();
        NDArray a = weights(parameterStore, y, training);
        NDArray scale = a.reshape(a.getShape().get(0), 1, 1, frames);
        // ucasr: torch.mul(y, att) * y.shape[-1]
        return new NDList(y.mul(scale).mul(frames));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stack.initialize(manager, dataType, inputShapes[0]);
        conv.initialize(manager, dataType, stack.getOutputShapes(new Shape[] {inputShapes[0]})[0]);
    }
}
