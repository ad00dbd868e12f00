package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pathway of the network: [soft attention →] encoder → CCA projection → L2 normalisation.
 * Input N×1×H×W, output N×d unit vectors.
 */
public final class Pathway extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Floor of the norm in the L2 normalisation (as {@code F.normalize}). */
    static final float NORM_EPSILON = 1e-12f;

    private final SoftAttention attention;
    private final SequentialBlock encoder;
    private final CcaProjection cca;

    Pathway(SoftAttention attention, SequentialBlock encoder, CcaProjection cca) {
        super(VERSION);
        this.attention = attention == null ? null : addChildBlock("attention", attention);
        this.encoder = addChildBlock("encoder", encoder);
        this.cca = addChildBlock("cca", cca);
    }

    /** The CCA projection of this pathway. */
    public CcaProjection cca() {
        return cca;
    }

    /**
     * The encoder's blocks up to the flattened convolutional features (conv stack, conv1×1 + BN,
     * flatten), in order, without the final Linear layer: what contrastive pre-training trains
     * under its own projection head.
     */
    public java.util.List<ai.djl.nn.Block> convolutionalPart() {
        java.util.List<ai.djl.nn.Block> all = encoder.getChildren().values();
        return all.subList(0, all.size() - 1);
    }

    /** The attention branch, or {@code null} when the pathway has none. */
    public SoftAttention attention() {
        return attention;
    }

    /** The pre-CCA code, N×d: the output of the Linear layer. */
    public NDArray preCca(ParameterStore parameterStore, NDArray x, boolean training) {
        NDList in = new NDList(x);
        if (attention != null) {
            in = attention.forward(parameterStore, in, training);
        }
        return encoder.forward(parameterStore, in, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = preCca(parameterStore, inputs.singletonOrThrow(), training);
        NDArray e = cca.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        return new NDList(l2Normalize(e));
    }

    /** Rows divided by max(‖row‖₂, 1e-12). */
    static NDArray l2Normalize(NDArray e) {
        return e.div(e.norm(new int[] {1}, true).maximum(NORM_EPSILON));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), cca.dim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        if (attention != null) {
            attention.initialize(manager, dataType, shape);
        }
        encoder.initialize(manager, dataType, shape);
        cca.initialize(manager, dataType, encoder.getOutputShapes(new Shape[] {shape}));
    }
}
