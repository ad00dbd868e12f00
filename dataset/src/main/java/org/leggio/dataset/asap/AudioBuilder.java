package org.leggio.dataset.asap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renders every performance of the corpus in every variant of a {@link VariantPlan} into an
 * {@link AudioStore}, in parallel, skipping outputs that are already finished (so an interrupted
 * build resumes where it stopped).
 *
 * <p>Speed (measured on the 2-core build machine, TimGM6mb, through this class): 74× real time on
 * one thread (61–72 s of audio per CPU second; Gervill dominates, dense pedalled Chopin is slowest
 * at ~50×); two threads gave 86× on an otherwise quiet machine and 57× while other builds ran. The
 * corpus's 28 h therefore take about 15–20 minutes per tempo factor on two threads (30 when the
 * machine is shared), plus ~0.5 s per output to load the soundfont.
 *
 * <pre>{@code
 * AudioBuilder.Summary s = AudioBuilder.build(AsapCorpus.open(asap), out, VariantPlan.defaults(),
 *         Runtime.getRuntime().availableProcessors(), System.out::println);
 * }</pre>
 */
public final class AudioBuilder {
    /** Progress lines are printed at most this often, plus one at the end. */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * What a build did.
     *
     * @param jobs performance × variant outputs planned
     * @param rendered outputs rendered now
     * @param skipped outputs that were already finished
     * @param failures one line per failed output: key, variant and message
     * @param renderedAudioSeconds audio rendered now, seconds (spectrogram length)
     * @param wallSeconds duration of the build
     */
    public record Summary(int jobs, int rendered, int skipped, List<String> failures, double renderedAudioSeconds,
            double wallSeconds) {
        /** Seconds of audio rendered per second of wall time (0 if nothing was rendered). */
        public double realTimeFactor() {
            return wallSeconds > 0 ? renderedAudioSeconds / wallSeconds : 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d outputs: %d rendered (%.2f h audio, %.1f× real time), %d skipped,"
                    + " %d failed, in %s", jobs, rendered, renderedAudioSeconds / 3600, realTimeFactor(), skipped,
                    failures.size(), clock(wallSeconds));
        }
    }

    /** One planned output, with its expected audio length for ordering and the ETA. */
    private record Job(Performance performance, SynthesisVariant variant, double expectedSeconds) {}

    private AudioBuilder() {}

    /**
     * Builds all outputs.
     *
     * @param corpus the corpus
     * @param outDir output root (see {@link AudioStore} for the layout)
     * @param variants the renderings per performance
     * @param threads worker threads, &ge; 1 (e.g. {@code Runtime.getRuntime().availableProcessors()})
     * @param progress receives progress lines: done/total, audio hours, elapsed, ETA
     * @return what was done; failed outputs are listed there, not thrown, so one bad file does
     *     not stop a long build
     * @throws InterruptedException if interrupted (the outputs finished so far stay valid)
     */
    public static Summary build(AsapCorpus corpus, Path outDir, VariantPlan variants, int threads,
            Consumer<String> progress) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        long start = System.nanoTime();
        AudioStore store = new AudioStore(outDir);
        int cleaned = store.deletePartialFiles();
        if (cleaned > 0) {
            progress.accept("removed " + cleaned + " partial file(s) of an interrupted build");
        }
        List<Job> todo = new ArrayList<>();
        int jobs = 0;
        int skipped = 0;
        double todoSeconds = 0;
        for (Performance p : corpus.performances()) {
            List<SynthesisVariant> planned = variants.variantsFor(p);
            double midiSeconds = planned.stream().allMatch(v -> store.isComplete(p, v)) ? 0 : midiSecondsOrZero(p);
            for (SynthesisVariant v : planned) {
                jobs++;
                if (store.isComplete(p, v)) {
                    skipped++;
                } else {
                    Job job = new Job(p, v, midiSeconds / v.tempoFactor());
                    todo.add(job);
                    todoSeconds += job.expectedSeconds();
                }
            }
        }
        // Longest first: the last jobs to finish are then short, so the threads end together.
        todo.sort(Comparator.comparingDouble(Job::expectedSeconds).reversed());
        progress.accept(String.format(Locale.ROOT, "%d outputs planned, %d already finished, %d to render"
                + " (%.2f h of audio) on %d thread(s) into %s", jobs, skipped, todo.size(), todoSeconds / 3600,
                threads, store.outDir()));
        Progress state = new Progress(todo.size(), todoSeconds, start, progress);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "audio-builder");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : todo) {
                futures.add(pool.submit(() -> run(job, store, state)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("unexpected failure in a build job", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Summary summary = new Summary(jobs, state.rendered(), skipped, state.failures(), state.renderedAudioSeconds(),
                wall);
        progress.accept(summary.toString());
        return summary;
    }

    /** The MIDI's length, or 0 if it cannot be read: its job then fails and is reported like any other. */
    private static double midiSecondsOrZero(Performance p) {
        try {
            return PerformanceSynthesizer.midiDurationSeconds(p.midiPath());
        } catch (AsapDataException e) {
            return 0;
        }
    }

    private static void run(Job job, AudioStore store, Progress state) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            PerformanceSynthesizer.SynthesizedPerformance rendered =
                    PerformanceSynthesizer.synthesize(job.performance().midiPath(), job.variant());
            store.write(job.performance(), rendered);
            state.done(job, rendered.durationSeconds(), null);
        } catch (RuntimeException e) {
            state.done(job, 0, job.performance().key() + " " + job.variant().fileStem() + ": " + e.getMessage());
        }
    }

    /** Counters shared by the workers; prints at most every {@link #PROGRESS_INTERVAL_NANOS}. */
    private static final class Progress {
        private final int total;
        private final double totalExpectedSeconds;
        private final long startNanos;
        private final Consumer<String> out;
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private int done;
        private int rendered;
        private double renderedSeconds;
        private double doneExpectedSeconds;
        private long lastPrintNanos;

        Progress(int total, double totalExpectedSeconds, long startNanos, Consumer<String> out) {
            this.total = total;
            this.totalExpectedSeconds = totalExpectedSeconds;
            this.startNanos = startNanos;
            this.out = out;
            this.lastPrintNanos = startNanos;
        }

        synchronized void done(Job job, double audioSeconds, String failureOrNull) {
            done++;
            doneExpectedSeconds += job.expectedSeconds();
            if (failureOrNull == null) {
                rendered++;
                renderedSeconds += audioSeconds;
            } else {
                failures.add(failureOrNull);
                out.accept("FAILED " + failureOrNull);
            }
            long now = System.nanoTime();
            if (now - lastPrintNanos >= PROGRESS_INTERVAL_NANOS || done == total) {
                lastPrintNanos = now;
                double elapsed = (now - startNanos) / 1e9;
                // ETA from the share of expected audio done, which tracks the work better than the job count.
                double share = totalExpectedSeconds > 0 ? doneExpectedSeconds / totalExpectedSeconds : 1;
                double eta = share > 0 ? elapsed * (1 - share) / share : Double.NaN;
                out.accept(String.format(Locale.ROOT, "%d/%d done (%d failed), %.2f/%.2f h audio, elapsed %s, ETA %s",
                        done, total, failures.size(), doneExpectedSeconds / 3600, totalExpectedSeconds / 3600,
                        clock(elapsed), clock(eta)));
            }
        }

        synchronized int rendered() {
            return rendered;
        }

        synchronized double renderedAudioSeconds() {
            return renderedSeconds;
        }

        List<String> failures() {
            synchronized (failures) {
                return List.copyOf(failures);
            }
        }
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /**
     * Command line: {@code AudioBuilder <asapDir> <outDir> [threads] [tempoFactors, e.g. 1.0,1.1]};
     * also writes {@code <outDir>/split.csv} (seed 0) if absent and prints its summary. Needs the
     * JVM flag {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: AudioBuilder <asapDir> <outDir> [threads] [tempoFactors, e.g. 1.0,1.1]");
            System.exit(2);
        }
        AsapCorpus corpus = AsapCorpus.open(Path.of(args[0]));
        Path out = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        VariantPlan plan = VariantPlan.defaults();
        if (args.length > 3) {
            plan = plan.withTempoFactors(Arrays.stream(args[3].split(",")).map(Double::valueOf).toList());
        }
        Path splitFile = out.resolve(PieceSplit.FILE_NAME);
        PieceSplit split;
        if (Files.isRegularFile(splitFile)) {
            split = PieceSplit.read(splitFile);
        } else {
            split = PieceSplit.assign(corpus, 0);
            split.write(splitFile);
        }
        System.out.print(split.summary(corpus));
        Summary summary = build(corpus, out, plan, threads, System.out::println);
        System.exit(summary.failures().isEmpty() ? 0 : 1);
    }
}
