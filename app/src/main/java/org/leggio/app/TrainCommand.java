package org.leggio.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.leggio.dataset.AudioWindow;
import org.leggio.dataset.training.Augmentation;
import org.leggio.dataset.training.FixedPairs;
import org.leggio.dataset.training.PairSampler;
import org.leggio.dataset.training.TrainingData;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.EmbeddingTrainer;
import org.leggio.model.train.ModelInit;
import org.leggio.model.train.PairBatch;
import org.leggio.model.train.TrainingConfig;
import org.leggio.model.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio train}: supervised training of an embedding model on a dataset build. */
@Command(name = "train", mixinStandardHelpOptions = true,
        subcommands = {PretrainCommand.class},
        description = {"Trains the audio–sheet embedding network on a dataset build (leggio dataset build):",
            "ranking loss with the batch CCA layer, Adam, validation MRR each epoch on the validation pieces,",
            "learning-rate halving, early stopping, CCA refit on 25,000 training pairs. Checkpoints every few",
            "minutes into --work; running the same command again resumes. The model is written to <work>/final."})
final class TrainCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset",
            description = "Dataset build folder (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Work folder for checkpoints and the result (default: build/train/<model-id>).")
    Path work;

    @Option(names = "--model-id", paramLabel = "ID",
            description = "Id of the trained model (default: leggio-t<T>-<window>[-att]).")
    String modelId;

    @Option(names = "--init", paramLabel = "M",
            description = "Initial weights: a published .npz or a Leggio model directory (e.g. a `leggio train pretrain`"
                    + " result), or 'scratch'. Default: ../shared/" + ModelOption.PUBLISHED_DEFAULT + " when present,"
                    + " else scratch.")
    String init;

    @Option(names = "--window", defaultValue = "CENTRED",
            description = "Audio window relative to the onset: CENTRED (published) or CAUSAL (ends at the onset).")
    AudioWindow window;

    @Option(names = "--frames", defaultValue = "84", description = "Audio window T in frames: 42, 84, 168 (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--attention", description = "Add the soft-attention branch to the audio pathway.")
    boolean attention;

    @Option(names = "--no-cca-training", description = "Train without the batch CCA layer in the loss (ablation).")
    boolean noCca;

    @Option(names = "--no-augmentation", description = "Train on clean pairs only (default: the published augmentation plus light noise and blur).")
    boolean noAugmentation;

    @Option(names = "--batch", defaultValue = "128", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "4e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--margin", defaultValue = "0.6", description = "Hinge margin (default: ${DEFAULT-VALUE}).")
    float margin;

    @Option(names = "--pairs-per-epoch", defaultValue = "8192", description = "Pairs per epoch (default: ${DEFAULT-VALUE}).")
    int pairsPerEpoch;

    @Option(names = "--max-epochs", defaultValue = "60", description = "Epoch limit (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--patience", defaultValue = "3",
            description = "Epochs without a better validation MRR before halving the rate (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--refinements", defaultValue = "2", description = "Rate halvings before stopping (default: ${DEFAULT-VALUE}).")
    int refinements;

    @Option(names = "--validation-pairs", defaultValue = "2048",
            description = "Validation pairs, and as many clean training pairs to fit the CCA layer before each validation (default: ${DEFAULT-VALUE}).")
    int validationPairs;

    @Option(names = "--refit-pairs", defaultValue = "25000", description = "Training pairs of the CCA refit (default: ${DEFAULT-VALUE}).")
    int refitPairs;

    @Option(names = "--max-hours", defaultValue = "0", description = "Wall-time budget in hours, 0 = none (default: ${DEFAULT-VALUE}).")
    double maxHours;

    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "Minutes between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointMinutes;

    @Option(names = "--freeze-blocks", defaultValue = "0",
            description = "Keep the first N conv blocks of both pathways fixed (0–4); 2 makes CPU fine-tuning ~1.6× faster (default: ${DEFAULT-VALUE}).")
    int freezeBlocks;

    @Option(names = "--seed", defaultValue = "123", description = "Seed of the initialisation and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        NetworkSpec spec = new NetworkSpec(frames, attention, 32);
        String id = modelId != null ? modelId
                : "leggio-t" + frames + "-" + window.name().toLowerCase(Locale.ROOT) + (attention ? "-att" : "");
        Path workDir = work != null ? work : Path.of("build", "train", id);
        Files.createDirectories(workDir);
        Consumer<String> log = logTo(workDir.resolve("train.log"));
        TrainingConfig config = TrainingConfig.defaults(spec).withBatchSize(batch).withLearningRate(learningRate)
                .withMargin(margin).withCcaInTraining(!noCca).withPairsPerEpoch(pairsPerEpoch).withMaxEpochs(maxEpochs)
                .withPatience(patience, refinements).withRefitPairs(refitPairs)
                .withCheckpointSeconds(checkpointMinutes * 60).withMaxSeconds(Math.round(maxHours * 3600))
                .withSeed(seed).withFrozenBlocks(freezeBlocks);
        ModelInit modelInit = resolveInit();
        log.accept("command: train --dataset " + dataset + " --window " + window + " --frames " + frames
                + (attention ? " --attention" : "") + (noCca ? " --no-cca-training" : "")
                + (noAugmentation ? " --no-augmentation" : "") + " --init " + modelInit.describe() + "; " + config);
        TrainingData train = TrainingData.load(dataset, "train", log);
        TrainingData valid = TrainingData.load(dataset, "valid", log);
        log.accept(String.format(Locale.ROOT, "train: %d pairs of %d pieces; valid: %d pairs of %d pieces",
                train.pairCount(), train.pieceCount(), valid.pairCount(), valid.pieceCount()));
        PairBatch validation = PairSampler.fixed(valid, validationPairs, frames, window);
        PairBatch validationCca = PairSampler.fixed(train, validationPairs, frames, window);
        FixedPairs refit = new FixedPairs(train, refitPairs, frames, window);
        Augmentation augmentation = noAugmentation ? Augmentation.none() : Augmentation.standard();
        TrainingResult result;
        try (PairSampler sampler = new PairSampler(train, frames, window, augmentation, seed);
                EmbeddingTrainer trainer = EmbeddingTrainer.open(config, modelInit, id, workDir, log)) {
            result = trainer.train(sampler, validation, validationCca, refit);
        }
        System.out.printf(Locale.ROOT, "trained %s: best validation MRR %.4f at epoch %d (%s); %.1f h; model in %s%n",
                result.modelId(), result.bestValidationMrr(), result.bestEpoch(), result.stopReason(),
                result.seconds() / 3600, result.modelDir());
        return 0;
    }

    private ModelInit resolveInit() {
        if ("scratch".equalsIgnoreCase(init)) {
            return ModelInit.scratch(seed);
        }
        if (init != null) {
            return ModelInit.from(Path.of(init), seed);
        }
        try {
            return ModelInit.from(new ModelOption().resolvePublished(), seed);
        } catch (IllegalArgumentException e) {
            return ModelInit.scratch(seed);
        }
    }

    /** Lines with a clock to stderr and appended to {@code file}. */
    static Consumer<String> logTo(Path file) {
        return line -> {
            String stamped = LocalTime.now().format(CLOCK) + " " + line;
            System.err.println(stamped);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                w.println(stamped);
            } catch (IOException e) {
                System.err.println("(can't append to " + file + ": " + e.getMessage() + ")");
            }
        };
    }
}
