package org.leggio.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.leggio.model.EmbedderOptions;
import org.leggio.model.NetworkSpec;
import org.leggio.model.eval.RetrievalMetrics;
import org.leggio.model.eval.RetrievalResult;
import org.leggio.model.internal.Devices;
import org.leggio.model.internal.ModelDirectory;
import org.leggio.model.internal.NetworkRuntime;
import org.leggio.model.internal.Pathway;
import org.leggio.model.train.internal.AdamOptimizer;
import org.leggio.model.train.internal.Gradients;
import org.leggio.model.train.internal.PreCcaPair;
import org.leggio.model.train.internal.RankingLoss;
import org.leggio.model.train.internal.TrainingFiles;
import org.leggio.model.train.internal.TrainingState;

/**
 * Supervised training of the two-pathway network (PAPER-SPEC §4.1–4.2): batches of matching
 * pairs, the batch CCA layer and the pairwise ranking loss, Adam; validation audio → sheet MRR
 * after every epoch; the learning rate halved from the best weights after {@code patience} epochs
 * without improvement, up to {@code refinements} times; then the CCA layer refit on {@code
 * refitPairs} training pairs ("est_UV") and the model written to {@code <workDir>/final}.
 *
 * <p>Interruptions: the run checkpoints every {@code checkpointSeconds} and after every epoch
 * (weights, Adam's moments, the moving CCA statistics, counters); opening the same work directory
 * again resumes from the latest checkpoint. The data order after a resume differs (the pair source
 * is the caller's), nothing else does.
 *
 * <p>Threading: one run per instance, on the calling thread; DJL's intra-op threads do the math.
 * Lifecycle: {@link #close()} frees the network.
 */
public final class EmbeddingTrainer implements AutoCloseable {
    private static final int EVAL_BATCH = 128;
    private static final long PROGRESS_NANOS = 15_000_000_000L;

    private final TrainingConfig config;
    private final Consumer<String> log;
    private final TrainingFiles files;
    private final NetworkRuntime runtime;
    private final Model model;
    private final Trainer trainer;
    private final AdamOptimizer adam;
    private final RankingLoss loss;
    private final TrainingState state;
    private PairBatch validationCca;

