package org.leggio.dataset;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.leggio.dataset.asap.AsapCorpus;
import org.leggio.dataset.asap.AudioBuilder;
import org.leggio.dataset.asap.AudioStore;
import org.leggio.dataset.asap.Performance;
import org.leggio.dataset.asap.PieceSplit;
import org.leggio.dataset.asap.ScoreFolder;
import org.leggio.dataset.asap.SynthesisVariant;
import org.leggio.dataset.asap.VariantPlan;
import org.leggio.dataset.sheet.EngravedPiece;
import org.leggio.dataset.sheet.SheetStage;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ScoreException;
import org.leggio.score.ScoreTimeline;

/**
 * Builds Leggio's training and evaluation data from the (n)ASAP corpus (docs/dataset-format.md):
 * the split by piece, every score engraved ({@code scores/}), every performance synthesised
 * ({@code audio/}), the following ground truth ({@code groundtruth/}) and the pair index per split
 * ({@code pairs/}), then {@code summary.json}. Resumable: engraved scores and rendered audio that
 * are complete are kept; the join is redone (it takes seconds).
 */
public final class DatasetBuilder {
    /**
     * How to build.
     *
     * @param asapDir {@code ../shared/data/asap}
     * @param outDir the build folder
     * @param threads parallel workers for engraving and synthesis
     * @param variants which renderings of each performance
     * @param splitSeed seed of the split by piece
     * @param engraver how to run Verovio
     * @param onlyFolders build only these score folders (the split still covers the whole corpus);
     *     empty for all
     */
    public record Options(Path asapDir, Path outDir, int threads, VariantPlan variants, long splitSeed,
            EngraverOptions engraver, List<String> onlyFolders) {
        public Options {
            onlyFolders = List.copyOf(onlyFolders);
            Objects.requireNonNull(asapDir, "asapDir");
            Objects.requireNonNull(outDir, "outDir");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1 but is " + threads);
            }
        }
    }

    /** The outcome, also written as {@code summary.json}. */
    public record Summary(int pieces, int scoreFolders, int performances, int renderings, double audioHours,
            Map<String, Integer> pairsBySplit, Map<String, Integer> piecesBySplit, JoinStage.Counts notes,
            int engravedPages, List<String> failures, double seconds) {}

    private DatasetBuilder() {}

    /** Runs every stage; progress lines go to {@code progress}. */
    public static Summary build(Options options, Consumer<String> progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path out = options.outDir();
        Files.createDirectories(out);
        AsapCorpus corpus = AsapCorpus.open(options.asapDir());
        PieceSplit split = PieceSplit.assign(corpus, options.splitSeed());
        split.write(out.resolve(PieceSplit.FILE_NAME));
        progress.accept("split by piece (seed " + options.splitSeed() + "), written to " + out.resolve(PieceSplit.FILE_NAME));
        progress.accept(split.summary(corpus));
        if (!options.onlyFolders().isEmpty()) {
            corpus = corpus.restrictedTo(options.onlyFolders());
            progress.accept("building only " + options.onlyFolders());
        }

        progress.accept("engraving " + corpus.scoreFolders().size() + " scores with Verovio…");
        List<SheetStage.Job> jobs = corpus.scoreFolders().stream()
                .map(f -> new SheetStage.Job(f.folder(), f.scorePath())).toList();
        SheetStage.Summary sheets = SheetStage.run(jobs, out.resolve("scores"), options.engraver(), options.threads(),
                progress);
        progress.accept(String.format(Locale.ROOT, "engraved %d, kept %d, failed %d (%.0f s)", sheets.engraved(),
                sheets.skipped(), sheets.failures().size(), sheets.seconds()));

        progress.accept("synthesising " + corpus.performances().size() + " performances…");
        AudioBuilder.Summary audio = AudioBuilder.build(corpus, out.resolve("audio"), options.variants(),
                options.threads(), progress);
        progress.accept(String.format(Locale.ROOT, "rendered %d, kept %d, failed %d (%.0f s)", audio.rendered(),
                audio.skipped(), audio.failures().size(), audio.wallSeconds()));

        progress.accept("joining alignments to noteheads…");
        List<String> failures = new ArrayList<>();
        failures.addAll(sheets.failures());
        failures.addAll(audio.failures());
        Join join = joinAll(corpus, split, options, failures, progress);
        Map<String, Integer> pairsBySplit = new LinkedHashMap<>();
        Map<String, Integer> piecesBySplit = new LinkedHashMap<>();
        for (PieceSplit.Split side : PieceSplit.Split.values()) {
            List<PairIndex.Row> rows = join.pairs.get(side);
            PairIndex.write(out.resolve("pairs").resolve(side.label()), rows);
            pairsBySplit.put(side.label(), rows.size());
            piecesBySplit.put(side.label(), split.pieceIds(side).size());
        }
        Summary summary = new Summary(corpus.pieceIds().size(), corpus.scoreFolders().size(), corpus.performances().size(),
                join.renderings, join.audioSeconds / 3600, pairsBySplit, piecesBySplit, join.counts, sheets.pages(),
                List.copyOf(failures), (System.nanoTime() - start) / 1e9);
        Files.writeString(out.resolve("summary.json"), new GsonBuilder().setPrettyPrinting().create().toJson(summary),
                StandardCharsets.UTF_8);
        return summary;
    }

    private static final class Join {
        final Map<PieceSplit.Split, List<PairIndex.Row>> pairs = new EnumMap<>(PieceSplit.Split.class);
        JoinStage.Counts counts = JoinStage.Counts.ZERO;
        int renderings;
        double audioSeconds;
    }

    private static Join joinAll(AsapCorpus corpus, PieceSplit split, Options options, List<String> failures,
            Consumer<String> progress) throws IOException {
        Join join = new Join();
        for (PieceSplit.Split side : PieceSplit.Split.values()) {
            join.pairs.put(side, new ArrayList<>());
        }
        AudioStore store = new AudioStore(options.outDir().resolve("audio"));
        Map<String, ScoreTimeline> timelines = new HashMap<>();
        int done = 0;
        for (Performance performance : corpus.performances()) {
            done++;
            Path scoreDir = options.outDir().resolve("scores").resolve(performance.folder());
            if (!EngravedPiece.isComplete(scoreDir)) {
                failures.add(performance.key() + ": its score was not engraved");
                continue;
            }
            List<SynthesisVariant> variants = options.variants().variantsFor(performance).stream()
                    .filter(v -> store.isComplete(performance, v)).toList();
            try {
                ScoreFolder folder = corpus.scoreFolder(performance.folder());
                ScoreTimeline timeline = timelines.computeIfAbsent(folder.folder(), f -> ScoreTimeline.read(folder.scorePath()));
                JoinStage.Result result = JoinStage.join(performance, EngravedPiece.read(scoreDir), performance.folder(),
                        timeline, options.outDir().resolve("groundtruth").resolve(performance.folder())
                                .resolve(performance.performanceId() + ".csv"),
                        store, variants);
                join.counts = join.counts.plus(result.counts());
                join.pairs.get(split.splitOf(performance.pieceId())).addAll(result.pairs());
                join.renderings += variants.size();
                for (SynthesisVariant variant : variants) {
                    join.audioSeconds += store.readSidecar(performance, variant).durationSeconds();
                }
            } catch (ScoreException | IllegalArgumentException e) {
                failures.add(performance.key() + ": " + e.getMessage());
            }
            if (done % 25 == 0 || done == corpus.performances().size()) {
                progress.accept(String.format(Locale.ROOT, "  joined %d/%d performances, %d notes", done,
                        corpus.performances().size(), join.counts.joined()));
            }
        }
        return join;
    }
}
