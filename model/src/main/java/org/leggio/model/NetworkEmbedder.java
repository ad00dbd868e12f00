package org.leggio.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.leggio.model.internal.InputBatch;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.NetworkRuntime.Output;
import org.leggio.model.internal.PathwayKind;

/**
 * The {@link Embedder} of the two-pathway network (DJL, PyTorch engine), opened by {@link
 * Embedders}.
 *
 * <p>Beyond the {@link Embedder} contract it can {@link #save(Path)} itself in Leggio's model
 * format and give the pre-CCA codes (for the CCA refit) and the attention weights.
 *
 * <p>Batching: a call of n inputs runs as batches of ⌈n / {@link #parallelism()}⌉ inputs, at most
 * {@link #maxBatchSize()}; with a parallelism above 1 (the default on a CPU) the batches of one call
 * run side by side on the embedder's worker threads and the calling thread. The result does not
 * depend on the split beyond float rounding (≈1e-6); the same call twice gives identical results.
 *
 * <p>Threading: thread-safe; calls run concurrently, each batch with its own DJL predictor and
 * per-call native memory, reading the shared parameters. Lifecycle: {@link #close()} waits for
 * calls in flight, stops the worker threads and frees the native memory; later calls fail with
 * an {@link EmbeddingException}.
 */
