package org.leggio.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.model.eval.EvaluationConfig;
import org.leggio.model.eval.EvaluationReport;
import org.leggio.model.eval.PairSet;
import org.leggio.model.eval.RetrievalEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio eval ...}: accuracy measurements; results belong in docs/evaluation.md. */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {EvalCommand.Retrieval.class, EvalCommand.Systems.class, EvalFollowCommand.class, EvalIdentifyCommand.class, EvalLoneCommand.class},
        description = "Accuracy evaluations. Record results, with the command, in docs/evaluation.md.")
final class EvalCommand {

    @Command(name = "retrieval", mixinStandardHelpOptions = true,
            description = {"Snippet retrieval (R@1/5/10/25, MRR, median rank, both directions) and piece identification",
                "(vote and DTW) on a pair set (format: docs/pairs-format.md). Writes retrieval.json and retrieval.md."})
    static final class Retrieval implements Callable<Integer> {
        @Option(names = "--pairs", required = true, paramLabel = "DIR", description = "Pair set directory.")
        Path pairs;

        @Mixin
        ModelOption model;

        @Option(names = "--n", defaultValue = "2000", description = "Pairs to evaluate, evenly spaced over the set (default: ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--out", paramLabel = "DIR", description = "Where to write retrieval.json and retrieval.md (default: the pair set directory's sibling eval-<name>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            PairSet set = PairSet.read(pairs);
            EvaluationConfig config = EvaluationConfig.builder().maxPairs(n).build();
            EvaluationReport report;
            try (Embedder embedder = Embedders.open(model.resolve())) {
                System.err.printf("evaluating %s (%d pairs, %d pieces) with %s on %s%n", pairs, set.size(), set.pieces().size(),
                        embedder.info().modelId(), embedder.info().device());
                report = new RetrievalEvaluation(config).evaluate(set, embedder, new Progress());
            }
            System.err.println();
            Path dir = out != null ? out : pairs.toAbsolutePath().getParent().resolve("eval-" + pairs.getFileName());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("retrieval.json"), report.toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("retrieval.md"), report.toMarkdown(), StandardCharsets.UTF_8);
            System.out.println(report.toMarkdown());
            System.out.println("written: " + dir.resolve("retrieval.json") + ", " + dir.resolve("retrieval.md"));
            return 0;
        }
    }

    @Command(name = "systems", mixinStandardHelpOptions = true,
            description = {"Staff-system detection on engraved pages against Verovio's own system boxes: recall, precision",
                "and IoU, on the pages as engraved and rendered differently (scale, blur, noise, rotation).",
                "Needs the engraved scores of `leggio dataset build` (its scores/ folder)."})
    static final class Systems implements Callable<Integer> {
        @Option(names = "--scores", paramLabel = "DIR", defaultValue = "build/dataset/scores",
                description = "Engraved scores (default: ${DEFAULT-VALUE}).")
        Path scores;

        @Option(names = "--distortions", split = ",", paramLabel = "D",
                description = "Which renderings (default: all of ${COMPLETION-CANDIDATES}).")
        java.util.List<org.leggio.score.eval.PageDistortion> distortions =
                java.util.List.of(org.leggio.score.eval.PageDistortion.values());

        @Option(names = "--max-pages", description = "Evaluate at most this many pages per rendering, evenly spread (default: all).")
        int maxPages = Integer.MAX_VALUE;

        @Override
        public Integer call() throws Exception {
            java.util.List<Path> pieces;
            try (var walk = Files.walk(scores)) {
                pieces = walk.filter(p -> p.getFileName().toString().equals(org.leggio.dataset.sheet.EngravedPiece.GEOMETRY_FILE))
                        .map(Path::getParent).sorted().toList();
            }
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("no engraved scores under " + scores + " (run `leggio dataset build` first)");
            }
            java.util.List<String[]> pages = new java.util.ArrayList<>();
            for (Path piece : pieces) {
                var geometry = org.leggio.dataset.sheet.EngravedPiece.read(piece).geometry();
                for (var page : geometry.pages) {
                    if (!page.systemBoxesPx.isEmpty()) {
                        pages.add(new String[] {piece.toString(), Integer.toString(page.pageIndex)});
                    }
                }
            }
            int step = Math.max(1, (int) Math.ceil(pages.size() / (double) maxPages));
            StringBuilder table = new StringBuilder(org.leggio.score.eval.SystemDetectionEvaluation.markdownHeader()).append('\n');
            for (var distortion : distortions) {
                var evaluation = new org.leggio.score.eval.SystemDetectionEvaluation();
                for (int i = 0; i < pages.size(); i += step) {
                    Path piece = Path.of(pages.get(i)[0]);
                    int pageIndex = Integer.parseInt(pages.get(i)[1]);
                    var engraved = org.leggio.dataset.sheet.EngravedPiece.read(piece);
                    var truth = engraved.geometry().pages.get(pageIndex).systemBoxesPx.stream()
                            .map(b -> new org.leggio.score.SystemBox(b[0], b[1], b[2], b[3])).toList();
                    var distorted = distortion.apply(engraved.page(pageIndex), truth);
                    evaluation.addPage(scores.relativize(piece) + " p" + (pageIndex + 1), distorted.page(), distorted.truth());
                    if (evaluation.pages() % 100 == 0) {
                        System.err.printf("\r  %s: %d pages", distortion, evaluation.pages());
                    }
                }
                System.err.println();
                String row = evaluation.markdownRow(distortion.name().toLowerCase(java.util.Locale.ROOT));
                table.append(row).append('\n');
                System.out.println(row);
                evaluation.misses().stream().limit(5).forEach(m -> System.out.println("    missed: " + m));
            }
            System.out.println();
            System.out.println(table);
            return 0;
        }
    }

    /** Prints "embedded k/N" on a terminal. */
    static final class Progress implements org.leggio.model.eval.ProgressListener {
        private final boolean interactive = System.console() != null;

        @Override
        public void onProgress(int done, int total) {
            if (interactive) {
                System.err.printf("\r  embedded %d/%d", done, total);
            }
        }
    }
}
