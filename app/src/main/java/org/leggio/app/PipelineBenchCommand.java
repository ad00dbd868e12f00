package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.kafka.ScorePublisher;
import org.leggio.matcher.stream.MatcherService;
import org.leggio.matcher.stream.MatcherStreamConfig;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.AudioEmbedding;
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

/** {@code leggio bench pipeline}: end-to-end latency of the streaming services at 1, 10, 50 sessions. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"End-to-end latency of the streaming pipeline in this process: an embedded broker (or --bootstrap),",
            "the embedding service and a matcher instance, N concurrent real-time sessions replaying the bundled demo",
            "performance. Latency = time from sending a session's chunk (stage all) or embedding (stage match) until",
            "its position update is readable with read_committed. Progress to stderr, the table to stdout."})
final class PipelineBenchCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ModelOption model;

    @Option(names = "--sessions", split = ",", defaultValue = "1,10,50",
            description = "Concurrent sessions per run (default: ${DEFAULT-VALUE}).")
    List<Integer> sessions;

    @Option(names = "--stages", split = ",", defaultValue = "all,match",
            description = "Which paths to time: all (chunks in) and/or match (embeddings in) (default: ${DEFAULT-VALUE}).")
    List<String> stages;

    @Option(names = "--seconds", defaultValue = "30", description = "Seconds of audio per session and run, at most 40 (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--max-batch", defaultValue = "32", description = "Embedding micro-batch size (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "10", description = "Longest wait for a micro-batch to fill, ms (default: ${DEFAULT-VALUE}).")
    int maxWaitMillis;

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || seconds > 40) {
            throw new IllegalArgumentException("--seconds must be in (0, 40] (the demo performance is 42 s) but was " + seconds);
        }
        List<PipelineBenchmark.Stage> order = new ArrayList<>();
        for (String s : stages) {
            order.add(PipelineBenchmark.Stage.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        }
        Path work = Files.createTempDirectory("leggio-bench-pipeline-");
        try (Embedder embedder = Embedders.open(model.resolve());
                KafkaOptions.Connection connection = kafka.connect()) {
            System.err.printf(Locale.ROOT, "pipeline benchmark: %s, model %s (%s), %d cores, Kafka %s%s%n",
                    System.getProperty("java.version"), embedder.info().modelId(), embedder.info().device(),
                    Runtime.getRuntime().availableProcessors(), connection.bootstrapServers(),
                    connection.isEmbedded() ? " (embedded)" : "");
            float[][] bands = Spectrograms.of(AudioSources.openMidi(DemoPiece.midi(), null));
            List<AudioEmbedding> embeddings = embeddings(embedder, bands);
            publishDemoScore(embedder, work, connection.bootstrapServers());
            int window = embedder.info().audioContextFrames();
            MatcherStreamConfig matcherConfig = MatchCommand.forModel(embedder.info().modelId(), window);
            try (MatcherService matcher = new MatcherService(connection.bootstrapServers(), "leggio-bench-match",
                            work.resolve("match"), matcherConfig, Map.of());
                    EmbeddingStage embed = EmbeddingStage.start(order, connection.bootstrapServers(),
                            work.resolve("embed"), embedder, maxBatch, maxWaitMillis)) {
                matcher.start(Duration.ofSeconds(120));
                PipelineBenchmark warmUp = new PipelineBenchmark(connection.bootstrapServers(), order.get(0), bands,
                        embeddings, AudioEmbeddingRun.HOP_FRAMES);
                System.err.println("warm-up: 1 session, 5 s");
                warmUp.run("warmup", 1, 5);
                System.out.println(PipelineBenchmark.header());
                int run = 0;
                for (PipelineBenchmark.Stage stage : order) {
                    PipelineBenchmark bench = new PipelineBenchmark(connection.bootstrapServers(), stage, bands, embeddings,
                            AudioEmbeddingRun.HOP_FRAMES);
                    for (int n : sessions) {
                        System.err.printf(Locale.ROOT, "%s: %d sessions, %.0f s%n", stage, n, seconds);
                        embed.resetMetrics();
                        PipelineBenchmark.Result result = bench.run("run" + run++, n, seconds);
                        System.out.println(bench.row(result) + embed.describe());
                    }
                }
            }
        } finally {
            deleteQuietly(work);
        }
        return 0;
    }

    private static List<AudioEmbedding> embeddings(Embedder embedder, float[][] bands) {
        float[][] values = AudioEmbeddingRun.embed(embedder, bands, line -> { });
        List<AudioEmbedding> out = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            long last = AudioEmbeddingRun.frameOf(i);
            AudioEmbedding.Builder b = AudioEmbedding.newBuilder().setFrameIndex(last)
                    .setWindowFrames(embedder.info().audioContextFrames()).setModelId(embedder.info().modelId())
                    .setRecentLogMagnitude(org.leggio.ingest.Loudness.at(bands, last));
            for (float v : values[i]) {
                b.addValues(v);
            }
            out.add(b.build());
        }
        return out;
    }

    private static void publishDemoScore(Embedder embedder, Path work, String bootstrap) {
        ScoreLibrary library = ScoreLibrary.open(work.resolve("library"));
        ScoreIndex piece;
        try (ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
            piece = importer.importScore(ImportRequest.of(List.of(DemoPiece.musicXml()), PieceMetadata.getDefaultInstance())
                    .withPieceId(DemoPiece.PIECE_ID), library, ImportProgress.NONE);
        }
        try (ScorePublisher publisher = new ScorePublisher(bootstrap, Duration.ofSeconds(30))) {
            publisher.publish(piece);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