    private EmbeddingTrainer(TrainingConfig config, NetworkRuntime runtime, TrainingState state, TrainingFiles files,
            Consumer<String> log) {
        this.config = config;
        this.runtime = runtime;
        this.state = state;
        this.files = files;
        this.log = log;
        this.loss = new RankingLoss(config.margin(), CcaStatistics.DEFAULT_REGULARISER, config.ccaInTraining());
        this.adam = new AdamOptimizer(state.learningRate, config.weightDecay());
        freeze(runtime, config.frozenBlocks());
        this.model = Model.newInstance("leggio-train", runtime.device());
        model.setBlock(new PreCcaPair(runtime.network()));
        this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(adam)
                .optDevices(new Device[] {runtime.device()}));
    }

    /** Freezes the first {@code blocks} conv blocks of both pathways (their weights stay as loaded). */
    private static void freeze(NetworkRuntime runtime, int blocks) {
        for (Pathway p : new Pathway[] {runtime.network().sheet(), runtime.network().audio()}) {
            p.convolutionalPart().subList(0, blocks).forEach(b -> b.freezeParameters(true));
        }
    }

    /**
     * Opens a run in {@code workDir}: resumes its checkpoint when there is one (then {@code init} is
     * not used), else starts from {@code init}.
     *
     * @throws IllegalStateException when the checkpoint was written for another network spec
     */
    public static EmbeddingTrainer open(TrainingConfig config, ModelInit init, String modelId, Path workDir,
            Consumer<String> log) {
        Objects.requireNonNull(config, "config can't be null");
        Objects.requireNonNull(init, "init can't be null");
        Objects.requireNonNull(modelId, "modelId can't be null");
        TrainingFiles files = new TrainingFiles(workDir);
        TrainingState saved = files.readState();
        Device device = Devices.choose(EmbedderOptions.DeviceChoice.AUTO);
        if (saved != null) {
            if (!config.spec().toString().equals(saved.spec)) {
                throw new IllegalStateException("the checkpoint in " + workDir + " is for " + saved.spec
                        + ", not " + config.spec() + ": use another work directory");
            }
            if (saved.stopReason != null && !saved.stopReason.startsWith("no better")) {
                // stopped by a limit (epochs, time budget): a resumed run with new limits goes on
                saved.stopReason = null;
            }
            saved.learningRate = saved.refinementRound == 0 ? config.learningRate() : saved.learningRate;
            Path dir = files.checkpointDir();
            NetworkRuntime runtime = ModelDirectory.load(dir, device).runtime();
            EmbeddingTrainer t = new EmbeddingTrainer(config, runtime, saved, files, log);
            files.loadOptimizer(dir, runtime, t.adam, TrainingFiles.readSteps(dir));
            log.accept(String.format(Locale.ROOT, "resuming %s from epoch %d step %d (%d steps, best MRR %.4f)",
                    saved.modelId, saved.epoch, saved.stepInEpoch, saved.totalSteps, saved.bestMrr));
            return t;
        }
        TrainingState fresh = new TrainingState();
        fresh.modelId = modelId;
        fresh.spec = config.spec().toString();
        fresh.init = init.describe();
        fresh.learningRate = config.learningRate();
        fresh.cca = new CcaStatistics(config.spec().embeddingDim());
        NetworkRuntime runtime = init.build(config.spec(), device, log);
        log.accept("training " + modelId + " (" + config.spec() + ") on " + device + " from " + init.describe());
        return new EmbeddingTrainer(config, runtime, fresh, files, log);
    }

    /**
     * Trains until convergence, the epoch limit or the time budget, then refits the CCA layer and
     * writes the model.
     *
     * @param source training pairs (random, augmented), batches of {@code batchSize}
     * @param validation fixed validation pairs (their pieces never trained on)
     * @param validationCca fixed clean training pairs: each validation fits the CCA layer on their
     *     codes first (in inference mode, as the final refit does), so validation MRR measures the
     *     model that would be shipped, not a CCA estimated from training-mode batches
     * @param refit clean training pairs for the final CCA refit
     */
    public TrainingResult train(PairBatchSource source, PairBatch validation, PairBatch validationCca,
            PairBatchSource refit) {
        requireFrames(source.audioFrames(), "training source");
        requireFrames(validation.audioFrames(), "validation pairs");
        requireFrames(validationCca.audioFrames(), "validation CCA pairs");
        this.validationCca = validationCca;
        requireFrames(refit.audioFrames(), "refit source");
        long sessionStart = System.nanoTime();
        double secondsBefore = state.seconds;
        if (state.history.isEmpty()) {
            validate(validation, secondsBefore);
        }
        long lastCheckpoint = System.nanoTime();
        long lastProgress = System.nanoTime();
        long stepsAtProgress = state.totalSteps;
        while (state.stopReason == null) {
            if (state.epoch >= config.maxEpochs()) {
                state.stopReason = "reached " + config.maxEpochs() + " epochs";
                break;
            }
            while (state.stepInEpoch < config.stepsPerEpoch()) {
                step(source.next(config.batchSize()));
                long now = System.nanoTime();
                state.seconds = secondsBefore + (now - sessionStart) / 1e9;
                if (now - lastProgress >= PROGRESS_NANOS) {
                    progress((state.totalSteps - stepsAtProgress) * config.batchSize() / ((now - lastProgress) / 1e9));
                    lastProgress = now;
                    stepsAtProgress = state.totalSteps;
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
                endEpoch(validation, secondsBefore + (System.nanoTime() - sessionStart) / 1e9);
            }
            checkpoint();
            lastCheckpoint = System.nanoTime();
        }
        log.accept("stopped: " + state.stopReason);
        return finish(refit);
    }

    /** Runs {@code steps} training steps (no validation, no checkpoints); returns seconds per step. */
    double timeSteps(PairBatchSource source, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(source.next(config.batchSize()));
        }
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    private void step(PairBatch batch) {
        int b = batch.size();
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray sheet = m.create(batch.sheet(), new Shape(b, 1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS));
            NDArray audio = m.create(batch.audio(), new Shape(b, 1, NetworkSpec.AUDIO_BANDS, batch.audioFrames()));
            float lossValue;
            float[] h1;
            float[] h2;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList codes = trainer.forward(new NDList(sheet, audio));
                NDArray l = loss.loss(codes.get(0), codes.get(1));
                collector.backward(l);
                lossValue = l.getFloat();
                h1 = codes.get(0).toFloatArray();
                h2 = codes.get(1).toFloatArray();
            }
            trainer.step();
            Gradients.zero(model.getBlock());
            if (!Float.isFinite(lossValue)) {
                throw new IllegalStateException("the training loss became " + lossValue + " at step "
                        + state.totalSteps + "; lower the learning rate or check the data");
            }
            state.cca.decay(config.ccaDecay());
            state.cca.add(h1, h2, b);
            state.epochLossSum += lossValue;
            state.epochLossCount++;
            state.stepInEpoch++;
            state.totalSteps++;
        }
    }

    private void endEpoch(PairBatch validation, double seconds) {
        state.epoch++;
        state.stepInEpoch = 0;
        EpochRecord record = validate(validation, seconds);
        state.epochLossSum = 0;
        state.epochLossCount = 0;
        if (record.validationMrr() > state.bestMrr) {
            return;
        }
        state.badEpochs++;
        if (state.badEpochs < config.patience()) {
            return;
        }
        if (state.refinementRound >= config.refinements()) {
            state.stopReason = "no better validation MRR for " + config.patience() + " epochs after "
                    + config.refinements() + " learning-rate halvings";
            return;
        }
        state.refinementRound++;
        state.badEpochs = 0;
        state.learningRate /= 2;
        files.loadWeights(TrainingFiles.BEST, runtime);
        Path best = files.dir(TrainingFiles.BEST);
        if (Files.isRegularFile(best.resolve("optimizer.npz"))) {
            files.loadOptimizer(best, runtime, adam, TrainingFiles.readSteps(best));
        }
        adam.setLearningRate(state.learningRate);
        log.accept(String.format(Locale.ROOT,
                "no better validation MRR for %d epochs: back to epoch %d, learning rate halved to %.2e (round %d of %d)",
                config.patience(), state.bestEpoch, state.learningRate, state.refinementRound, config.refinements()));
    }

    private EpochRecord validate(PairBatch validation, double seconds) {
        long start = System.nanoTime();
        float[][][] codes = preCca(validation);
        CcaSolution cca = state.epoch == 0 && state.totalSteps == 0 ? currentCca() : fitCca(validationCca);
        RetrievalResult r = RetrievalMetrics.evaluate(cca.projectAudio(codes[1]), cca.projectSheet(codes[0]));
        double meanLoss = state.epochLossCount == 0 ? Double.NaN : state.epochLossSum / state.epochLossCount;
        EpochRecord record = new EpochRecord(state.epoch, state.totalSteps, meanLoss, r.audioToSheet().mrr(),
                r.sheetToAudio().mrr(), state.learningRate, seconds);
        state.history.add(record);
        boolean better = record.validationMrr() > state.bestMrr;
        log.accept(String.format(Locale.ROOT,
                "epoch %d: train loss %.4f, validation MRR audio→sheet %.4f, sheet→audio %.4f (%d pairs, %.0f s)%s",
                record.epoch(), meanLoss, record.validationMrr(), record.validationMrrSheetToAudio(), validation.size(),
                (System.nanoTime() - start) / 1e9, better ? " — best so far" : ""));
        if (better) {
            state.bestMrr = record.validationMrr();
            state.bestEpoch = record.epoch();
            state.badEpochs = 0;
            applyCca(cca);
            files.writeBest(runtime, adam, state.modelId);
        }
        return record;
    }

    /** The CCA layer fitted on the inference-mode codes of {@code pairs}. */
    private CcaSolution fitCca(PairBatch pairs) {
        float[][][] codes = preCca(pairs);
        CcaStatistics stats = new CcaStatistics(config.spec().embeddingDim());
        stats.add(flatten(codes[0]), flatten(codes[1]), pairs.size());
        return stats.solve();
    }

    private TrainingResult finish(PairBatchSource refit) {
        files.loadWeights(TrainingFiles.BEST, runtime);
        log.accept("refitting the CCA layer on " + config.refitPairs() + " training pairs (weights of epoch "
                + state.bestEpoch + ")");
        CcaStatistics stats = new CcaStatistics(config.spec().embeddingDim());
        int done = 0;
        long start = System.nanoTime();
        long lastProgress = start;
        while (done < config.refitPairs()) {
            PairBatch batch = refit.next(Math.min(EVAL_BATCH, config.refitPairs() - done));
            float[][][] codes = preCca(batch);
            stats.add(flatten(codes[0]), flatten(codes[1]), batch.size());
            done += batch.size();
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_NANOS && done < config.refitPairs()) {
                double perSecond = done / ((now - start) / 1e9);
                log.accept(String.format(Locale.ROOT, "refit %d/%d pairs, %.0f pairs/s, done in %s", done,
                        config.refitPairs(), perSecond, duration((long) ((config.refitPairs() - done) / perSecond))));
                lastProgress = now;
            }
        }
        applyCca(stats.solve());
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("modelId", state.modelId);
        description.put("init", state.init);
        description.put("config", config);
        description.put("bestEpoch", state.bestEpoch);
        description.put("bestValidationMrr", state.bestMrr);
        description.put("stopReason", state.stopReason);
        description.put("steps", state.totalSteps);
        description.put("seconds", state.seconds);
        description.put("refitPairs", done);
        description.put("history", state.history);
        files.writeFinal(runtime, state.modelId, description);
        log.accept("wrote " + files.dir(TrainingFiles.FINAL));
        return new TrainingResult(files.dir(TrainingFiles.FINAL), state.modelId, state.bestMrr, state.bestEpoch,
                state.stopReason, java.util.List.copyOf(state.history), state.seconds);
    }

    /** Pre-CCA codes {sheet[n][d], audio[n][d]} in inference mode (BatchNorm running statistics). */
    private float[][][] preCca(PairBatch pairs) {
        int n = pairs.size();
        int d = config.spec().embeddingDim();
        int t = pairs.audioFrames();
        float[][] sheet = new float[n][];
        float[][] audio = new float[n][];
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int b = Math.min(EVAL_BATCH, n - from);
            try (NDManager m = trainer.getManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(m, false);
                float[] s = new float[b * PairBatch.SHEET_VALUES];
                float[] a = new float[b * NetworkSpec.AUDIO_BANDS * t];
                System.arraycopy(pairs.sheet(), from * PairBatch.SHEET_VALUES, s, 0, s.length);
                System.arraycopy(pairs.audio(), from * NetworkSpec.AUDIO_BANDS * t, a, 0, a.length);
                float[] hs = codes(runtime.network().sheet(), ps,
                        m.create(s, new Shape(b, 1, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS)));
                float[] ha = codes(runtime.network().audio(), ps,
                        m.create(a, new Shape(b, 1, NetworkSpec.AUDIO_BANDS, t)));
                for (int i = 0; i < b; i++) {
                    sheet[from + i] = java.util.Arrays.copyOfRange(hs, i * d, (i + 1) * d);
                    audio[from + i] = java.util.Arrays.copyOfRange(ha, i * d, (i + 1) * d);
                }
            }
        }
        return new float[][][] {sheet, audio};
    }

    private static float[] codes(Pathway pathway, ParameterStore ps, NDArray input) {
        return pathway.preCca(ps, input, false).toFloatArray();
    }

    private CcaSolution currentCca() {
        int d = config.spec().embeddingDim();
        return new CcaSolution(runtime.network().sheet().cca().mean().getArray().toFloatArray(),
                square(runtime.network().sheet().cca().projection().getArray().toFloatArray(), d),
                runtime.network().audio().cca().mean().getArray().toFloatArray(),
                square(runtime.network().audio().cca().projection().getArray().toFloatArray(), d));
    }

    private void applyCca(CcaSolution cca) {
        NetworkRuntime.copyInto(runtime.network().sheet().cca().mean(), cca.sheetMean());
        NetworkRuntime.copyInto(runtime.network().sheet().cca().projection(), flatten(cca.sheetProjection()));
        NetworkRuntime.copyInto(runtime.network().audio().cca().mean(), cca.audioMean());
        NetworkRuntime.copyInto(runtime.network().audio().cca().projection(), flatten(cca.audioProjection()));
    }

    private void checkpoint() {
        if (state.cca.weight() >= 4.0 * config.spec().embeddingDim()) {
            applyCca(state.cca.solve());
        }
        files.writeCheckpoint(runtime, adam, state);
    }

    private void progress(double pairsPerSecond) {
        double meanLoss = state.epochLossCount == 0 ? Double.NaN : state.epochLossSum / state.epochLossCount;
        int left = config.stepsPerEpoch() - state.stepInEpoch;
        long etaSeconds = pairsPerSecond > 0 ? Math.round(left * config.batchSize() / pairsPerSecond) : -1;
        log.accept(String.format(Locale.ROOT,
                "epoch %d step %d/%d loss %.4f, %.1f pairs/s, lr %.2e, epoch done in %s, %s elapsed",
                state.epoch + 1, state.stepInEpoch, config.stepsPerEpoch(), meanLoss, pairsPerSecond, state.learningRate,
                duration(etaSeconds), duration(Math.round(state.seconds))));
    }

    private void requireFrames(int frames, String what) {
        if (frames != config.spec().audioContextFrames()) {
            throw new IllegalArgumentException("the " + what + " gives audio windows of " + frames
                    + " frames but the network takes " + config.spec().audioContextFrames());
        }
    }

    static String duration(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    private static float[] flatten(float[][] rows) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * d, d);
        }
        return out;
    }

    private static float[][] square(float[] flat, int d) {
        float[][] out = new float[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
        runtime.close();
    }
}
