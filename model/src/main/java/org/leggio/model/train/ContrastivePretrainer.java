package org.leggio.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.leggio.model.EmbedderOptions;
import org.leggio.model.NetworkSpec;
import org.leggio.model.eval.RetrievalMetrics;
import org.leggio.model.internal.Devices;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.NpzArchive;
import org.leggio.model.internal.Pathway;
import org.leggio.model.train.internal.AdamOptimizer;
import org.leggio.model.train.internal.Gradients;
import org.leggio.model.train.internal.NtXentLoss;

/**
 * Contrastive (NT-Xent) pre-training of one encoder on unpaired inputs (PAPER-SPEC §4.3): the
 * pathway's convolutional encoder under a projection head (Linear 512 → BatchNorm → ReLU → Linear
 * 32), two augmented views per item. Validation: MRR of first views against second views on fixed
 * validation items. The learning rate halves after {@code patience} epochs without improvement;
 * the third halving without improvement ends the run.
 *
 * <p>The result, {@code <workDir>/final}, is a whole Leggio model directory in which the chosen
 * pathway's encoder holds the pre-trained weights and everything else is random: pass it to {@link
 * ModelInit#from} to fine-tune (the head is discarded and the Linear layer trained from scratch,
 * as ucasr does). Checkpoints ({@code <workDir>/checkpoint}: every parameter, Adam's moments,
 * counters) are written every {@code checkpointSeconds} and after each epoch; opening the same work
 * directory resumes. Threading and lifecycle as {@link EmbeddingTrainer}.
 */
