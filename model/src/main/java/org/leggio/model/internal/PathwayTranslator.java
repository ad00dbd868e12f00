package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Plain arrays in, plain arrays out: turns an {@link InputBatch} into an n×1×rows×columns tensor
 * in the call's own manager and the pathway's n×d output back into {@code float[n][d]}. Every
 * NDArray lives in {@code ctx.getNDManager()}, which the predictor closes after the call.
 */
final class PathwayTranslator implements NoBatchifyTranslator<InputBatch, float[][]> {
    private final InputTensors tensors;

    PathwayTranslator(InputTensors tensors) {
        this.tensors = tensors;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, InputBatch batch) {
        return new NDList(tensors.create(ctx.getNDManager(), batch));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        return toRows(list.singletonOrThrow());
    }

    /** An n×d array as {@code float[n][d]}. */
    static float[][] toRows(NDArray array) {
        Shape shape = array.getShape();
        int n = Math.toIntExact(shape.get(0));
        int d = Math.toIntExact(shape.get(1));
        float[] flat = array.toFloatArray();
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }
}
