package org.leggio.score;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.leggio.model.Embedder;
import org.leggio.model.ModelInfo;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;

/**
 * Times score ingestion per page (the {@code leggio bench score} benchmark): a MusicXML score
 * engraved and indexed, the same pages as PNG images (rasterised, staff systems detected), each
 * without embeddings (a model that answers zeros, so cutting snippets still counts) and with the
 * real model. Median of the runs after one warm-up. Single-threaded caller; uses the engraver's
 * render threads.
 */
public final class ScoreBenchmark {
    /** Seconds per page of each case. */
    public record Result(int pages, int snippets, double musicXmlSecondsPerPage, double imagesSecondsPerPage,
            double musicXmlWithEmbeddingsSecondsPerPage, double embeddingsPerSecond) {}

    private ScoreBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param musicXml the score to ingest
     * @param model the embedder for the "with embeddings" case
     * @param runs measured runs per case (after one warm-up)
     */
    public static Result run(Path musicXml, Embedder model, EngraverOptions engraverOptions, int runs,
            Consumer<String> progress) throws IOException {
        Path work = Files.createTempDirectory("leggio-bench-score-");
        try (ScoreImporter withoutModel = new ScoreImporter(engraverOptions, new ZeroEmbedder(model.info()));
                ScoreImporter withModel = new ScoreImporter(engraverOptions, model)) {
            ScoreLibrary library = ScoreLibrary.open(work.resolve("library"));
            ImportRequest request = ImportRequest.of(List.of(musicXml), PieceMetadata.getDefaultInstance())
                    .withPieceId("bench").withReplace(true);
            ScoreIndex warm = withoutModel.importScore(request, library, ImportProgress.NONE);
            int pages = warm.getPagesCount();
            int snippets = warm.getFollowGrid().getStripXPxCount() + warm.getIdentifyGrid().getStripXPxCount();
            List<Path> images = new ArrayList<>();
            for (int p = 0; p < pages; p++) {
                images.add(library.resolvePageImage(warm.getPages(p).getImageRef()));
            }
            List<Path> copies = new ArrayList<>();
            for (Path image : images) {
                copies.add(Files.copy(image, work.resolve("page-" + copies.size() + ".png")));
            }
            ImportRequest imageRequest = ImportRequest.of(copies, PieceMetadata.getDefaultInstance()).withPieceId("bench-images")
                    .withReplace(true);
            withoutModel.importScore(imageRequest, library, ImportProgress.NONE);
            double xml = median(runs, () -> withoutModel.importScore(request, library, ImportProgress.NONE), progress,
                    "musicxml, no embeddings") / pages;
            double img = median(runs, () -> withoutModel.importScore(imageRequest, library, ImportProgress.NONE), progress,
                    "images, no embeddings") / pages;
            withModel.importScore(request, library, ImportProgress.NONE);
            double full = median(runs, () -> withModel.importScore(request, library, ImportProgress.NONE), progress,
                    "musicxml, with embeddings") / pages;
            double embedSeconds = (full - xml) * pages;
            return new Result(pages, snippets, xml, img, full, embedSeconds > 0 ? snippets / embedSeconds : 0);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException ignored) {
                // best effort
            }
        }
    }

    private static double median(int runs, Runnable body, Consumer<String> progress, String label) {
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            body.run();
            seconds[r] = (System.nanoTime() - start) / 1e9;
            progress.accept(String.format(java.util.Locale.ROOT, "  %s: run %d %.2f s", label, r + 1, seconds[r]));
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    /** Answers zero vectors: ingestion without the cost of the network. */
    private record ZeroEmbedder(ModelInfo info) implements Embedder {
        @Override
        public float[][] embedAudio(List<float[][]> windows) {
            return new float[windows.size()][info.embeddingDim()];
        }

        @Override
        public float[][] embedSheet(List<float[][]> snippets) {
            return new float[snippets.size()][info.embeddingDim()];
        }

        @Override
        public void close() {}
    }
}
