package org.leggio.app;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.leggio.dataset.follow.FollowingCorpus;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.matcher.identify.ExactSnippetIndex;
import org.leggio.matcher.identify.HnswConfig;
import org.leggio.matcher.identify.HnswSnippetIndex;
import org.leggio.matcher.identify.IvfConfig;
import org.leggio.matcher.identify.IvfSnippetIndex;
import org.leggio.matcher.identify.Neighbour;
import org.leggio.matcher.identify.SnippetIndex;
import org.leggio.matcher.session.Identifier;
import org.leggio.matcher.session.IdentifierConfig;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.Verdict;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio eval identify}: piece identification over a whole library from excerpts of a split's performances. */
@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"Identifies excerpts of a dataset split's performances (random starts) against every piece of a",
            "score library (e.g. all of ASAP plus the lieder: `leggio score add-dir`); reports top-1/top-5 accuracy after",
            "2.5, 5, 10 and 20 s, time to identify, wrong announcements, and exact-vs-HNSW-vs-IVF recall and latency on the",
            "library's real snippets. Needs a `leggio dataset build` and ../shared/data/asap. Writes identify.md/.json."})
final class EvalIdentifyCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "build/dataset", description = "Dataset build (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--asap", paramLabel = "DIR", defaultValue = "../shared/data/asap", description = "ASAP corpus (default: ${DEFAULT-VALUE}).")
    Path asap;

    @Option(names = "--split", defaultValue = "test", description = "Split whose performances are the queries (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin
    ModelOption model;

    @Option(names = "--library", paramLabel = "DIR", required = true, description = "The identification library; must hold each query piece as asap-<folder>.")
    Path library;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "build/eval/embeddings", description = "Audio-embedding cache, shared with `eval follow` (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "build/eval/identify", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--durations", split = ",", defaultValue = "2.5,5,10,20", description = "Excerpt lengths, seconds (default: ${DEFAULT-VALUE}).")
    double[] durations;

    @Option(names = "--queries", defaultValue = "4", description = "Excerpts per performance (default: ${DEFAULT-VALUE}).")
    int queriesPerPerformance;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the excerpt starts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--index", defaultValue = "auto", description = "Snippet index identification uses: auto (as a session: exact below 5·10⁴ snippets, IVF above) or exact (default: ${DEFAULT-VALUE}).")
    String index;

    @Option(names = "--hnsw", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Also build HNSW and IVF over the library's snippets and measure their recall and latency against exact search (default: on).")
    boolean hnsw;

    @Override
    public Integer call() throws Exception {
        List<FollowingPerformance> performances = FollowingCorpus.load(dataset, asap, split, true, System.err::println);
        ScoreLibrary scores = ScoreLibrary.open(library);
        List<ScoreIndex> pieces = scores.list();
        long start = System.nanoTime();
        PieceLibrary pieceLibrary = PieceLibrary.of(pieces, switch (index) {
            case "auto" -> org.leggio.matcher.identify.SnippetIndexes.Policy.defaults();
            case "exact" -> org.leggio.matcher.identify.SnippetIndexes.Policy.defaults().withIvfThreshold(Integer.MAX_VALUE);
            default -> throw new IllegalArgumentException("--index must be auto or exact, not " + index);
        });
        System.out.printf(Locale.ROOT, "library %s: %d pieces, %d identification snippets (%s index built in %.1f s)%n",
                library, pieceLibrary.size(), pieceLibrary.snippetCount(), index, (System.nanoTime() - start) / 1e9);
        double longest = Arrays.stream(durations).max().orElse(20);
        IdentifierConfig config = IdentifierConfig.defaults(10).withCandidates(5).withVerifySeconds(longest);
        Random random = new Random(seed);
        List<Query> queries = new ArrayList<>();
        List<float[]> sampleEmbeddings = new ArrayList<>();
        try (Embedder embedder = Embedders.open(model.resolve())) {
            String modelId = embedder.info().modelId();
            if (!modelId.equals(pieceLibrary.modelId())) {
                throw new IllegalArgumentException("the library's snippets come from model " + pieceLibrary.modelId()
                        + ", the audio embeddings from " + modelId + "; use --model with the library's model");
            }
            for (FollowingPerformance performance : performances) {
                String truth = EvalScores.pieceId(performance.scoreFolder());
                int truthOrdinal = pieceLibrary.ordinalOf(truth).orElseThrow(() -> new IllegalArgumentException(
                        "piece " + truth + " of " + performance.performanceId() + " is not in the library " + library));
                float[][] embeddings = AudioEmbeddingRun.cached(cache.resolve(modelId), performance.key(),
                        () -> AudioEmbeddingRun.embed(embedder, performance.spectrogram(), System.err::println));
                int span = (int) Math.ceil(longest * 10);
                for (int q = 0; q < queriesPerPerformance && embeddings.length > span; q++) {
                    int first = random.nextInt(embeddings.length - span);
                    queries.add(query(pieceLibrary, config, truthOrdinal, embeddings, first, span));
                    sampleEmbeddings.add(embeddings[first + span / 2]);
                }
                System.err.printf("%s: %d queries so far%n", performance.performanceId(), queries.size());
            }
        }
        Map<String, Object> report = summarise(queries, pieceLibrary);
        if (hnsw) {
            report.put("index", compareIndexes(pieces, sampleEmbeddings));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("identify.json"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(report));
        Files.writeString(out.resolve("identify.md"), markdown(report));
        System.out.print(markdown(report));
        return 0;
    }

    /**
     * One excerpt: ranks at each duration (verified over the whole excerpt so far), and the streaming
     * identifier's first announcement.
     */
    private record Query(int[] rankAtDuration, double secondsToIdentify, boolean wrongAnnouncementFirst) {}

    private Query query(PieceLibrary library, IdentifierConfig config, int truth, float[][] embeddings, int first, int span) {
        Identifier identifier = new Identifier(library, config);
        int[] ranks = new int[durations.length];
        Arrays.fill(ranks, Integer.MAX_VALUE);
        double identified = Double.POSITIVE_INFINITY;
        boolean wrongFirst = false;
        for (int i = 0; i < span; i++) {
            Verdict streaming = identifier.step(embeddings[first + i]);
            int heard = i + 1;
            if (streaming != null && streaming.announced() && Double.isInfinite(identified) && !wrongFirst) {
                if (streaming.best().pieceOrdinal() == truth) {
                    identified = heard / 10.0;
                } else {
                    wrongFirst = true;
                }
            }
            for (int d = 0; d < durations.length; d++) {
                if (heard == (int) Math.round(durations[d] * 10)) {
                    Verdict verdict = identifier.verify(identifier.mostVoted(), heard);
                    ranks[d] = rankOf(verdict, truth);
                }
            }
        }
        return new Query(ranks, identified, wrongFirst);
    }

    private static int rankOf(Verdict verdict, int truth) {
        if (verdict == null) {
            return Integer.MAX_VALUE;
        }
        for (int r = 0; r < verdict.candidates().size(); r++) {
            if (verdict.candidates().get(r).pieceOrdinal() == truth) {
                return r + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    private Map<String, Object> summarise(List<Query> queries, PieceLibrary pieceLibrary) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("split", split);
        report.put("library", library.toString());
        report.put("pieces", pieceLibrary.size());
        report.put("snippets", pieceLibrary.snippetCount());
        report.put("queries", queries.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int d = 0; d < durations.length; d++) {
            final int at = d;
            long top1 = queries.stream().filter(q -> q.rankAtDuration()[at] == 1).count();
            long top5 = queries.stream().filter(q -> q.rankAtDuration()[at] <= 5).count();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seconds", durations[d]);
            row.put("top1", (double) top1 / queries.size());
            row.put("top5", (double) top5 / queries.size());
            rows.add(row);
        }
        report.put("byDuration", rows);
        double[] times = queries.stream().mapToDouble(Query::secondsToIdentify).filter(Double::isFinite).sorted().toArray();
        report.put("identifiedShare", (double) times.length / queries.size());
        report.put("medianSecondsToIdentify", times.length == 0 ? null : times[times.length / 2]);
        report.put("wrongFirstAnnouncementShare",
                (double) queries.stream().filter(Query::wrongAnnouncementFirst).count() / queries.size());
        return report;
    }

    private Map<String, Object> compareIndexes(List<ScoreIndex> pieces, List<float[]> queries) {
        int dim = pieces.get(0).getIdentifyGrid().getEmbeddingDim();
        float[] flat = PieceLibrary.identificationVectors(pieces);
        SnippetIndex exact = ExactSnippetIndex.of(flat, dim);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("snippets", flat.length / dim);
        long start = System.nanoTime();
        SnippetIndex hnswIndex = HnswSnippetIndex.build(flat, dim, HnswConfig.defaults(), n -> { });
        index.put("hnswBuildSeconds", (System.nanoTime() - start) / 1e9);
        measure(index, "hnsw", exact, hnswIndex, queries);
        start = System.nanoTime();
        IvfSnippetIndex ivfIndex = IvfSnippetIndex.build(flat, dim, IvfConfig.defaults(), (stage, done, total) -> { });
        index.put("ivfBuildSeconds", (System.nanoTime() - start) / 1e9);
        index.put("ivfLists", ivfIndex.lists());
        measure(index, "ivf", exact, ivfIndex, queries);
        // recall against the lists scanned: real snippets cluster less than the benchmark's synthetic ones
        for (int nprobe : new int[] {8, 32, 64, 128}) {
            measure(index, "ivf" + nprobe, exact, ivfIndex.withNprobe(nprobe), queries);
        }
        return index;
    }

    /** Recall@10 against exact search and median query times (second of two rounds, after warm-up). */
    private static void measure(Map<String, Object> index, String name, SnippetIndex exact, SnippetIndex approximate,
            List<float[]> queries) {
        double[] exactMicros = new double[queries.size()];
        double[] approximateMicros = new double[queries.size()];
        double recall = 0;
        for (int round = 0; round < 2; round++) {
            recall = 0;
            for (int q = 0; q < queries.size(); q++) {
                long t0 = System.nanoTime();
                List<Neighbour> truth = exact.search(queries.get(q), 10);
                long t1 = System.nanoTime();
                List<Neighbour> found = approximate.search(queries.get(q), 10);
                long t2 = System.nanoTime();
                exactMicros[q] = (t1 - t0) / 1e3;
                approximateMicros[q] = (t2 - t1) / 1e3;
                var ids = truth.stream().map(Neighbour::id).toList();
                recall += found.stream().filter(n -> ids.contains(n.id())).count() / 10.0;
            }
        }
        index.put(name + "RecallAt10", recall / queries.size());
        index.put("exactMedianMicros", median(exactMicros));
        index.put(name + "MedianMicros", median(approximateMicros));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> report) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Library: %s pieces, %s snippets; %s queries (split %s)%n%n",
                report.get("pieces"), report.get("snippets"), report.get("queries"), report.get("split")));
        md.append("| audio heard | top-1 | top-5 |\n|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("byDuration")) {
            md.append(String.format(Locale.ROOT, "| %.1f s | %.1f %% | %.1f %% |%n", (double) row.get("seconds"),
                    100 * (double) row.get("top1"), 100 * (double) row.get("top5")));
        }
        md.append(String.format(Locale.ROOT, "%nStreaming identifier: announced the right piece in %.1f %% of excerpts, median after %s s; a wrong piece first in %.1f %%.%n",
                100 * (double) report.get("identifiedShare"), report.get("medianSecondsToIdentify"),
                100 * (double) report.get("wrongFirstAnnouncementShare")));
        Object index = report.get("index");
        if (index != null) {
            Map<String, Object> i = (Map<String, Object>) index;
            md.append(String.format(Locale.ROOT, "%nSnippet search over the library's %s snippets (real audio embeddings as queries): median query %.0f µs exact; HNSW (M 16, beam 100, 100 candidates) built in %.1f s, recall@10 %.3f, %.0f µs; IVF (defaults) built in %.1f s, recall@10 %.3f, %.0f µs.%n",
                    i.get("snippets"), (double) i.get("exactMedianMicros"), (double) i.get("hnswBuildSeconds"),
                    (double) i.get("hnswRecallAt10"), (double) i.get("hnswMedianMicros"), (double) i.get("ivfBuildSeconds"),
                    (double) i.get("ivfRecallAt10"), (double) i.get("ivfMedianMicros")));
            md.append(String.format(Locale.ROOT, "IVF over %s lists, by lists scanned: ", i.get("ivfLists")));
            for (int nprobe : new int[] {8, 32, 64, 128}) {
                md.append(String.format(Locale.ROOT, "%d: recall@10 %.3f, %.0f µs; ", nprobe,
                        (double) i.get("ivf" + nprobe + "RecallAt10"), (double) i.get("ivf" + nprobe + "MedianMicros")));
            }
            md.append("\n");
        }
        return md.toString();
    }
}
