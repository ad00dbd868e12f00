package org.leggio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leggio.dataset.asap.AsapCorpus;
import org.leggio.dataset.asap.Performance;
import org.leggio.dataset.asap.PieceSplit;
import org.leggio.dataset.asap.ScoreFolder;
import org.leggio.dataset.asap.VariantPlan;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.matcher.session.Identifier;
import org.leggio.matcher.session.IdentifierConfig;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.Verdict;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportProgress;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leggio eval lone}: identification with a library of one piece (a rehearsal app's usual library),
 * where no runner-up margin can refuse a look-alike. Every test piece's performance is played against
 * every test piece alone; reports the verified costs, whether the right piece is announced (and when),
 * and whether a wrong one ever is, under the identifier's defaults.
 */
@Command(name = "lone", mixinStandardHelpOptions = true,
        description = {"Identification against a library of one piece: each of N test pieces' first performance (its first",
            "SECONDS) against each of the N pieces alone, and the lone rule replayed for several bounds. Needs",
            "../shared/data/asap. Results in docs/evaluation.md."})
final class EvalLoneCommand implements Callable<Integer> {
    @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap", description = "ASAP corpus (default: ${DEFAULT-VALUE}).")
    Path asap;

    @Option(names = "--pieces", defaultValue = "7", description = "Pieces of the split (default: ${DEFAULT-VALUE}).")
    int pieces;

    @Option(names = "--split", defaultValue = "test", description = "valid (to choose the bound) or test (to report it; default: ${DEFAULT-VALUE}).")
    String splitName;

    @Option(names = "--seconds", defaultValue = "40", description = "Seconds of each performance, from its start (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--soundfont", paramLabel = "SF2", description = "Soundfont for the MIDI performances (default: TimGM6mb when installed).")
    Path soundfont;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "build/eval/lone", description = "Where each run's library of engraved pieces goes (default: ${DEFAULT-VALUE}).")
    Path work;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(asap.resolve(AsapCorpus.MANIFEST))) {
            throw new IllegalArgumentException("no ASAP corpus at " + asap + " (this evaluation needs ../shared/data/asap)");
        }
        AsapCorpus corpus = AsapCorpus.open(asap);
        PieceSplit split = PieceSplit.assign(corpus, VariantPlan.DEFAULT_SEED);
        PieceSplit.Split side = switch (splitName) {
            case "valid" -> PieceSplit.Split.VALID;
            case "test" -> PieceSplit.Split.TEST;
            default -> throw new IllegalArgumentException("--split must be valid or test, got " + splitName);
        };
        List<ScoreFolder> folders = corpus.scoreFolders().stream()
                .filter(f -> split.splitOf(f.pieceId()) == side && f.hasPerformances()).limit(pieces).toList();
        Path bank = soundfont != null ? soundfont : Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        List<ScoreIndex> scores = new ArrayList<>();
        List<float[][]> audio = new ArrayList<>();
        List<boolean[]> audible = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Embedder embedder = Embedders.open(model.resolve());
                ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
            // a fresh library per run: the pieces are only needed while this runs
            ScoreLibrary library = ScoreLibrary.open(Files.createTempDirectory(Files.createDirectories(work), "library-"));
            for (ScoreFolder folder : folders) {
                System.err.printf("%s: engraving and embedding the score…%n", folder.pieceId());
                scores.add(importer.importScore(ImportRequest.of(List.of(folder.scorePath()), PieceMetadata.newBuilder()
                        .setTitle(folder.pieceId()).build()), library, ImportProgress.NONE));
                Performance performance = corpus.performancesOf(folder).get(0);
                float[][] bands = firstFrames(Spectrograms.of(AudioSources.openMidi(performance.midiPath(),
                        Files.isRegularFile(bank) ? bank : null)), seconds * 20);
                audio.add(AudioEmbeddingRun.embed(embedder, bands, null));
                audible.add(SilenceGate.audible(bands, audio.get(audio.size() - 1).length));
                names.add(folder.pieceId() + " (" + performance.performanceId() + ")");
            }
        }
        report(scores, audio, audible, names);
        return 0;
    }

    /** One performance against one piece alone: its verified costs in order, and when each came (s of audio). */
    private record Pair(boolean right, List<Double> costs, List<Double> times) {}

    private void report(List<ScoreIndex> scores, List<float[][]> audio, List<boolean[]> audible, List<String> names) {
        IdentifierConfig config = IdentifierConfig.defaults(10);
        List<List<Pair>> byPerformance = new ArrayList<>();
        for (int a = 0; a < audio.size(); a++) {
            List<Pair> pairs = new ArrayList<>();
            for (int p = 0; p < scores.size(); p++) {
                pairs.add(pair(p == a, new Identifier(PieceLibrary.of(List.of(scores.get(p))), config), audio.get(a),
                        audible.get(a)));
            }
            byPerformance.add(pairs);
        }
        System.out.printf(Locale.ROOT, "lone-piece identification, %d %s pieces, first %d s of a performance each%n",
                scores.size(), splitName, seconds);
        System.out.println("| performance | right piece: cost min / median / max | wrong pieces: cost min / median |");
        System.out.println("|---|---|---|");
        for (int a = 0; a < byPerformance.size(); a++) {
            List<Double> right = new ArrayList<>();
            List<Double> wrong = new ArrayList<>();
            for (Pair pair : byPerformance.get(a)) {
                (pair.right() ? right : wrong).addAll(pair.costs());
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", names.get(a), stats(right, true), stats(wrong, false));
        }
        System.out.println();
        System.out.println("| lone bound | in a row | right piece announced | median time | wrong piece announced (pairs) |");
        System.out.println("|---|---|---|---|---|");
        for (double bound : new double[] {0.75, 0.5, 0.45, 0.4}) {
            for (int streak : new int[] {1, 3, 5}) {
                sweepRow(byPerformance, bound, streak, bound == config.loneMaxCost()
                        && streak == IdentifierConfig.LONE_VERIFICATIONS);
            }
        }
    }

    private static Pair pair(boolean right, Identifier identifier, float[][] embeddings, boolean[] audible) {
        List<Double> costs = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < embeddings.length; i++) {
            if (!audible[i]) {
                continue;
            }
            Verdict verdict = identifier.step(embeddings[i]);
            if (verdict != null) {
                costs.add(verdict.best().cost());
                times.add((i + 1) / 10.0);
            }
        }
        return new Pair(right, costs, times);
    }

    /** The lone rule (cost at most {@code bound} on {@code streak} verifications in a row) replayed on every pair. */
    private static void sweepRow(List<List<Pair>> byPerformance, double bound, int streak, boolean isDefault) {
        int right = 0;
        int performances = byPerformance.size();
        int wrong = 0;
        int wrongPairs = 0;
        List<Double> times = new ArrayList<>();
        for (List<Pair> pairs : byPerformance) {
            for (Pair pair : pairs) {
                double at = firstAnnounced(pair, bound, streak);
                if (pair.right()) {
                    right += Double.isNaN(at) ? 0 : 1;
                    if (!Double.isNaN(at)) {
                        times.add(at);
                    }
                } else {
                    wrongPairs++;
                    wrong += Double.isNaN(at) ? 0 : 1;
                }
            }
        }
        System.out.printf(Locale.ROOT, "| %s%.2f | %d | %d of %d | %.1f s | %d of %d |%n", isDefault ? "**default** " : "",
                bound, streak, right, performances, median(times), wrong, wrongPairs);
    }

    private static double firstAnnounced(Pair pair, double bound, int streak) {
        int run = 0;
        for (int i = 0; i < pair.costs().size(); i++) {
            run = pair.costs().get(i) <= bound ? run + 1 : 0;
            if (run >= streak) {
                return pair.times().get(i);
            }
        }
        return Double.NaN;
    }

    private static String stats(List<Double> costs, boolean withMax) {
        if (costs.isEmpty()) {
            return "—";
        }
        List<Double> sorted = costs.stream().sorted().toList();
        return String.format(Locale.ROOT, withMax ? "%.2f / %.2f / %.2f" : "%.2f / %.2f", sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.stream().sorted().toList().get(values.size() / 2);
    }

    private static float[][] firstFrames(float[][] bands, int frames) {
        float[][] out = new float[bands.length][];
        for (int b = 0; b < bands.length; b++) {
            out[b] = java.util.Arrays.copyOf(bands[b], Math.min(frames, bands[b].length));
        }
        return out;
    }
}
