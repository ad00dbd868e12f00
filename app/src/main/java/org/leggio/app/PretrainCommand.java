package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.leggio.dataset.training.TrainingData;
import org.leggio.dataset.training.ViewSampler;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.ContrastivePretrainer;
import org.leggio.model.train.ModelInit;
import org.leggio.model.train.PretrainConfig;
import org.leggio.model.train.ViewBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio train pretrain}: contrastive pre-training of one encoder on unpaired data. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Contrastive (NT-Xent, SimCLR) pre-training of the audio or the sheet encoder on unpaired",
            "spectrograms or score strips of a dataset build (PAPER-SPEC §4.3). The result in <work>/final is a",
            "model directory to pass to `leggio train --init`. Resumable like `leggio train`."})
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset",
            description = "Dataset build folder; only its spectrograms or strips are used (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--modality", required = true, description = "AUDIO or SHEET.")
    ViewBatch.Modality modality;

    @Option(names = "--work", paramLabel = "DIR", description = "Work folder (default: build/pretrain/<modality>).")
    Path work;

    @Option(names = "--init", paramLabel = "M", description = "Initial weights (a model directory or .npz); default scratch.")
    Path init;

    @Option(names = "--frames", defaultValue = "84", description = "Audio window T (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--batch", description = "Items per step (default: 128 audio, 256 sheet).")
    Integer batch;

    @Option(names = "--items-per-epoch", defaultValue = "8192", description = "Items per epoch (default: ${DEFAULT-VALUE}).")
    int itemsPerEpoch;

    @Option(names = "--max-epochs", defaultValue = "100", description = "Epoch limit (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--patience", defaultValue = "5", description = "Epochs before halving the rate (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--validation-items", defaultValue = "1024", description = "Validation items (default: ${DEFAULT-VALUE}).")
    int validationItems;

    @Option(names = "--max-hours", defaultValue = "0", description = "Wall-time budget in hours, 0 = none.")
    double maxHours;

    @Option(names = "--seed", defaultValue = "123", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        String name = modality.name().toLowerCase(Locale.ROOT);
        Path workDir = work != null ? work : Path.of("build", "pretrain", name);
        Files.createDirectories(workDir);
        Consumer<String> log = TrainCommand.logTo(workDir.resolve("pretrain.log"));
        NetworkSpec spec = new NetworkSpec(frames, false, 32);
        PretrainConfig defaults = PretrainConfig.defaults(spec, modality);
        PretrainConfig config = defaults.withLimits(batch != null ? batch : defaults.batchSize(), itemsPerEpoch,
                maxEpochs, patience, Math.round(maxHours * 3600));
        TrainingData train = TrainingData.load(dataset, "train", log);
        TrainingData valid = TrainingData.load(dataset, "valid", log);
        ModelInit modelInit = init == null ? ModelInit.scratch(seed) : ModelInit.from(init, seed);
        log.accept("pre-training the " + name + " encoder: " + config);
        Path result;
        try (ViewSampler views = sampler(train, seed); ViewSampler validationViews = sampler(valid, seed + 1);
                ContrastivePretrainer p = ContrastivePretrainer.open(config, modelInit, "leggio-pretrain-" + name,
                        workDir, log)) {
            result = p.train(views, validationViews.batch(0, validationItems));
        }
        System.out.println("pre-trained " + name + " encoder in " + result + " (use: leggio train --init " + result + ")");
        return 0;
    }

    private ViewSampler sampler(TrainingData data, long s) {
        return modality == ViewBatch.Modality.AUDIO ? ViewSampler.audio(data, frames, s) : ViewSampler.sheet(data, s);
    }
}
