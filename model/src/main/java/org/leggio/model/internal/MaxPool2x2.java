package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Max pooling 2×2, stride 2, no padding, floor (an odd last row or column is dropped) on N×C×H×W:
 * exactly {@code Pool.maxPool2d(x, 2×2, stride 2, pad 0, ceil false)}, computed as the elementwise
 * maximum of the four stride-2 views {@code x[…, i::2, j::2]}.
 *
 * <p>Why: libtorch's NCHW max-pool CPU kernel is 4–6× slower than three elementwise maxima on
 * strided views (13 ms vs 2.2 ms for 16×24×92×84 on a 2-core machine), and the pools took about a
 * quarter of the forward pass. The values are the same bit for bit; gradients flow through the
 * views (ties split the gradient instead of picking one element, which does not matter for
 * training).
 */
public final class MaxPool2x2 extends AbstractBlock {
    private static final byte VERSION = 1;

    private static final Shape WINDOW = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    MaxPool2x2() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // the strided-view trick is for inference only: its backward goes through libtorch's
        // indexing gradient, which made training steps several times slower than the native pool
        return new NDList(training ? Pool.maxPool2d(x, WINDOW, WINDOW, NO_PADDING, false) : pool(x));
    }

    /** The pooled array, N×C×⌊H/2⌋×⌊W/2⌋. */
    static NDArray pool(NDArray x) {
        Shape shape = x.getShape();
        long h = shape.get(2) / 2;
        long w = shape.get(3) / 2;
        NDArray a = x.get(view(0, 0, h, w));
        NDArray b = x.get(view(0, 1, h, w));
        NDArray c = x.get(view(1, 0, h, w));
        NDArray d = x.get(view(1, 1, h, w));
        NDArray ab = a.maximum(b);
        NDArray cd = c.maximum(d);
        NDArray out = ab.maximum(cd);
        for (NDArray t : new NDArray[] {a, b, c, d, ab, cd}) {
            t.close();
        }
        return out;
    }

    private static NDIndex view(long row0, long col0, long h, long w) {
        return new NDIndex().addAllDim(2)
                .addSliceDim(row0, row0 + 2 * h - 1, 2)
                .addSliceDim(col0, col0 + 2 * w - 1, 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2)};
    }
}
