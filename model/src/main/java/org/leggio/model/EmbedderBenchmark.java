package org.leggio.model;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.leggio.model.internal.Devices;

/**
 * Measures embedding throughput, for {@code leggio bench model}: for each pathway and batch size,
 * a short warm-up, then calls with one fixed batch of seeded random inputs until the time per case
 * has passed (at least 3 calls). Figures come from the median call time, which shrugs off the
 * pauses of a shared machine.
 *
 * <p>Calls are made one at a time from the calling thread, so this measures one caller's
 * throughput; the embedder may still spread one call's batches over its workers ({@link
 * NetworkEmbedder#parallelism()}).
 */
public final class EmbedderBenchmark {
    /** Pathway name for audio windows. */
    public static final String AUDIO = "audio";
    /** Pathway name for sheet snippets. */
    public static final String SHEET = "sheet";

    /**
     * One measured case.
     *
     * @param pathway {@value #AUDIO} or {@value #SHEET}
     * @param batchSize inputs per call
     * @param itemsPerSecond inputs per second at the median call time
     * @param msPerBatch median wall time of one call, milliseconds
     */
    public record Result(String pathway, int batchSize, double itemsPerSecond, double msPerBatch) {
        @Override
        public String toString() {
            return String.format("%-5s batch %4d: %8.1f items/s, %8.2f ms/batch",
                    pathway, batchSize, itemsPerSecond, msPerBatch);
        }
    }

    /**
     * A whole run: engine start-up, model load and the cases.
     *
     * @param model the measured model
     * @param engineStart time to start the DJL engine in this process (zero when already started)
     * @param modelLoad time of {@link Embedders#open(Path, EmbedderOptions)} with the engine started
     * @param results the cases, audio first
     */
    public record Report(ModelInfo model, Duration engineStart, Duration modelLoad, List<Result> results) {}

    private EmbedderBenchmark() {}

    /**
     * Measures {@code embedder} for audio (its T) and sheet at each batch size.
     *
     * @param perCase measuring time per case (after warm-up), e.g. 3 s
     */
    public static List<Result> run(Embedder embedder, int[] batchSizes, Duration perCase) {
        Objects.requireNonNull(embedder, "embedder can't be null");
        Objects.requireNonNull(batchSizes, "batchSizes can't be null");
        Objects.requireNonNull(perCase, "perCase can't be null");
        if (perCase.isNegative() || perCase.isZero()) {
            throw new IllegalArgumentException("perCase must be > 0 but was " + perCase);
        }
        for (int b : batchSizes) {
            if (b < 1) {
                throw new IllegalArgumentException("batch sizes must be >= 1 but got " + Arrays.toString(batchSizes));
            }
        }
        int frames = embedder.info().audioContextFrames();
        List<Result> results = new ArrayList<>();
        for (int b : batchSizes) {
            List<float[][]> windows = randomInputs(b, NetworkSpec.AUDIO_BANDS, frames, 2f, 1);
            results.add(measure(AUDIO, b, perCase, embedder::embedAudio, windows));
        }
        for (int b : batchSizes) {
            List<float[][]> snippets = randomInputs(b, NetworkSpec.SHEET_ROWS, NetworkSpec.SHEET_COLUMNS, 1f, 2);
            results.add(measure(SHEET, b, perCase, embedder::embedSheet, snippets));
        }
        return results;
    }

    /** Starts the engine, opens {@code model} (timed), measures it and closes it. */
    public static Report run(Path model, EmbedderOptions options, int[] batchSizes, Duration perCase) {
        long t0 = System.nanoTime();
        Devices.engine();
        Duration engineStart = Duration.ofNanos(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        try (NetworkEmbedder embedder = Embedders.open(model, options)) {
            Duration load = Duration.ofNanos(System.nanoTime() - t1);
            return new Report(embedder.info(), engineStart, load, run(embedder, batchSizes, perCase));
        }
    }

    /**
     * Command line: {@code EmbedderBenchmark MODEL [SECONDS_PER_CASE [BATCH ...]]}, default 3 s and
     * batches 1 8 32 128.
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: EmbedderBenchmark MODEL(.npz or directory) [SECONDS_PER_CASE [BATCH ...]]");
            System.exit(2);
        }
        Duration perCase = Duration.ofMillis(Math.round(1000 * (args.length > 1 ? Double.parseDouble(args[1]) : 3)));
        int[] batches = args.length > 2
                ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32, 128};
        Report report = run(Paths.get(args[0]), EmbedderOptions.defaults(), batches, perCase);
        System.out.println(report.model());
        System.out.printf("engine start %d ms, model load %d ms%n",
                report.engineStart().toMillis(), report.modelLoad().toMillis());
        report.results().forEach(System.out::println);
    }

    private static Result measure(String pathway, int batch, Duration perCase,
            Function<List<float[][]>, float[][]> call, List<float[][]> inputs) {
        long warmUpEnd = System.nanoTime() + Math.min(perCase.toNanos() / 5, 1_000_000_000L);
        int warm = 0;
        while (warm < 2 || System.nanoTime() < warmUpEnd) {
            call.apply(inputs);
            warm++;
        }
        long end = System.nanoTime() + perCase.toNanos();
        List<Long> nanos = new ArrayList<>();
        do {
            long t = System.nanoTime();
            call.apply(inputs);
            nanos.add(System.nanoTime() - t);
        } while (nanos.size() < 3 || System.nanoTime() < end);
        Collections.sort(nanos);
        int n = nanos.size();
        double median = n % 2 == 1 ? nanos.get(n / 2) : (nanos.get(n / 2 - 1) + nanos.get(n / 2)) / 2.0;
        return new Result(pathway, batch, batch / (median / 1e9), median / 1e6);
    }

    /** {@code n} inputs of {@code rows × columns} values uniform in [0, scale); also used by the tests. */
    static List<float[][]> randomInputs(int n, int rows, int columns, float scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[][] x = new float[rows][columns];
            for (float[] row : x) {
                for (int c = 0; c < columns; c++) {
                    row[c] = (float) random.nextDouble() * scale;
                }
            }
            out.add(x);
        }
        return out;
    }
}