public final class ContrastivePretrainer implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    private static final int MAX_HALVINGS = 3;

    private final PretrainConfig config;
    private final Path workDir;
    private final Consumer<String> log;
    private final NetworkRuntime runtime;
    private final SequentialBlock block;
    private final Model model;
    private final Trainer trainer;
    private final AdamOptimizer adam;
    private final NtXentLoss loss;
    private final State state;

    /** Counters saved with a checkpoint. */
    static final class State {
        String modelId;
        int epoch;
        int stepInEpoch;
        long steps;
        double lossSum;
        int lossCount;
        float learningRate;
        double bestMrr = Double.NEGATIVE_INFINITY;
        int bestEpoch = -1;
        int badEpochs;
        int halvings;
        double seconds;
        String stopReason;
        java.util.List<EpochRecord> history = new java.util.ArrayList<>();
    }

    private ContrastivePretrainer(PretrainConfig config, ModelInit init, String modelId, Path workDir,
            Consumer<String> log) {
        this.config = config;
        this.workDir = workDir;
        this.log = log;
        Device device = Devices.choose(EmbedderOptions.DeviceChoice.AUTO);
        this.runtime = init.build(config.spec(), device, log);
        Pathway pathway = config.modality() == ViewBatch.Modality.SHEET ? runtime.network().sheet()
                : runtime.network().audio();
        this.block = new SequentialBlock();
        pathway.convolutionalPart().forEach(block::add);
        block.add(head(config.spec().embeddingDim()));
        long flat = config.modality() == ViewBatch.Modality.SHEET ? config.spec().sheetFlattenSize()
                : config.spec().audioFlattenSize();
        block.getChildren().values().get(block.getChildren().size() - 1)
                .initialize(runtime.network().weights().entries().values().iterator().next().getArray().getManager(),
                        ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, flat));
        this.loss = new NtXentLoss(config.temperature());
        State saved = readState();
        this.state = saved != null ? saved : new State();
        if (saved == null) {
            state.modelId = modelId;
            state.learningRate = config.learningRate();
        }
        this.adam = new AdamOptimizer(state.learningRate, config.weightDecay());
        this.model = Model.newInstance("leggio-pretrain", device);
        model.setBlock(block);
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                .optDevices(new Device[] {device}));
        if (saved != null) {
            restore();
            log.accept(String.format(Locale.ROOT, "resuming %s pre-training from epoch %d step %d (best MRR %.4f)",
                    state.modelId, state.epoch, state.stepInEpoch, state.bestMrr));
        }
    }

    /** Opens a run in {@code workDir}, resuming its checkpoint when there is one. */
    public static ContrastivePretrainer open(PretrainConfig config, ModelInit init, String modelId, Path workDir,
            Consumer<String> log) {
        return new ContrastivePretrainer(config, init, modelId, workDir, log);
    }

    private static Block head(int embeddingDim) {
        SequentialBlock head = new SequentialBlock();
        head.add(Linear.builder().setUnits(PretrainConfig.HEAD_HIDDEN).optBias(true).build());
        head.add(BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
        head.add(Activation.reluBlock());
        head.add(Linear.builder().setUnits(embeddingDim).optBias(true).build());
        return head;
    }

    /**
     * Trains until the limits or convergence and writes {@code <workDir>/final}.
     *
     * @param source random augmented views
     * @param validation fixed validation views (not from training data)
     * @return the final model directory
     */
    public Path train(ViewBatchSource source, ViewBatch validation) {
        if (source.modality() != config.modality() || validation.modality() != config.modality()) {
            throw new IllegalArgumentException("views of " + source.modality() + "/" + validation.modality()
                    + " can't pre-train the " + config.modality() + " encoder");
        }
        long start = System.nanoTime();
        double before = state.seconds;
        if (state.stopReason != null && !state.stopReason.startsWith("no better")) {
            state.stopReason = null;
        }
        if (state.history.isEmpty()) {
            validate(validation);
        }
        long lastCheckpoint = System.nanoTime();
        long lastProgress = System.nanoTime();
        while (state.stopReason == null && state.epoch < config.maxEpochs()) {
            while (state.stepInEpoch < config.stepsPerEpoch()) {
                step(source.next(config.batchSize()));
                long now = System.nanoTime();
                state.seconds = before + (now - start) / 1e9;
                if (now - lastProgress >= 15_000_000_000L) {
                    log.accept(String.format(Locale.ROOT, "pre-training epoch %d step %d/%d NT-Xent %.4f, %s elapsed",
                            state.epoch + 1, state.stepInEpoch, config.stepsPerEpoch(),
                            state.lossSum / Math.max(1, state.lossCount), EmbeddingTrainer.duration(Math.round(state.seconds))));
                    lastProgress = now;
                }
                if (config.maxSeconds() > 0 && state.seconds >= config.maxSeconds()) {
                    state.stopReason = "time budget of " + config.maxSeconds() + " s spent";
                    break;
                }
                if (now - lastCheckpoint >= config.checkpointSeconds() * 1_000_000_000L) {
                    checkpoint();
                    lastCheckpoint = System.nanoTime();
                }
            }
            if (state.stopReason == null) {
                state.epoch++;
                state.stepInEpoch = 0;
                validate(validation);
            }
            checkpoint();
            lastCheckpoint = System.nanoTime();
        }
        if (state.stopReason == null) {
            state.stopReason = "reached " + config.maxEpochs() + " epochs";
        }
        log.accept("pre-training stopped: " + state.stopReason);
        loadParameters(workDir.resolve("best").resolve("params.npz"));
        Path finalDir = workDir.resolve("final");
        ModelDirectory.save(runtime, state.modelId, finalDir);
        writeJson(finalDir.resolve("pretraining.json"), Map.of("config", config, "history", state.history,
                "bestEpoch", state.bestEpoch, "bestMrr", state.bestMrr, "stopReason", state.stopReason));
        log.accept("wrote " + finalDir);
        return finalDir;
    }

    private void step(ViewBatch views) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            float lossValue;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray both = m.create(concat(views.first(), views.second()), inputShape(2 * views.size(), views.audioFrames()));
                // one forward pass over both views: BatchNorm sees 2N items, as ucasr's batches do
                NDArray z = trainer.forward(new NDList(both)).singletonOrThrow();
                NDArray l = loss.loss(z.get("0:" + views.size()), z.get(views.size() + ":"));
                collector.backward(l);
                lossValue = l.getFloat();
            }
            trainer.step();
            Gradients.zero(model.getBlock());
            if (!Float.isFinite(lossValue)) {
                throw new IllegalStateException("the NT-Xent loss became " + lossValue + " at step " + state.steps);
            }
            state.lossSum += lossValue;
            state.lossCount++;
            state.stepInEpoch++;
            state.steps++;
        }
    }

    private void validate(ViewBatch validation) {
        float[][] first = embed(validation.first(), validation.size(), validation.audioFrames());
        float[][] second = embed(validation.second(), validation.size(), validation.audioFrames());
        double mrr = RetrievalMetrics.evaluate(first, second).audioToSheet().mrr();
        double meanLoss = state.lossCount == 0 ? Double.NaN : state.lossSum / state.lossCount;
        state.history.add(new EpochRecord(state.epoch, state.steps, meanLoss, mrr, Double.NaN, state.learningRate,
                state.seconds));
        state.lossSum = 0;
        state.lossCount = 0;
        boolean better = mrr > state.bestMrr;
        log.accept(String.format(Locale.ROOT, "pre-training epoch %d: NT-Xent %.4f, validation view MRR %.4f%s",
                state.epoch, meanLoss, mrr, better ? " — best so far" : ""));
        if (better) {
            state.bestMrr = mrr;
            state.bestEpoch = state.epoch;
            state.badEpochs = 0;
            saveParameters(workDir.resolve("best"));
        } else if (++state.badEpochs >= config.patience()) {
            if (state.halvings >= MAX_HALVINGS) {
                state.stopReason = "no better validation MRR after " + MAX_HALVINGS + " learning-rate halvings";
            } else {
                state.halvings++;
                state.badEpochs = 0;
                state.learningRate /= 2;
                adam.setLearningRate(state.learningRate);
                log.accept(String.format(Locale.ROOT, "learning rate halved to %.2e", state.learningRate));
            }
        }
    }

    private float[][] embed(float[] values, int n, int audioFrames) {
        int per = values.length / n;
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += 128) {
            int b = Math.min(128, n - from);
            try (NDManager m = trainer.getManager().newSubManager()) {
                float[] chunk = new float[b * per];
                System.arraycopy(values, from * per, chunk, 0, chunk.length);
                NDArray z = block.forward(new ParameterStore(m, false),
                        new NDList(m.create(chunk, inputShape(b, audioFrames))), false).singletonOrThrow();
                float[] flat = z.toFloatArray();
                int d = flat.length / b;
                for (int i = 0; i < b; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    private Shape inputShape(int n, int audioFrames) {
        return config.modality() == ViewBatch.Modality.SHEET
                ? new Shape(n, 1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS)
                : new Shape(n, 1, NetworkSpec.AUDIO_BANDS, audioFrames);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- persistence: every parameter of the block by its (stable) key, and Adam's moments ----

    private Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        block.getParameters().forEach(p -> out.put(p.getKey(), p.getValue()));
        return out;
    }

    private void checkpoint() {
        Path dir = workDir.resolve("checkpoint");
        Path tmp = workDir.resolve("checkpoint.tmp");
        try {
            deleteTree(tmp);
            saveParameters(tmp);
            AdamOptimizer.State s = adam.state();
            Map<String, float[]> first = new HashMap<>();
            Map<String, float[]> second = new HashMap<>();
            Map<String, Integer> steps = new HashMap<>();
            parameters().forEach((key, p) -> {
                if (s.first().containsKey(p.getId())) {
                    first.put(key, s.first().get(p.getId()));
                    second.put(key, s.second().get(p.getId()));
                    steps.put(key, s.steps().get(p.getId()));
                }
            });
            writeArrays(tmp.resolve("optimizer-m.npz"), first);
            writeArrays(tmp.resolve("optimizer-v.npz"), second);
            writeJson(tmp.resolve("optimizer-steps.json"), steps);
            writeJson(tmp.resolve("state.json"), state);
            deleteTree(dir);
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private State readState() {
        Path file = workDir.resolve("checkpoint").resolve("state.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), State.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("can't read " + file + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void restore() {
        Path dir = workDir.resolve("checkpoint");
        loadParameters(dir.resolve("params.npz"));
        Map<String, Parameter> byKey = parameters();
        Map<String, NDArray> weightsById = new HashMap<>();
        byKey.values().forEach(p -> weightsById.put(p.getId(), p.getArray()));
        Map<String, float[]> first = readArrays(dir.resolve("optimizer-m.npz"), byKey);
        Map<String, float[]> second = readArrays(dir.resolve("optimizer-v.npz"), byKey);
        Map<String, Integer> steps = new HashMap<>();
        try {
            Map<String, Double> raw = GSON.fromJson(Files.readString(dir.resolve("optimizer-steps.json")), Map.class);
            raw.forEach((k, v) -> steps.put(byKey.get(k).getId(), v.intValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        adam.restore(new AdamOptimizer.State(first, second, steps), weightsById);
    }

    private void saveParameters(Path dir) {
        Map<String, float[]> values = new LinkedHashMap<>();
        parameters().forEach((k, p) -> values.put(k, p.getArray().toFloatArray()));
        try {
            Files.createDirectories(dir);
            writeArrays(dir.resolve("params.npz.tmp"), values);
            Files.move(dir.resolve("params.npz.tmp"), dir.resolve("params.npz"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write " + dir + ": " + e.getMessage(), e);
        }
    }

    private void loadParameters(Path npz) {
        Map<String, Parameter> byKey = parameters();
        readArrays(npz, byKey).forEach((id, values) -> byKey.values().stream()
                .filter(p -> p.getId().equals(id)).findFirst()
                .ifPresent(p -> NetworkRuntime.copyInto(p, values)));
    }

    private void writeArrays(Path file, Map<String, float[]> values) throws IOException {
        Map<String, Parameter> byKey = parameters();
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            values.forEach((k, v) -> arrays.put(k, scratch.create(v, byKey.get(k).getArray().getShape())));
            NpzArchive.write(file, arrays);
        }
    }

    /** Arrays of {@code file} keyed by the id of the parameter with the same key. */
    private static Map<String, float[]> readArrays(Path file, Map<String, Parameter> byKey) {
        Map<String, float[]> out = new HashMap<>();
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            NpzArchive.read(file, scratch).forEach((k, a) -> {
                Parameter p = byKey.get(k);
                if (p == null) {
                    throw new IllegalStateException(file + " holds " + k + ", which this network lacks");
                }
                out.put(p.getId(), a.toFloatArray());
            });
        }
        return out;
    }

    private static void writeJson(Path file, Object value) {
        try {
            Files.writeString(file, GSON.toJson(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write " + file, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        runtime.close();
    }
}
