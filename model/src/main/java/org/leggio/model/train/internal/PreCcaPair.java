package org.leggio.model.train.internal;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.leggio.model.internal.TwoPathwayNetwork;

/**
 * The block a training run hands to DJL's {@code Trainer}: both pathways up to their pre-CCA codes,
 * input {@code NDList(sheet N×1×80×100, audio N×1×92×T)}, output {@code NDList(h₁ N×d, h₂ N×d)}.
 * The CCA layer is applied by the loss ({@link RankingLoss}), as ucasr's training mode does.
 */
public final class PreCcaPair extends AbstractBlock {
    private static final byte VERSION = 1;
    private final TwoPathwayNetwork network;

    /** Wraps {@code network} (its parameters become this block's). */
    public PreCcaPair(TwoPathwayNetwork network) {
        super(VERSION);
        this.network = addChildBlock("net", network);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(
                network.sheet().preCca(parameterStore, inputs.get(0), training),
                network.audio().preCca(parameterStore, inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int d = network.spec().embeddingDim();
        return new Shape[] {new Shape(inputShapes[0].get(0), d), new Shape(inputShapes[1].get(0), d)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
    }
}
