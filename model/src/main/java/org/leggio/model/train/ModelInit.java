package org.leggio.model.train;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.leggio.model.EmbeddingException;
import org.leggio.model.NetworkSpec;
import org.leggio.model.internal.CcaProjection;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.PublishedWeights;
import org.leggio.model.internal.RandomInit;

/**
 * Where a training run's weights start: seeded random values ({@link #scratch}), or those of an
 * existing model ({@link #from}: a published ucasr {@code .npz} or a Leggio model directory, e.g. a
 * contrastive pre-training result). With a source, every weight whose ucasr name and shape match
 * is copied and the rest (e.g. an attention branch the source lacks) keeps its random value; the
 * CCA layer is copied when the embedding size matches.
 */
public final class ModelInit {
    private final long seed;
    private final Path source;

    private ModelInit(long seed, Path source) {
        this.seed = seed;
        this.source = source;
    }

    /** Random weights from {@code seed} (PAPER-SPEC §3.1 initialisation). */
    public static ModelInit scratch(long seed) {
        return new ModelInit(seed, null);
    }

    /** The weights of {@code model} where they fit; the rest random from {@code seed}. */
    public static ModelInit from(Path model, long seed) {
        Objects.requireNonNull(model, "model can't be null");
        if (!Files.exists(model)) {
            throw new EmbeddingException("initial model " + model + " does not exist");
        }
        return new ModelInit(seed, model);
    }

    /** The source model, or null for a scratch start. */
    public Path source() {
        return source;
    }

    /** "scratch (seed 123)" or "params_mc_audio.npz". */
    public String describe() {
        return source == null ? "scratch (seed " + seed + ")" : source.toString();
    }

    /** Builds the network for {@code spec} on {@code device}; {@code log} hears what was copied. */
    NetworkRuntime build(NetworkSpec spec, Device device, Consumer<String> log) {
        NetworkRuntime runtime = NetworkRuntime.create(spec, device);
        try {
            RandomInit.apply(runtime, seed);
            if (source != null) {
                try (NetworkRuntime from = open(source, device)) {
                    copy(from, runtime, log);
                }
            }
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private static NetworkRuntime open(Path model, Device device) {
        if (Files.isDirectory(model)) {
            return ModelDirectory.load(model, device).runtime();
        }
        if (model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return PublishedWeights.load(model, device);
        }
        throw new EmbeddingException("initial model " + model
                + " is neither a Leggio model directory nor a published .npz file");
    }

    private void copy(NetworkRuntime from, NetworkRuntime to, Consumer<String> log) {
        Map<String, Parameter> source = from.network().weights().entries();
        List<String> random = new ArrayList<>();
        int copied = 0;
        for (Map.Entry<String, Parameter> e : to.network().weights().entries().entrySet()) {
            Parameter s = source.get(e.getKey());
            if (s != null && s.getArray().getShape().equals(e.getValue().getArray().getShape())) {
                NetworkRuntime.copyInto(e.getValue(), s.getArray().toFloatArray());
                copied++;
            } else {
                random.add(e.getKey());
            }
        }
        if (from.spec().embeddingDim() == to.spec().embeddingDim()) {
            copyCca(from.network().sheet().cca(), to.network().sheet().cca());
            copyCca(from.network().audio().cca(), to.network().audio().cca());
        }
        log.accept("initialised " + copied + " of " + (copied + random.size()) + " weights from " + this.source
                + (random.isEmpty() ? "" : "; random: " + summarise(random)));
    }

    private static void copyCca(CcaProjection from, CcaProjection to) {
        NetworkRuntime.copyInto(to.mean(), from.mean().getArray().toFloatArray());
        NetworkRuntime.copyInto(to.projection(), from.projection().getArray().toFloatArray());
    }

    private static String summarise(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
