package org.leggio.model;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.leggio.model.internal.Devices;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.PublishedWeights;
import org.leggio.model.internal.RandomInit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link NetworkEmbedder}s: from the published ucasr weights ({@code params_mc_*.npz}), from
 * a Leggio model directory ({@code model.json} + {@code weights.npz}, written by {@link
 * NetworkEmbedder#save}), or untrained with seeded random weights.
 *
 * <p>The device is the first GPU when DJL's PyTorch engine sees one, else the CPU (see {@link
 * EmbedderOptions#device()}); the choice is logged once per process. Loading takes ~0.1–0.5 s
 * after the engine has started (the first use of the engine in a process adds ~1 s). The caller
 * owns the returned embedder and closes it.
 */
public final class Embedders {
    private static final Logger LOG = LoggerFactory.getLogger(Embedders.class);

    private Embedders() {}

    /** {@link #open(Path, EmbedderOptions)} with the default options. */
    public static NetworkEmbedder open(Path path) {
        return open(path, EmbedderOptions.defaults());
    }

    /**
     * Opens a model: a published {@code .npz} file, a Leggio model directory, or its {@code
     * model.json}.
     *
     * @throws EmbeddingException when the path is missing, of neither kind, or its weights don't
     *     fit the architecture (the message names the file and the key)
     */
    public static NetworkEmbedder open(Path path, EmbedderOptions options) {
        Objects.requireNonNull(path, "path can't be null");
        Objects.requireNonNull(options, "options can't be null");
        if (Files.isDirectory(path)) {
            return openDirectory(path, options);
        }
        if (!Files.exists(path)) {
            throw new EmbeddingException("model path " + path + " does not exist");
        }
        String name = path.getFileName().toString();
        if (name.equals(ModelDirectory.MODEL_JSON)) {
            return openDirectory(path.toAbsolutePath().getParent(), options);
        }
        if (name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return openPublished(path, options);
        }
        throw new EmbeddingException("model path " + path
                + " is neither a Leggio model directory (with model.json) nor a published .npz weights file");
    }

    /**
     * The id of the model at {@code path} without loading its weights: a Leggio model directory's
     * {@code modelId}, or the id derived from a published file's name.
     *
     * @throws EmbeddingException when the path is neither kind or its description can't be read
     */
    public static String modelId(Path path) {
        Objects.requireNonNull(path, "path can't be null");
        Path dir = path.getFileName() != null && path.getFileName().toString().equals(ModelDirectory.MODEL_JSON)
                ? path.toAbsolutePath().getParent() : path;
        if (Files.isDirectory(dir)) {
            return ModelDirectory.readModelId(dir);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return PublishedWeights.modelIdFor(path);
        }
        throw new EmbeddingException("model path " + path
                + " is neither a Leggio model directory (with model.json) nor a published .npz weights file");
    }

    /** {@link #openPublished(Path, EmbedderOptions)} with the default options. */
    public static NetworkEmbedder openPublished(Path npz) {
        return openPublished(npz, EmbedderOptions.defaults());
    }

    /**
     * Opens a published ucasr weights file; the model id comes from the file name ({@code
     * params_mc_audio.npz} → {@code ucasr-mc-audio}) unless the options give one. T, the embedding
     * size and attention are read from the weights.
     *
     * @throws EmbeddingException naming the file and the key for a missing, unexpected or
     *     mis-shaped array, or a truncated or unreadable file
     */
    public static NetworkEmbedder openPublished(Path npz, EmbedderOptions options) {
        Objects.requireNonNull(npz, "npz can't be null");
        Objects.requireNonNull(options, "options can't be null");
        long start = System.nanoTime();
        Device device = Devices.choose(options.device());
        NetworkRuntime runtime = PublishedWeights.load(npz, device);
        String id = options.modelId() != null ? options.modelId() : PublishedWeights.modelIdFor(npz);
        return ready(runtime, id, options, npz, start);
    }

    /**
     * An untrained network with seeded random weights (the same for the same seed on any device):
     * for tests, benchmarks and as the starting point of training. Model id {@code
     * untrained-t<T>[-att]-d<dim>-s<seed>} unless the options give one.
     */
    public static NetworkEmbedder untrained(NetworkSpec spec, long seed, EmbedderOptions options) {
        Objects.requireNonNull(spec, "spec can't be null");
        Objects.requireNonNull(options, "options can't be null");
        long start = System.nanoTime();
        NetworkRuntime runtime = NetworkRuntime.create(spec, Devices.choose(options.device()));
        try {
            RandomInit.apply(runtime, seed);
        } catch (RuntimeException e) {
            runtime.close();
            throw new EmbeddingException("can't initialise the untrained network " + spec + ": " + e, e);
        }
        String id = options.modelId() != null ? options.modelId()
                : "untrained-t" + spec.audioContextFrames() + (spec.attention() ? "-att" : "")
                        + "-d" + spec.embeddingDim() + "-s" + seed;
        return ready(runtime, id, options, null, start);
    }

    private static NetworkEmbedder openDirectory(Path dir, EmbedderOptions options) {
        long start = System.nanoTime();
        Device device = Devices.choose(options.device());
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, device);
        String id = options.modelId() != null ? options.modelId() : loaded.modelId();
        return ready(loaded.runtime(), id, options, dir, start);
    }

    private static NetworkEmbedder ready(
            NetworkRuntime runtime, String id, EmbedderOptions options, Path source, long startNanos) {
        runtime.prepareForInference(true);
        NetworkEmbedder embedder = new NetworkEmbedder(runtime, id, options);
        LOG.info("model {} ({}) ready on {} in {} ms{}; batches of at most {}, {} at once", id, runtime.spec(),
                runtime.device(), (System.nanoTime() - startNanos) / 1_000_000,
                source == null ? "" : " from " + source, embedder.maxBatchSize(), embedder.parallelism());
        return embedder;
    }
}
