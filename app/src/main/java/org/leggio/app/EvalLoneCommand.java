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
            "SECONDS) against each of the N pieces alone. Needs ../shared/data/asap. Results in docs/evaluation.md."})
final class EvalLoneCommand implements Callable<Integer> {
    private static final float SILENCE = 0.02f;

    @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap", description = "ASAP corpus (default: ${DEFAULT-VALUE}).")
    Path asap;

    @Option(names = "--pieces", defaultValue = "7", description = "Test pieces (default: ${DEFAULT-VALUE}).")
    int pieces;

    @Option(names = "--seconds", defaultValue = "40", description = "Seconds of each performance, from its start (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--soundfont", paramLabel = "SF2", description = "Soundfont for the MIDI performances (default: TimGM6mb when installed).")
    Path soundfont;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "build/eval/lone", description = "Library of the engraved pieces (default: ${DEFAULT-VALUE}).")
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
        List<ScoreFolder> folders = corpus.scoreFolders().stream()
                .filter(f -> split.splitOf(f.pieceId()) == PieceSplit.Split.TEST && f.hasPerformances()).limit(pieces).toList();
        Path bank = soundfont != null ? soundfont : Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        List<ScoreIndex> scores = new ArrayList<>();
        List<float[][]> audio = new ArrayList<>();
        List<boolean[]> audible = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Embedder embedder = Embedders.open(model.resolve());
                ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
            ScoreLibrary library = ScoreLibrary.open(work);
            for (ScoreFolder folder : folders) {
                System.err.printf("%s: engraving and embedding the score…%n", folder.pieceId());
                scores.add(importer.importScore(ImportRequest.of(List.of(folder.scorePath()), PieceMetadata.newBuilder()
                        .setTitle(folder.pieceId()).build()), library, ImportProgress.NONE));
                Performance performance = corpus.performancesOf(folder).get(0);
                float[][] bands = firstFrames(Spectrograms.of(AudioSources.openMidi(performance.midiPath(),
                        Files.isRegularFile(bank) ? bank : null)), seconds * 20);
                audio.add(AudioEmbeddingRun.embed(embedder, bands, null));
                audible.add(audible(bands, audio.get(audio.size() - 1).length));
                names.add(folder.pieceId() + " (" + performance.performanceId() + ")");
            }
        }
        report(scores, audio, audible, names);
        return 0;
    }

    private void report(List<ScoreIndex> scores, List<float[][]> audio, List<boolean[]> audible, List<String> names) {
        IdentifierConfig config = IdentifierConfig.defaults(10);
        int rightAnnounced = 0;
        int wrongAnnounced = 0;
        List<Double> firstRight = new ArrayList<>();
        System.out.printf(Locale.ROOT, "lone-piece identification, %d test pieces, first %d s, loneMaxCost %.2f, %d in a row%n",
                scores.size(), seconds, config.loneMaxCost(), IdentifierConfig.LONE_VERIFICATIONS);
        System.out.println("| performance | right piece: cost min / median / max | announced after | wrong pieces: cost min / median | wrong announced |");
        System.out.println("|---|---|---|---|---|");
        for (int a = 0; a < audio.size(); a++) {
            double announcedAt = Double.NaN;
            List<Double> rightCosts = new ArrayList<>();
            List<Double> wrongCosts = new ArrayList<>();
            int wrongHere = 0;
            for (int p = 0; p < scores.size(); p++) {
                Identifier identifier = new Identifier(PieceLibrary.of(List.of(scores.get(p))), config);
                boolean announced = false;
                for (int i = 0; i < audio.get(a).length; i++) {
                    if (!audible.get(a)[i]) {
                        continue;
                    }
                    Verdict verdict = identifier.step(audio.get(a)[i]);
                    if (verdict == null) {
                        continue;
                    }
                    (p == a ? rightCosts : wrongCosts).add(verdict.best().cost());
                    if (verdict.announced() && !announced) {
                        announced = true;
                        if (p == a) {
                            announcedAt = (i + 1) / 10.0;
                        }
                    }
                }
                wrongHere += p != a && announced ? 1 : 0;
            }
            rightAnnounced += Double.isNaN(announcedAt) ? 0 : 1;
            wrongAnnounced += wrongHere;
            if (!Double.isNaN(announcedAt)) {
                firstRight.add(announcedAt);
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d of %d |%n", names.get(a), stats(rightCosts, true),
                    Double.isNaN(announcedAt) ? "never" : String.format(Locale.ROOT, "%.1f s", announcedAt),
                    stats(wrongCosts, false), wrongHere, scores.size() - 1);
        }
        int pairs = scores.size() * (scores.size() - 1);
        System.out.printf(Locale.ROOT, "right piece announced: %d of %d (median after %.1f s); a wrong piece announced: %d of %d pairs%n",
                rightAnnounced, audio.size(), median(firstRight), wrongAnnounced, pairs);
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

    /** Whether the 10 frames up to each embedding's last frame have sound, as the matcher's silence gate. */
    private static boolean[] audible(float[][] bands, int embeddings) {
        boolean[] out = new boolean[embeddings];
        for (int i = 0; i < embeddings; i++) {
            int last = (int) AudioEmbeddingRun.frameOf(i);
            double sum = 0;
            int n = 0;
            for (int f = Math.max(0, last - 9); f <= last; f++) {
                for (float[] band : bands) {
                    sum += band[f];
                    n++;
                }
            }
            out[i] = sum / n > SILENCE;
        }
        return out;
    }
}
