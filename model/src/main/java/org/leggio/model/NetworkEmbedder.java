package org.leggio.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.leggio.model.internal.InputBatch;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.PathwayKind;

/**
 * The {@link Embedder} of the two-pathway network (DJL, PyTorch engine), opened by {@link
 * Embedders}.
 *
 * <p>Beyond the {@link Embedder} contract it can {@link #save(Path)} itself in Leggio's model
 * format and give the pre-CCA codes (for the CCA refit) and the attention weights.
 *
 * <p>Threading: thread-safe; calls run concurrently, each with its own DJL predictor and per-call
 * native memory, reading the shared parameters. {@link #close()} waits for calls in flight; later
 * calls fail with an {@link EmbeddingException}.
 *
 * <p>Batching: a list longer than {@link #maxBatchSize()} runs as several forward passes; the
 * result does not depend on the split beyond float rounding (≈1e-6).
 */
public final class NetworkEmbedder implements Embedder {
    private final NetworkRuntime runtime;
    private final ModelInfo info;
    private final EmbedderOptions options;
    private final int maxBatchSize;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    NetworkEmbedder(NetworkRuntime runtime, String modelId, EmbedderOptions options) {
        this.runtime = runtime;
        this.options = options;
        this.maxBatchSize = options.maxBatchSize(runtime.device().isGpu());
        this.info = new ModelInfo(modelId, runtime.spec().audioContextFrames(),
                runtime.spec().embeddingDim(), runtime.spec().attention(), runtime.device().toString());
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The network's shape (audio context, attention, embedding size). */
    public NetworkSpec spec() {
        return runtime.spec();
    }

    /** The options this embedder was opened with. */
    public EmbedderOptions options() {
        return options;
    }

    /** The largest number of inputs per forward pass in effect (see {@link EmbedderOptions#maxBatchSize()}). */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * Embeds audio windows, each {@code float[92][T]} (log-frequency spectrogram, 20 fps); returns
     * {@code float[n][embeddingDim]} unit vectors in input order; an empty list gives an empty
     * array. Inputs are all checked before any engine work.
     *
     * @throws EmbeddingException for a wrong shape or a non-finite value (naming the window index,
     *     row and column), or an engine failure
     */
    @Override
    public float[][] embedAudio(List<float[][]> windows) {
        return run(PathwayKind.AUDIO, windows, false);
    }

    /**
     * Embeds sheet snippets, each {@code float[80][100]} (white = 1.0); returns {@code
     * float[n][embeddingDim]} unit vectors in input order; an empty list gives an empty array.
     *
     * @throws EmbeddingException as {@link #embedAudio}
     */
    @Override
    public float[][] embedSheet(List<float[][]> snippets) {
        return run(PathwayKind.SHEET, snippets, false);
    }

    /**
     * The audio pathway's pre-CCA codes {@code h} (the Linear layer's output, before {@code (h −
     * μ)·V} and normalisation), {@code float[n][embeddingDim]}; values reach ~10³. For the CCA refit
     * and reference checks.
     */
    public float[][] preCcaAudio(List<float[][]> windows) {
        return run(PathwayKind.AUDIO, windows, true);
    }

    /** The sheet pathway's pre-CCA codes, as {@link #preCcaAudio}. */
    public float[][] preCcaSheet(List<float[][]> snippets) {
        return run(PathwayKind.SHEET, snippets, true);
    }

    /**
     * The soft-attention weights of each audio window, {@code float[n][T]}; each row is a softmax
     * over the T frames (sums to 1).
     *
     * @throws EmbeddingException when the network has no attention branch
     */
    public float[][] attentionWeights(List<float[][]> windows) {
        if (!runtime.spec().attention()) {
            throw new EmbeddingException("model " + info.modelId() + " has no attention branch");
        }
        int frames = runtime.spec().audioContextFrames();
        InputBatch.validate(windows, NetworkSpec.AUDIO_BANDS, frames, "audio window");
        return withOpen(() -> {
            float[][] out = new float[windows.size()][];
            for (int from = 0; from < windows.size(); from += maxBatchSize) {
                int to = Math.min(windows.size(), from + maxBatchSize);
                float[][] part = runtime.attentionWeights(
                        InputBatch.of(windows, from, to, NetworkSpec.AUDIO_BANDS, frames));
                System.arraycopy(part, 0, out, from, part.length);
            }
            return out;
        });
    }

    /**
     * Writes this model into {@code dir} in Leggio's format ({@code model.json} + {@code
     * weights.npz}), replacing a model already there. Loading it back ({@link Embedders#open})
     * gives bit-identical outputs.
     *
     * @throws EmbeddingException when the directory can't be written
     */
    public void save(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        withOpen(() -> {
            ModelDirectory.save(runtime, info.modelId(), dir);
            return null;
        });
    }

    /** Frees the native memory of the model, after calls in flight finish. Idempotent. */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                runtime.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The runtime, for tests in this package. */
    NetworkRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "NetworkEmbedder" + info;
    }

    private float[][] run(PathwayKind kind, List<float[][]> inputs, boolean preCca) {
        int rows = kind == PathwayKind.AUDIO ? NetworkSpec.AUDIO_BANDS : NetworkSpec.SHEET_ROWS;
        int columns = kind == PathwayKind.AUDIO ? runtime.spec().audioContextFrames() : NetworkSpec.SHEET_COLUMNS;
        InputBatch.validate(inputs, rows, columns, kind == PathwayKind.AUDIO ? "audio window" : "sheet snippet");
        if (inputs.isEmpty()) {
            return new float[0][];
        }
        return withOpen(() -> {
            if (!preCca) {
                return runtime.embed(kind, inputs, rows, columns, maxBatchSize);
            }
            float[][] out = new float[inputs.size()][];
            for (int from = 0; from < inputs.size(); from += maxBatchSize) {
                int to = Math.min(inputs.size(), from + maxBatchSize);
                float[][] part = runtime.preCca(kind, InputBatch.of(inputs, from, to, rows, columns));
                System.arraycopy(part, 0, out, from, part.length);
            }
            return out;
        });
    }

    private <T> T withOpen(java.util.function.Supplier<T> call) {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new EmbeddingException("embedder " + info.modelId() + " is closed");
            }
            return call.get();
        } finally {
            lock.unlock();
        }
    }
}