public final class NetworkEmbedder implements Embedder {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final NetworkRuntime runtime;
    private final ModelInfo info;
    private final EmbedderOptions options;
    private final int maxBatchSize;
    private final int parallelism;
    private final ExecutorService workers;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    NetworkEmbedder(NetworkRuntime runtime, String modelId, EmbedderOptions options) {
        this.runtime = runtime;
        this.options = options;
        boolean gpu = runtime.device().isGpu();
        this.maxBatchSize = options.maxBatchSize(gpu);
        this.parallelism = options.parallelism(gpu, Runtime.getRuntime().availableProcessors());
        this.workers = parallelism > 1
                ? Executors.newFixedThreadPool(parallelism - 1, daemonThreads(modelId))
                : null;
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

    /** The largest batch per forward pass in effect (see {@link EmbedderOptions#maxBatchSize()}). */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** How many batches of one call run at once (see {@link EmbedderOptions#parallelism()}). */
    public int parallelism() {
        return parallelism;
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
        return run(PathwayKind.AUDIO, windows, Output.EMBEDDING);
    }

    /**
     * Embeds sheet snippets, each {@code float[80][100]} (white = 1.0); returns {@code
     * float[n][embeddingDim]} unit vectors in input order; an empty list gives an empty array.
     *
     * @throws EmbeddingException as {@link #embedAudio}
     */
    @Override
    public float[][] embedSheet(List<float[][]> snippets) {
        return run(PathwayKind.SHEET, snippets, Output.EMBEDDING);
    }

    /**
     * The audio pathway's pre-CCA codes {@code h} (the Linear layer's output, before {@code (h −
     * μ)·V} and normalisation), {@code float[n][embeddingDim]}; values reach ~10³. For the CCA refit
     * and reference checks.
     */
    public float[][] preCcaAudio(List<float[][]> windows) {
        return run(PathwayKind.AUDIO, windows, Output.PRE_CCA);
    }

    /** The sheet pathway's pre-CCA codes, as {@link #preCcaAudio}. */
    public float[][] preCcaSheet(List<float[][]> snippets) {
        return run(PathwayKind.SHEET, snippets, Output.PRE_CCA);
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
        return run(PathwayKind.AUDIO, windows, Output.ATTENTION);
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

    /** Waits for calls in flight, then stops the workers and frees the model. Idempotent. */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                if (workers != null) {
                    workers.shutdownNow();
                }
                runtime.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "NetworkEmbedder" + info;
    }

    /** The runtime, for tests in this package. */
    NetworkRuntime runtime() {
        return runtime;
    }

    private float[][] run(PathwayKind kind, List<float[][]> inputs, Output output) {
        boolean audio = kind == PathwayKind.AUDIO;
        int rows = audio ? NetworkSpec.AUDIO_BANDS : NetworkSpec.SHEET_ROWS;
        int columns = audio ? runtime.spec().audioContextFrames() : NetworkSpec.SHEET_COLUMNS;
        String label = audio ? "audio window" : "sheet snippet";
        InputBatch.validate(inputs, rows, columns, label);
        if (inputs.isEmpty()) {
            return new float[0][];
        }
        return withOpen(() -> new Call(kind, label, output, inputs, rows, columns).run());
    }

    /** One call cut into batches, run by the caller and, when there are several, the workers. */
    private final class Call {
        private final PathwayKind kind;
        /** What an input is called in errors ("audio window", "sheet snippet"). */
        private final String label;
        private final Output output;
        private final List<float[][]> inputs;
        private final int rows;
        private final int columns;
        private final int batchSize;
        private final int batches;
        private final float[][] out;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean failed = new AtomicBoolean();

        Call(PathwayKind kind, String label, Output output, List<float[][]> inputs, int rows, int columns) {
            this.kind = kind;
            this.label = label;
            this.output = output;
            this.inputs = inputs;
            this.rows = rows;
            this.columns = columns;
            int n = inputs.size();
            this.batchSize = Math.max(1, Math.min(maxBatchSize, ceilDiv(n, parallelism)));
            this.batches = ceilDiv(n, batchSize);
            this.out = new float[n][];
        }

        float[][] run() {
            int helpers = workers == null ? 0 : Math.min(parallelism, batches) - 1;
            List<Future<?>> futures = new ArrayList<>(helpers);
            for (int i = 0; i < helpers; i++) {
                futures.add(workers.submit(this::work));
            }
            RuntimeException failure = null;
            try {
                work();
            } catch (RuntimeException e) {
                failure = e;
            }
            // wait for every helper, even when interrupted: none may outlive the call (close()
            // frees the native memory once no call holds the read lock)
            boolean interrupted = false;
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (ExecutionException e) {
                        if (failure == null) {
                            failure = e.getCause() instanceof RuntimeException
                                    ? (RuntimeException) e.getCause()
                                    : new EmbeddingException("embedding failed: " + e.getCause(), e.getCause());
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                        failed.set(true);
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new EmbeddingException("interrupted while embedding");
                }
            }
            if (failure != null) {
                throw failure;
            }
            return out;
        }

        private void work() {
            try (NetworkRuntime.Session session = runtime.open(kind, output)) {
                int b;
                while (!failed.get() && (b = next.getAndIncrement()) < batches) {
                    int from = b * batchSize;
                    int to = Math.min(inputs.size(), from + batchSize);
                    float[][] part = session.run(InputBatch.of(inputs, from, to, rows, columns));
                    requireFinite(part, from, label, info.device());
                    System.arraycopy(part, 0, out, from, part.length);
                }
            } catch (RuntimeException e) {
                failed.set(true);
                throw e;
            }
        }
    }

    /**
     * Fails when the engine returned a NaN or infinite value. Finite inputs of a sane range and finite weights
     * cannot give one, so it is absurd input or the engine computing wrongly: on some processors (seen on an
     * AMD EPYC under a hypervisor, PyTorch 2.7.1) oneDNN's AVX-512 convolution kernels return NaN for whole
     * batches, at random. Such a vector
     * would poison a score library or an index for good, so it must never leave the embedder.
     *
     * @param first the index in the call of the first row
     * @throws EmbeddingException naming the input and the remedy
     */
    static void requireFinite(float[][] rows, int first, String what, String device) {
        for (int i = 0; i < rows.length; i++) {
            for (float v : rows[i]) {
                if (!Float.isFinite(v)) {
                    throw new EmbeddingException("the network computed " + v + " for " + what + " " + (first + i)
                            + " on " + device + " from finite input: either the input is far outside the range the"
                            + " model knows (sheet pixels 0..1, audio log magnitudes), or the engine computes wrongly"
                            + " on this processor, as oneDNN's AVX-512 kernels do on some: then run with the"
                            + " environment variable DNNL_MAX_CPU_ISA=AVX2 (the leggio launcher sets it unless it is"
                            + " set)");
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private <T> T withOpen(Supplier<T> call) {
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

    private static ThreadFactory daemonThreads(String modelId) {
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "leggio-embedder-" + instance + "-" + count.incrementAndGet() + "-" + modelId);
            t.setDaemon(true);
            return t;
        };
    }
}
