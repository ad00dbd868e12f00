package org.leggio.model.train.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.NpzArchive;

/**
 * The files of a training work directory, each written to a sibling {@code .tmp} folder and
 * swapped into place, so an interruption at any moment leaves the previous complete copy:
 *
 * <pre>
 * checkpoint/  model.json, weights.npz, optimizer.npz, state.json   (latest; resume from here)
 * best/        model.json, weights.npz, optimizer.npz               (best validation MRR so far)
 * final/       model.json, weights.npz, training.json               (best weights, CCA refit)
 * </pre>
 */
public final class TrainingFiles {
    public static final String CHECKPOINT = "checkpoint";
    public static final String BEST = "best";
    public static final String FINAL = "final";
    static final String OPTIMIZER = "optimizer.npz";
    static final String STATE = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    private final Path workDir;

    public TrainingFiles(Path workDir) {
        this.workDir = workDir;
    }

    public Path dir(String name) {
        return workDir.resolve(name);
    }

    /** The state of the latest checkpoint (or of the one before, if a swap was cut short), or null. */
    public TrainingState readState() {
        for (Path dir : new Path[] {dir(CHECKPOINT), dir(CHECKPOINT + ".old")}) {
            Path file = dir.resolve(STATE);
            if (Files.isRegularFile(file)) {
                try {
                    return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrainingState.class);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("can't read the checkpoint state " + file + ": " + e, e);
                }
            }
        }
        return null;
    }

    /** The directory holding the checkpoint {@link #readState()} read. */
    public Path checkpointDir() {
        return Files.isRegularFile(dir(CHECKPOINT).resolve(STATE)) ? dir(CHECKPOINT) : dir(CHECKPOINT + ".old");
    }

    /** Writes weights (with the runtime's current CCA), optimiser state and {@code state}. */
    public void writeCheckpoint(NetworkRuntime runtime, AdamOptimizer adam, TrainingState state) {
        write(CHECKPOINT, tmp -> {
            ModelDirectory.save(runtime, state.modelId, tmp);
            writeOptimizer(runtime, adam, tmp.resolve(OPTIMIZER));
            Files.writeString(tmp.resolve(STATE), GSON.toJson(state), StandardCharsets.UTF_8);
        });
    }

    /** Writes the best weights so far with their optimiser state. */
    public void writeBest(NetworkRuntime runtime, AdamOptimizer adam, String modelId) {
        write(BEST, tmp -> {
            ModelDirectory.save(runtime, modelId, tmp);
            writeOptimizer(runtime, adam, tmp.resolve(OPTIMIZER));
        });
    }

    /** Writes the finished model and a description of how it was trained. */
    public void writeFinal(NetworkRuntime runtime, String modelId, Object trainingDescription) {
        write(FINAL, tmp -> {
            ModelDirectory.save(runtime, modelId, tmp);
            Files.writeString(tmp.resolve("training.json"), GSON.toJson(trainingDescription), StandardCharsets.UTF_8);
        });
    }

    /** Copies the weights of model directory {@code name} into {@code runtime} (same spec). */
    public void loadWeights(String name, NetworkRuntime runtime) {
        try (NetworkRuntime from = ModelDirectory.load(dir(name), runtime.device()).runtime()) {
            Map<String, Parameter> source = from.network().weights().entries();
            runtime.network().weights().entries().forEach((key, p) ->
                    NetworkRuntime.copyInto(p, source.get(key).getArray().toFloatArray()));
        }
    }

    /** Restores the optimiser state saved beside the weights of {@code dir}. */
    public void loadOptimizer(Path dir, NetworkRuntime runtime, AdamOptimizer adam, Map<String, Integer> steps) {
        Map<String, Parameter> byName = runtime.network().weights().entries();
        Map<String, NDArray> weightsById = new HashMap<>();
        byName.values().forEach(p -> weightsById.put(p.getId(), p.getArray()));
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = NpzArchive.read(dir.resolve(OPTIMIZER), scratch);
            Map<String, float[]> m = new HashMap<>();
            Map<String, float[]> v = new HashMap<>();
            Map<String, Integer> stepsById = new HashMap<>();
            arrays.forEach((key, array) -> {
                String name = key.substring(2);
                Parameter p = byName.get(name);
                if (p == null) {
                    throw new IllegalStateException(dir.resolve(OPTIMIZER) + " names an unknown weight " + name);
                }
                (key.startsWith("m/") ? m : v).put(p.getId(), array.toFloatArray());
                stepsById.put(p.getId(), steps.getOrDefault(name, 0));
            });
            adam.restore(new AdamOptimizer.State(m, v, stepsById), weightsById);
        }
    }

    /** Step counts by weight name, for {@link TrainingState}. */
    public static Map<String, Integer> stepsByName(NetworkRuntime runtime, AdamOptimizer adam) {
        Map<String, Integer> byId = adam.state().steps();
        Map<String, Integer> out = new LinkedHashMap<>();
        runtime.network().weights().entries().forEach((name, p) -> {
            Integer s = byId.get(p.getId());
            if (s != null) {
                out.put(name, s);
            }
        });
        return out;
    }

    private static void writeOptimizer(NetworkRuntime runtime, AdamOptimizer adam, Path file) throws IOException {
        AdamOptimizer.State state = adam.state();
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            runtime.network().weights().entries().forEach((name, p) -> {
                Shape shape = p.getArray().getShape();
                float[] m = state.first().get(p.getId());
                float[] v = state.second().get(p.getId());
                if (m != null && v != null) {
                    arrays.put("m/" + name, scratch.create(m, shape));
                    arrays.put("v/" + name, scratch.create(v, shape));
                }
            });
            NpzArchive.write(file, arrays);
            Files.writeString(file.resolveSibling("optimizer-steps.json"),
                    GSON.toJson(stepsByName(runtime, adam)), StandardCharsets.UTF_8);
        }
    }

    /** Step counts saved beside {@code dir}'s optimizer state (empty when none). */
    @SuppressWarnings("unchecked")
    public static Map<String, Integer> readSteps(Path dir) {
        Path file = dir.resolve("optimizer-steps.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, Double> raw = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Map.class);
            Map<String, Integer> out = new HashMap<>();
            raw.forEach((k, v) -> out.put(k, v.intValue()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("can't read " + file, e);
        }
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    private void write(String name, Writer writer) {
        Path target = dir(name);
        Path tmp = dir(name + ".tmp");
        Path old = dir(name + ".old");
        try {
            Files.createDirectories(workDir);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            writer.write(tmp);
            deleteTree(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write " + target + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
