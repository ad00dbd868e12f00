package org.leggio.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leggio.dataset.AudioWindow;
import org.leggio.dataset.DatasetBuilder;
import org.leggio.dataset.PairSetExporter;
import org.leggio.dataset.asap.PieceSplit;
import org.leggio.dataset.asap.VariantPlan;
import org.leggio.model.eval.PairSet;
import org.leggio.score.EngraverOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio dataset build|pairs}: training and evaluation data from the (n)ASAP corpus. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        subcommands = {DatasetCommand.Build.class, DatasetCommand.Pairs.class},
        description = "Builds training/evaluation data from ../shared/data/asap (format: docs/dataset-format.md).")
final class DatasetCommand {

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Splits the corpus by piece, engraves every score, synthesises every performance MIDI,",
                "joins the note alignments to the noteheads and writes following ground truth and the pair index.",
                "Resumable: finished scores and renderings are kept. Needs ../shared/data/asap."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap",
                description = "The (n)ASAP folder (default: ${DEFAULT-VALUE}).")
        Path asap;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "build/dataset",
                description = "Build folder (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--threads", description = "Parallel workers (default: the number of cores).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--tempo-factors", split = ",", paramLabel = "F",
                description = "Renderings per performance at these tempo factors (default: 1.0; e.g. 1.0,0.8,1.25).")
        List<Double> tempoFactors = List.of(1.0);

        @Option(names = "--only", split = ",", paramLabel = "FOLDER",
                description = "Build only these score folders, e.g. Bach/Fugue/bwv_848 (the split still covers the whole corpus; the pair index then holds only their pairs, so use its own --out).")
        List<String> only = List.of();

        @Option(names = "--split-seed", description = "Seed of the split by piece (default: ${DEFAULT-VALUE}).")
        long splitSeed = VariantPlan.DEFAULT_SEED;

        @Option(names = "--soundfont", split = ",", paramLabel = "SF2",
                description = "Render with these SF2 banks only (default: every installed bank; e.g."
                        + " /usr/share/sounds/sf2/FluidR3_GM.sf2 from Debian's fluid-soundfont-gm for a bank the model never heard; use its own --out).")
        List<Path> soundfonts = List.of();

        @Override
        public Integer call() throws Exception {
            for (Path sf2 : soundfonts) {
                if (!java.nio.file.Files.isRegularFile(sf2)) {
                    throw new IllegalArgumentException("--soundfont " + sf2 + ": no such file");
                }
            }
            // given banks replace the installed ones, which are then not looked for (there may be none)
            VariantPlan plan = (soundfonts.isEmpty() ? VariantPlan.defaults()
                    : VariantPlan.defaults(soundfonts.stream().map(org.leggio.dataset.asap.SoundfontBank::of).toList()))
                    .withTempoFactors(tempoFactors);
            DatasetBuilder.Options options = new DatasetBuilder.Options(asap, out, threads,
                    plan, splitSeed, EngraverOptions.defaults(), only);
            DatasetBuilder.Summary s = DatasetBuilder.build(options, System.err::println);
            System.out.printf(Locale.ROOT, "dataset built in %s (%.1f min): %d pieces, %d score folders (%d pages), "
                            + "%d performances, %d renderings (%.1f h of audio)%n", out, s.seconds() / 60, s.pieces(),
                    s.scoreFolders(), s.engravedPages(), s.performances(), s.renderings(), s.audioHours());
            System.out.printf(Locale.ROOT, "notes: %d matched, %d joined (%d invisible mapped to a drawn note), "
                            + "%d without a notehead, %d not in the score%n", s.notes().matched(), s.notes().joined(),
                    s.notes().invisibleMapped(), s.notes().notDrawn(), s.notes().notInScore());
            System.out.println("pairs by split: " + s.pairsBySplit() + "; pieces by split: " + s.piecesBySplit());
            if (!s.failures().isEmpty()) {
                System.out.println(s.failures().size() + " failures:");
                s.failures().forEach(f -> System.out.println("  " + f));
                return Leggio.EXIT_FAILURE;
            }
            return 0;
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true,
            description = "Cuts a random sample of a split's pairs into a pair set (docs/pairs-format.md) for `leggio eval retrieval`.")
    static final class Pairs implements Callable<Integer> {
        @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset",
                description = "Build folder of `leggio dataset build` (default: ${DEFAULT-VALUE}).")
        Path dataset;

        @Option(names = "--split", defaultValue = "test", description = "train, valid or test (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--n", defaultValue = "2000", description = "Pairs (default: ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--frames", defaultValue = "84", description = "Audio window T, frames (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--window", defaultValue = "CENTRED",
                description = "CENTRED (the paper's pairing) or CAUSAL (window ends at the onset) (default: ${DEFAULT-VALUE}).")
        AudioWindow window;

        @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--tempo-factor", paramLabel = "F",
                description = "Only pairs of renderings at this tempo factor (from `dataset build --tempo-factors`); default: all.")
        Double tempoFactor;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Pair set directory to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (PieceSplit.Split.values().length > 0 && !List.of("train", "valid", "test").contains(split)) {
                throw new IllegalArgumentException("--split must be train, valid or test, not " + split);
            }
            if (tempoFactor != null && !(tempoFactor > 0)) {
                throw new IllegalArgumentException("--tempo-factor must be positive, not " + tempoFactor);
            }
            PairSet set = PairSetExporter.export(dataset, split, n, frames, window, seed,
                    tempoFactor == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(tempoFactor),
                    System.err::println);
            set.write(out);
            System.out.printf("wrote %d pairs of %d pieces (%s split) to %s%n", set.size(), set.pieces().size(), split, out);
            return 0;
        }
    }
}
