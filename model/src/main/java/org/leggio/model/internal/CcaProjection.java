package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The inference form of the CCA layer (PAPER-SPEC §3.3): {@code out = (h − μ) · P} with μ of
 * shape [d] and P of shape [d, d] indexed [input dim, output dim] (ucasr's {@code U} for the sheet
 * pathway, {@code V} for the audio pathway).
 *
 * <p>Both parameters are frozen: they are not trained by gradient descent but estimated from
 * pre-CCA codes after training (the "est_UV" refit). The forward pass uses the stored values in
 * training mode too. A fresh block holds μ = 0 and P = I.
 */
public final class CcaProjection extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int dim;
    private final Parameter mean;
    private final Parameter projection;

    CcaProjection(int dim) {
        super(VERSION);
        this.dim = dim;
        this.mean = addParameter(Parameter.builder()
                .setName("mean")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(dim))
                .optInitializer((manager, shape, dataType) -> manager.zeros(shape, dataType))
                .optRequiresGrad(false)
                .build());
        this.projection = addParameter(Parameter.builder()
                .setName("projection")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(dim, dim))
                .optInitializer((manager, shape, dataType) ->
                        manager.eye(Math.toIntExact(shape.get(0))).toType(dataType, false))
                .optRequiresGrad(false)
                .build());
    }

    /** μ, shape [d]. */
    public Parameter mean() {
        return mean;
    }

    /** P, shape [d, d], indexed [input dim, output dim]. */
    public Parameter projection() {
        return projection;
    }

    /** d. */
    public int dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = inputs.singletonOrThrow();
        NDArray mu = parameterStore.getValue(mean, h.getDevice(), training);
        NDArray p = parameterStore.getValue(projection, h.getDevice(), training);
        return new NDList(h.sub(mu).matMul(p));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }
}
