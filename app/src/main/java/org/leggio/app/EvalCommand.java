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
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalCommand.Retrieval.class,
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
