package org.leggio.model.internal;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import java.util.Locale;
import org.leggio.model.EmbeddingException;
import org.leggio.model.NetworkSpec;

/**
 * A {@link TwoPathwayNetwork} with its parameters in native memory on one device, ready for
 * inference.
 *
 * <p>Ownership: the runtime's base {@link NDManager} owns every parameter; {@link #close()} frees
 * them. Forward passes run in {@link Session}s; each pass's arrays live in a sub-manager (the
 * predictor's per-call context, or an explicit one) that is closed before it returns, so nothing
 * accumulates.
 *
 * <p>Threading: after loading, the parameters are only read; sessions on different threads run
 * concurrently. Loading
 * ({@link #copyInto}, {@link #prepareForInference}) must happen before the runtime is shared.
 */
public final class NetworkRuntime implements AutoCloseable {
    private final NetworkSpec spec;
    private final Device device;
    private final NDManager manager;
    private final TwoPathwayNetwork network;
    private final Model sheetModel;
    private final Model audioModel;
    private final InputTensors tensors = new InputTensors();
    private final PathwayTranslator translator = new PathwayTranslator(tensors);

    private NetworkRuntime(NetworkSpec spec, Device device) {
        this.spec = spec;
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        this.network = new TwoPathwayNetwork(spec);
        Model sheet = null;
        Model audio = null;
        try {
            network.initialize(manager);
            sheet = Model.newInstance("leggio-sheet", device);
            sheet.setBlock(network.sheet());
            audio = Model.newInstance("leggio-audio", device);
            audio.setBlock(network.audio());
        } catch (RuntimeException e) {
            closeQuietly(sheet);
            closeQuietly(audio);
            manager.close();
            throw e;
        }
        this.sheetModel = sheet;
        this.audioModel = audio;
    }

    /** A network for {@code spec} on {@code device}, with DJL's default initial values. */
    public static NetworkRuntime create(NetworkSpec spec, Device device) {
        try {
            return new NetworkRuntime(spec, device);
        } catch (RuntimeException e) {
            throw new EmbeddingException("can't set up the network " + spec + " on " + device + ": " + e, e);
        }
    }

    /** The network's spec. */
    public NetworkSpec spec() {
        return spec;
    }

    /** Where the parameters live and inference runs. */
    public Device device() {
        return device;
    }

    /** The blocks (for loading, saving and training code). */
    public TwoPathwayNetwork network() {
        return network;
    }

    /** Overwrites {@code parameter}'s values (same shape, float32); for loaders. */
    public static void copyInto(Parameter parameter, float[] values) {
        NDArray target = parameter.getArray();
        if (target.getShape().size() != values.length) {
            throw new IllegalArgumentException("parameter " + parameter.getName() + " has "
                    + target.getShape() + " values but got " + values.length);
        }
        target.set(values);
    }

    /**
     * Makes the loaded network ready for inference: every parameter is marked as not needing
     * gradients (no autograd graph is built, whatever the calling thread's grad mode), and, when
     * {@code fuseBatchNorm}, each conv → BN pair is folded into one convolution with bias ({@link
     * ConvBatchNorm}). Call once, after loading and before sharing the runtime.
     */
    public void prepareForInference(boolean fuseBatchNorm) {
        for (Parameter p : network.getParameters().values()) {
            p.freeze(true);
        }
        if (fuseBatchNorm) {
            network.fuseBatchNorms(manager);
        } else {
            network.unfuseBatchNorms();
        }
    }

    /** What a {@link Session} computes. */
    public enum Output {
        /** L2-normalised embeddings, n×d (through a DJL predictor). */
        EMBEDDING,
        /** Pre-CCA codes (the Linear layer's output), n×d. */
        PRE_CCA,
        /** Attention weights of the audio pathway, n×T (rows sum to 1). */
        ATTENTION
    }

    /**
     * A sequence of forward passes on one thread. Not thread-safe: each thread opens its own. It
     * holds a DJL predictor (for {@link Output#EMBEDDING}); every call's arrays live in a
     * sub-manager closed before the call returns.
     */
    public interface Session extends AutoCloseable {
        /** One forward pass over a validated batch; rows in input order. */
        float[][] run(InputBatch batch);

        @Override
        void close();
    }

    /** Opens a {@link Session} for one pathway and output. */
    public Session open(PathwayKind kind, Output output) {
        if (output == Output.ATTENTION && (kind != PathwayKind.AUDIO || network.audio().attention() == null)) {
            throw new EmbeddingException("this network has no attention branch (" + spec + ")");
        }
        if (output == Output.EMBEDDING) {
            Model model = kind == PathwayKind.SHEET ? sheetModel : audioModel;
            Predictor<InputBatch, float[][]> predictor = model.newPredictor(translator);
            return new Session() {
                @Override
                public float[][] run(InputBatch batch) {
                    try {
                        return predictor.predict(batch);
                    } catch (TranslateException | RuntimeException e) {
                        throw failure(kind, e);
                    }
                }

                @Override
                public void close() {
                    predictor.close();
                }
            };
        }
        Pathway pathway = kind == PathwayKind.SHEET ? network.sheet() : network.audio();
        return new Session() {
            @Override
            public float[][] run(InputBatch batch) {
                try (NDManager call = manager.newSubManager()) {
                    NDArray x = tensors.create(call, batch);
                    ParameterStore store = new ParameterStore(call, false);
                    NDArray y = output == Output.PRE_CCA
                            ? pathway.preCca(store, x, false)
                            : pathway.attention().weights(store, x, false);
                    return PathwayTranslator.toRows(y);
                } catch (RuntimeException e) {
                    throw failure(kind, e);
                }
            }

            @Override
            public void close() {}
        };
    }

    private EmbeddingException failure(PathwayKind kind, Exception e) {
        return new EmbeddingException("the engine failed on a " + kind.name().toLowerCase(Locale.ROOT)
                + " batch on " + device + ": " + e, e);
    }

    /**
     * How many NDArrays the runtime's managers hold (parameters, fused weights, and anything a
     * call failed to free): constant between calls when nothing leaks.
     */
    public int managedArrayCount() {
        return count(manager) + count(sheetModel.getNDManager()) + count(audioModel.getNDManager());
    }

    private static int count(NDManager m) {
        return m instanceof BaseNDManager ? ((BaseNDManager) m).getManagedArrays().size() : 0;
    }

    /** Frees the parameters; no call may follow. */
    @Override
    public void close() {
        closeQuietly(sheetModel);
        closeQuietly(audioModel);
        manager.close();
    }

    private static void closeQuietly(Model model) {
        if (model != null) {
            model.close();
        }
    }
}
