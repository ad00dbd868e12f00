package org.leggio.dataset.sheet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.leggio.score.EngravedScore;
import org.leggio.score.Engraver;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ScoreException;
import org.leggio.score.UnrolledStrip;

/**
 * Engraves every score of the dataset into {@code <out>/<folder>/} as an {@link EngravedPiece}.
 * One Verovio process per worker (Verovio itself is single-threaded), one render thread each;
 * finished pieces are skipped, so an interrupted build resumes where it stopped.
 */
public final class SheetStage {
    /**
     * A score to engrave.
     *
     * @param folder its dataset folder name (e.g. "Bach/Fugue/bwv_848")
     * @param musicXml the score file
     */
    public record Job(String folder, Path musicXml) {}

    private static int pageCount(Path pieceDir) {
        try {
            return EngravedPiece.read(pieceDir).geometry().pages.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** What happened; {@code pages} counts kept and new pieces. */
    public record Summary(int jobs, int engraved, int skipped, int pages, List<String> failures, double seconds) {}

    private SheetStage() {}

    /**
     * Runs the stage.
     *
     * @param progress receives one line per finished piece
     */
    public static Summary run(List<Job> jobs, Path outDir, EngraverOptions options, int workers, Consumer<String> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        ConcurrentLinkedQueue<Job> todo = new ConcurrentLinkedQueue<>();
        int skipped = 0;
        int keptPages = 0;
        for (Job job : jobs) {
            if (EngravedPiece.isComplete(outDir.resolve(job.folder()))) {
                skipped++;
                keptPages += pageCount(outDir.resolve(job.folder()));
            } else {
                todo.add(job);
            }
        }
        AtomicInteger done = new AtomicInteger(skipped);
        AtomicInteger pages = new AtomicInteger(keptPages);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int threads = Math.max(1, Math.min(workers, todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        EngraverOptions single = options.withRenderThreads(1);
        for (int w = 0; w < threads; w++) {
            running.add(pool.submit(() -> {
                try (Engraver engraver = Engraver.start(single)) {
                    for (Job job = todo.poll(); job != null; job = todo.poll()) {
                        try {
                            EngravedScore score = engraver.engrave(job.musicXml(), Engraver.PageProgress.NONE);
                            EngravedPiece.write(outDir.resolve(job.folder()), score, UnrolledStrip.build(score.pages()));
                            pages.addAndGet(score.pages().size());
                            progress.accept(String.format("  engraved %d/%d %s (%d pages, %d notes)", done.incrementAndGet(),
                                    jobs.size(), job.folder(), score.pages().size(), score.notes().size()));
                        } catch (ScoreException | IOException e) {
                            failures.add(job.folder() + ": " + e.getMessage());
                            progress.accept("  FAILED " + job.folder() + ": " + e.getMessage());
                        }
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add("engraver: " + e.getCause());
            }
        }
        return new Summary(jobs.size(), jobs.size() - skipped - failures.size(), skipped, pages.get(), List.copyOf(failures),
                (System.nanoTime() - start) / 1e9);
    }
}
