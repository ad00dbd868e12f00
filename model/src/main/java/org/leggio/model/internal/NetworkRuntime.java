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
import java.util.List;
import java.util.Locale;
import org.leggio.model.EmbeddingException;
import org.leggio.model.NetworkSpec;

/**
 * A {@link TwoPathwayNetwork} with its parameters in native memory on one device, ready for
 * inference.
 *
 * <p>Ownership: the runtime's base {@link NDManager} owns every parameter; {@link #close()} frees
 * them. Each call runs in its own sub-manager (a {@link Predictor} per call and its per-call
 * context, or an explicit sub-manager for the diagnostic methods), so nothing accumulates.
 *
 * <p>Threading: after loading, the parameters are only read; concurrent calls are safe. Loading
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

    /**
     * Opens a predictor for one pathway; the caller closes it (one per call: creating one is cheap
     * and it is not shared between threads).
     */
    public Predictor<InputBatch, float[][]> newPredictor(PathwayKind kind) {
        Model model = kind == PathwayKind.SHEET ? sheetModel : audioModel;
        return model.newPredictor(translator);
    }

    /**
     * Runs validated {@code inputs} (each rows×columns) through one pathway in batches of at most
     * {@code maxBatch}, with one predictor; returns one row per input, in input order. Each batch is
     * flattened just before it runs, so a long list is never copied whole.
     */
    public float[][] embed(PathwayKind kind, List<float[][]> inputs, int rows, int columns, int maxBatch) {
        float[][] out = new float[inputs.size()][];
        try (Predictor<InputBatch, float[][]> predictor = newPredictor(kind)) {
            for (int from = 0; from < inputs.size(); from += maxBatch) {
                int to = Math.min(inputs.size(), from + maxBatch);
                float[][] part = predictor.predict(InputBatch.of(inputs, from, to, rows, columns));
                System.arraycopy(part, 0, out, from, part.length);
            }
        } catch (TranslateException | RuntimeException e) {
            throw new EmbeddingException("the engine failed to embed a " + kind.name().toLowerCase(Locale.ROOT)
                    + " batch on " + device + ": " + e, e);
        }
        return out;
    }

    /** Pre-CCA codes (the Linear layer's output), {@code float[n][d]}; for tests and the CCA refit. */
    public float[][] preCca(PathwayKind kind, InputBatch batch) {
        Pathway pathway = kind == PathwayKind.SHEET ? network.sheet() : network.audio();
        try (NDManager call = manager.newSubManager()) {
            NDArray x = tensors.create(call, batch);
            return PathwayTranslator.toRows(pathway.preCca(new ParameterStore(call, false), x, false));
        } catch (RuntimeException e) {
            throw new EmbeddingException("the engine failed on a " + kind.name().toLowerCase(Locale.ROOT) + " batch: " + e, e);
        }
    }

    /** Attention weights, {@code float[n][T]}, each row summing to 1; the network must have attention. */
    public float[][] attentionWeights(InputBatch batch) {
        SoftAttention attention = network.audio().attention();
        if (attention == null) {
            throw new EmbeddingException("this network has no attention branch (" + spec + ")");
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray x = tensors.create(call, batch);
            return PathwayTranslator.toRows(attention.weights(new ParameterStore(call, false), x, false));
        } catch (RuntimeException e) {
            throw new EmbeddingException("the engine failed on an audio batch: " + e, e);
        }
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
