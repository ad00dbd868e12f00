package org.leggio.matcher.session;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.OnlineDtwFollower;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.identify.SnippetIndexes;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.StaffSystem;

/**
 * Measures the matcher's cost per audio embedding on synthetic data: snippet embeddings are 32-d unit
 * vectors that vary smoothly along the strip (like real, overlapping snippets), and a simulated performer
 * plays a piece at {@value #POSITIONS_PER_SECOND} track positions per second, each audio embedding the
 * snippet at the true position plus noise. Three kinds of result, as {@link Row}s:
 *
 * <ul>
 *   <li><b>follower</b>: {@link OnlineDtwFollower#step} with {@link FollowerConfig#centred(int, int)
 *       centred(84, 2)} on a track of {@value #FOLLOW_TRACK_POSITIONS} positions;
 *   <li><b>sessions</b>: {@link MatcherSession#step} of a session made by
 *       {@link MatcherSession#following} (so it follows, votes over the whole library's snippet index every
 *       step and verifies candidates by subsequence DTW every second): first over a library of that one
 *       piece, then over libraries of each requested number of identification snippets, made of pieces of
 *       up to {@value #SNIPPETS_PER_PIECE} snippets whose following grid is their identification grid (so
 *       memory stays near 400 bytes per snippet: grid, track and index copy). The index is exact below
 *       {@link Options#ivfThreshold()} snippets, IVF from it on and HNSW from {@link Options#hnswThreshold()}
 *       on; each row's note says which;
 *   <li><b>identifying</b>, per library: {@link Identifier#step(float[])} of a session that has not yet
 *       identified its piece (what {@link MatcherSession#step} does until an announcement): a
 *       nearest-snippet search with every embedding and a verification of the most-voted pieces over
 *       the last 10 s every second, on the same library and performance;
 *   <li><b>memory</b> per session: the follower's saved state, an estimate of the identifier's buffers,
 *       and the heap measured around 1,000 followers on one shared track.
 * </ul>
 *
 * <p>Timings are wall-clock per step on the calling thread, after a JIT warm-up on the same session;
 * p50/p99 are nearest-rank percentiles; the real-time factor is the mean step time over the audio one
 * embedding stands for (0.1 s), so {@code 1/RTF} sessions fit one core. When the performer reaches the end
 * of a piece it starts again and the session is told so ({@code resync}, untimed). Memory: a library of
 * 10^6 snippets needs about 0.5 GB of heap, 10^7 about 5.5 GB (an IVF index holds its own reordered copy
 * of the vectors, HNSW adds its graph). A busy machine distorts the timings; the p99 in particular includes
 * GC pauses.
 */
public final class MatcherBenchmark {
    /** Dimension of the synthetic embeddings (the published network's). */
    static final int DIM = 32;
    /** Positions of the track the follower and the one-piece session follow. */
    static final int FOLLOW_TRACK_POSITIONS = 6_000;
    /**
     * Identification snippets per piece of the larger libraries: the mean of the real 383-piece library of
     * docs/evaluation.md (147,324 snippets, 385 per piece). The verification's cost grows with the
     * candidates' lengths, so longer synthetic pieces (2,000 before 2026-11-27) overstated it fivefold.
     */
    static final int SNIPPETS_PER_PIECE = 400;
    /** The performer's speed, track positions per second (48 px/s of strip at the 8-px stride). */
    static final double POSITIONS_PER_SECOND = 6;
    /** Length of the noise added to each audio embedding, relative to the unit snippet. */
    static final double NOISE = 0.6;
    static final FollowerConfig FOLLOWER = FollowerConfig.centred(84, 2);
    private static final int FOLLOWER_WARMUP_STEPS = 5_000;
    private static final int MIN_SESSION_WARMUP_STEPS = 100;
    private static final int MAX_SESSION_WARMUP_STEPS = 1_000;
    // Warm-up of a session over a large library stops after about this many scanned snippets.
    private static final long SESSION_WARMUP_SNIPPETS = 50_000_000L;
    private static final int MEMORY_SESSIONS = 1_000;
    private static final int FRAMES_PER_STEP = 2;

    /**
     * One result. Timings are microseconds per step, NaN on memory rows; {@code librarySnippets} is 0
     * where no library is involved, {@code buildSeconds} NaN where nothing was built.
     *
     * @param what what was measured
     * @param librarySnippets identification snippets in the library
     * @param buildSeconds time to build the {@link PieceLibrary} (tracks and snippet index)
     * @param realTimeFactor mean step time over the 0.1 s of audio one embedding stands for
     * @param note details: index kind, track length, following check, memory figures
     */
    public record Row(String what, int librarySnippets, double buildSeconds, double p50Micros, double p99Micros,
            double meanMicros, double realTimeFactor, String note) {
        public Row {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(note, "note");
        }

        /** Whether this row holds timings (not a memory row). */
        public boolean timed() {
            return !Double.isNaN(meanMicros);
        }
    }

    /**
     * What to run.
     *
     * @param steps timed steps per measurement (after the warm-up), at least 1
     * @param sizes library sizes in identification snippets, each 1..{@value #MAX_SIZE}; two session rows
     *     each (following, identifying)
     * @param ivfThreshold libraries of at least this many snippets get an IVF index, smaller ones an exact
     *     scan ({@link SnippetIndexes#DEFAULT_IVF_THRESHOLD} by default); at least 0
     * @param hnswThreshold libraries of at least this many snippets get an HNSW index instead
     *     ({@link SnippetIndexes#DEFAULT_HNSW_THRESHOLD}, never, by default); at least 0
     * @param seed seeds the synthetic pieces and performances, so runs are comparable
     */
    public record Options(int steps, List<Integer> sizes, int ivfThreshold, int hnswThreshold, long seed) {
        /** The largest library: its snippet array must fit one Java array. */
        public static final int MAX_SIZE = (Integer.MAX_VALUE - 8) / DIM;

        public Options {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, was " + steps);
            }
            Objects.requireNonNull(sizes, "sizes");
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("no library sizes given");
            }
            for (Integer size : sizes) {
                if (size == null || size < 1 || size > MAX_SIZE) {
                    throw new IllegalArgumentException("library size must be in 1.." + MAX_SIZE + ", was " + size);
                }
            }
            if (ivfThreshold < 0) {
                throw new IllegalArgumentException("ivfThreshold must be >= 0, was " + ivfThreshold);
            }
            if (hnswThreshold < 0) {
                throw new IllegalArgumentException("hnswThreshold must be >= 0, was " + hnswThreshold);
            }
            sizes = List.copyOf(sizes);
        }

        /** The rule before IVF: exact below {@code hnswThreshold} snippets, HNSW from there on. */
        public Options(int steps, List<Integer> sizes, int hnswThreshold, long seed) {
            this(steps, sizes, hnswThreshold, hnswThreshold, seed);
        }

        /** 20,000 steps; libraries of 10^3 to 10^6 snippets; the default index thresholds; seed 1. */
        public static Options defaults() {
            return new Options(20_000, List.of(1_000, 10_000, 100_000, 1_000_000),
                    SnippetIndexes.DEFAULT_IVF_THRESHOLD, SnippetIndexes.DEFAULT_HNSW_THRESHOLD, 1);
        }

        /** The index policy these thresholds make, with default IVF and HNSW parameters. */
        public SnippetIndexes.Policy indexPolicy() {
            return SnippetIndexes.Policy.defaults().withIvfThreshold(ivfThreshold).withHnswThreshold(hnswThreshold);
        }
    }

    private MatcherBenchmark() {}

    /**
     * Runs every measurement on the calling thread (an IVF build also uses its build threads): the follower
     * row, the memory rows, the one-piece session row, then per entry of {@link Options#sizes()} in order a
     * following session row and an identifying row.
     *
     * @param progress told what is happening (long runs take minutes)
     */
    public static List<Row> run(Options options, Consumer<String> progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        SplittableRandom random = new SplittableRandom(options.seed());
        List<Row> rows = new ArrayList<>();
        Synthetic.Piece piece = Synthetic.piece("follow", FOLLOW_TRACK_POSITIONS, DIM, random.split());
        ScoreTrack track = ScoreTrack.of(piece.index());
        rows.add(follower(piece, track, options.steps(), random.split(), progress));
        rows.addAll(memory(track, options, progress));
        rows.add(session("session, 1 piece", buildLibrary(List.of(piece.index()), options), piece,
                options, random.split(), 0, progress));
        for (int size : options.sizes()) {
            long started = System.nanoTime();
            Synthetic.Library library = Synthetic.library(size, DIM, random.split());
            progress.accept(String.format(Locale.ROOT, "library of %,d snippets (%,d pieces): generated in %.1f s",
                    size, library.pieces().size(), (System.nanoTime() - started) / 1e9));
            Built built = buildLibrary(library.pieces(), options);
            rows.add(session("session, library", built, library.followed(), options, random.split(), size,
                    progress));
            // its own generator, so that the libraries and performances stay those of runs without this row
            rows.add(identifying(built, library.followed(), options,
                    new SplittableRandom(options.seed() * 1_000_003L + size), size, progress));
        }
        return List.copyOf(rows);
    }

    private static Row follower(Synthetic.Piece piece, ScoreTrack track, int steps, SplittableRandom random,
            Consumer<String> progress) {
        int warmUp = Math.min(FOLLOWER_WARMUP_STEPS, Math.max(500, steps));
        progress.accept(String.format(Locale.ROOT, "follower: %,d positions, %,d + %,d steps", track.length(), warmUp,
                steps));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, FOLLOWER);
        Performer performer = new Performer(piece, random);
        long[] nanos = new long[steps];
        double[] errors = new double[steps];
        for (int i = 0; i < warmUp + steps; i++) {
            float[] embedding = performer.next();
            if (performer.restarted()) {
                follower.reset();
            }
            long t0 = System.nanoTime();
            follower.step(embedding, (long) i * FRAMES_PER_STEP);
            long elapsed = System.nanoTime() - t0;
            if (i >= warmUp) {
                nanos[i - warmUp] = elapsed;
                errors[i - warmUp] = Math.abs(follower.lastMatchedPosition() - performer.truth());
            }
        }
        Arrays.sort(errors);
        String note = String.format(Locale.ROOT, "track %,d positions, window %d; median |matched - truth| %.1f positions",
                track.length(), FOLLOWER.backPositions() + FOLLOWER.forwardPositions() + 1, errors[errors.length / 2]);
        Row row = timedRow("follower step (OnlineDtwFollower)", 0, Double.NaN, nanos, note);
        progress.accept(summary(row));
        return row;
    }

    private static List<Row> memory(ScoreTrack track, Options options, Consumer<String> progress) {
        progress.accept(String.format(Locale.ROOT, "memory: %,d followers on one track", MEMORY_SESSIONS));
        int stateBytes = new OnlineDtwFollower(track, FOLLOWER).saveState().length;
        long before = usedHeapAfterGc();
        OnlineDtwFollower[] followers = new OnlineDtwFollower[MEMORY_SESSIONS];
        for (int i = 0; i < followers.length; i++) {
            followers[i] = new OnlineDtwFollower(track, FOLLOWER);
        }
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(followers);
        long perFollower = (after - before) / MEMORY_SESSIONS;

        IdentifierConfig identifier = SessionConfig.defaults(FOLLOWER).identifier();
        int largest = options.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int pieces = Synthetic.pieceCount(largest);
        long spanBytes = (long) identifier.verifySteps() * DIM * Float.BYTES;
        long identifierBytes = spanBytes + pieces * (long) Double.BYTES;
        List<Row> rows = List.of(
                memoryRow("memory: follower state", 0, String.format(Locale.ROOT,
                        "%,d B per session (OnlineDtwFollower.saveState())", stateBytes)),
                memoryRow("memory: identifier buffers (estimate)", largest, String.format(Locale.ROOT,
                        "%,d B per session: verify span %d x %d x 4 B = %,d B + %,d pieces x 8 B", identifierBytes,
                        identifier.verifySteps(), DIM, spanBytes, pieces)),
                memoryRow("memory: heap per follower (measured)", 0, perFollower > 0
                        ? String.format(Locale.ROOT, "%,d B per follower (%,d followers on one track, used heap "
                                + "after System.gc())", perFollower, MEMORY_SESSIONS)
                        : "not measurable here (System.gc() disabled?)"));
        rows.forEach(row -> progress.accept(row.what() + ": " + row.note()));
        return rows;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A library and how long it took to build (tracks and snippet index). */
    private record Built(PieceLibrary library, double buildSeconds) {
        String index() {
            String kind = library.snippets() == null ? "no" : library.snippets().kind();
            return kind.equals("exact") || kind.equals("no") ? kind : kind.toUpperCase(Locale.ROOT);
        }
    }

    private static Built buildLibrary(List<ScoreIndex> pieces, Options options) {
        long started = System.nanoTime();
        PieceLibrary library = PieceLibrary.of(pieces, options.indexPolicy());
        return new Built(library, (System.nanoTime() - started) / 1e9);
    }

    /** Warm-up steps: at least the verified span (10 s) unless fewer steps are timed, so timing starts in steady state. */
    private static int warmUpSteps(Options options, PieceLibrary library) {
        return (int) Math.max(Math.min(MIN_SESSION_WARMUP_STEPS, options.steps()), Math.min(Math.min(
                MAX_SESSION_WARMUP_STEPS, options.steps() / 5), SESSION_WARMUP_SNIPPETS / Math.max(1,
                        library.snippetCount())));
    }

    private static Row session(String what, Built built, Synthetic.Piece followed, Options options,
            SplittableRandom random, int requestedSize, Consumer<String> progress) {
        PieceLibrary library = built.library();
        double buildSeconds = built.buildSeconds();
        String index = built.index();
        int snippets = requestedSize > 0 ? requestedSize : library.snippetCount();
        int warmUp = warmUpSteps(options, library);
        progress.accept(String.format(Locale.ROOT, "%s, %,d snippets: built in %.1f s (%s), %,d + %,d steps", what,
                snippets, buildSeconds, index, warmUp, options.steps()));

        String pieceId = followed.index().getPieceId();
        MatcherSession session = MatcherSession.following(library, pieceId, SessionConfig.defaults(FOLLOWER));
        Performer performer = new Performer(followed, random);
        long[] nanos = new long[options.steps()];
        int following = 0;
        for (int i = 0; i < warmUp + options.steps(); i++) {
            float[] embedding = performer.next();
            if (performer.restarted()) {
                session.resync(pieceId, 0);
            }
            long t0 = System.nanoTime();
            MatcherSession.Output out = session.step(embedding, (long) i * FRAMES_PER_STEP);
            long elapsed = System.nanoTime() - t0;
            if (i >= warmUp) {
                nanos[i - warmUp] = elapsed;
                if (out.position().state() == SessionState.FOLLOWING && pieceId.equals(out.position().pieceId())) {
                    following++;
                }
            }
        }
        String note = String.format(Locale.ROOT, "%s index, %,d piece%s, followed track %,d positions; "
                + "following it in %.0f%% of timed steps", index, library.size(), library.size() == 1 ? "" : "s",
                library.track(library.ordinalOf(pieceId).orElseThrow()).length(), 100.0 * following / options.steps());
        Row row = timedRow(what, snippets, buildSeconds, nanos, note);
        progress.accept(summary(row));
        return row;
    }

    /**
     * An identifier that never stops identifying: every embedding searched, the most-voted pieces verified
     * every second (what a session does per step until it announces a piece).
     */
    private static Row identifying(Built built, Synthetic.Piece played, Options options, SplittableRandom random,
            int snippets, Consumer<String> progress) {
        PieceLibrary library = built.library();
        int warmUp = warmUpSteps(options, library);
        progress.accept(String.format(Locale.ROOT, "identifying, %,d snippets (%s), %,d + %,d steps", snippets,
                built.index(), warmUp, options.steps()));
        Identifier identifier = new Identifier(library, SessionConfig.defaults(FOLLOWER).identifier());
        Performer performer = new Performer(played, random);
        String pieceId = played.index().getPieceId();
        long[] nanos = new long[options.steps()];
        int verdicts = 0;
        int right = 0;
        for (int i = 0; i < warmUp + options.steps(); i++) {
            float[] embedding = performer.next();
            long t0 = System.nanoTime();
            Verdict verdict = identifier.step(embedding);
            long elapsed = System.nanoTime() - t0;
            if (i >= warmUp) {
                nanos[i - warmUp] = elapsed;
                if (verdict != null) {
                    verdicts++;
                    right += pieceId.equals(verdict.best().pieceId()) ? 1 : 0;
                }
            }
        }
        String note = String.format(Locale.ROOT, "%s index, %,d piece%s; Identifier.step with verification: "
                + "played piece ranked first in %d of %d verifications", built.index(), library.size(),
                library.size() == 1 ? "" : "s", right, verdicts);
        Row row = timedRow("identifying, library", snippets, built.buildSeconds(), nanos, note);
        progress.accept(summary(row));
        return row;
    }

    private static Row timedRow(String what, int snippets, double buildSeconds, long[] nanos, String note) {
        double mean = Arrays.stream(nanos).average().orElse(Double.NaN) / 1e3;
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double secondsPerStep = 1 / FOLLOWER.embeddingsPerSecond();
        return new Row(what, snippets, buildSeconds, percentile(sorted, 0.50) / 1e3, percentile(sorted, 0.99) / 1e3,
                mean, mean / 1e6 / secondsPerStep, note);
    }

    private static Row memoryRow(String what, int snippets, String note) {
        return new Row(what, snippets, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, note);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String summary(Row row) {
        return String.format(Locale.ROOT, "%s: p50 %.1f us, p99 %.1f us, mean %.1f us, RTF %.5f (%s)", row.what(),
                row.p50Micros(), row.p99Micros(), row.meanMicros(), row.realTimeFactor(), row.note());
    }

    /** Renders rows as a Markdown table, one line per row; missing values read "–". */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| measured | library snippets | build (s) | p50 (µs) | p99 (µs) | mean (µs) | RTF | note |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(escape(row.what())).append(' ')
                    .append(row.librarySnippets() > 0 ? String.format(Locale.ROOT, "| %,d ", row.librarySnippets())
                            : "| – ")
                    .append(cell(row.buildSeconds(), "%.1f"))
                    .append(cell(row.p50Micros(), "%.1f"))
                    .append(cell(row.p99Micros(), "%.1f"))
                    .append(cell(row.meanMicros(), "%.1f"))
                    .append(cell(row.realTimeFactor(), "%.5f"))
                    .append("| ").append(escape(row.note())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(double value, String format) {
        return "| " + (Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value)) + " ";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }

    /**
     * A simulated performance of one piece: the audio embedding at each step is the snippet at the true
     * (fractional) position, linearly blended from its neighbours, plus Gaussian noise of length
     * {@link #NOISE}, normalised. At the end of the piece it starts again from the beginning.
     */
    static final class Performer {
        private final float[] snippets;
        private final int dimension;
        private final int length;
        private final SplittableRandom random;
        private final double advance;
        private double position;
        private double truth;
        private boolean restarted;

        Performer(Synthetic.Piece piece, SplittableRandom random) {
            this.snippets = piece.embeddings();
            this.dimension = piece.dimension();
            this.length = snippets.length / dimension;
            this.random = random;
            this.advance = POSITIONS_PER_SECOND / FOLLOWER.embeddingsPerSecond();
        }

        float[] next() {
            restarted = position > length - 2;
            if (restarted) {
                position = 0;
            }
            truth = position;
            int p = (int) Math.floor(position);
            int q = Math.min(length - 1, p + 1);
            double f = position - p;
            double sigma = NOISE / Math.sqrt(dimension);
            float[] out = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                out[d] = (float) ((1 - f) * snippets[p * dimension + d] + f * snippets[q * dimension + d]
                        + sigma * random.nextGaussian());
            }
            position += advance;
            return Synthetic.normalise(out);
        }

        /** Whether the latest embedding began the piece again. */
        boolean restarted() {
            return restarted;
        }

        /** The true track position of the latest embedding. */
        double truth() {
            return truth;
        }
    }

    /**
     * Generated pieces: a grid (stride {@value #STRIDE} px) of unit vectors that drift smoothly along the
     * strip ({@code 0.6·previous + 0.4·fresh}, normalised), used as both the following and the
     * identification grid; bars of {@value #BAR_PX} px worth 4 beats, systems of {@value #SYSTEM_PX} px,
     * two systems per page, no repeats.
     */
    static final class Synthetic {
        static final int STRIDE = 8;
        static final int BAR_PX = 80;
        static final int SYSTEM_PX = 800;

        /** A piece and its grid's embeddings, row-major (kept only for pieces that are performed). */
        record Piece(ScoreIndex index, float[] embeddings, int dimension) {}

        /** A library's pieces; {@code followed} (the first) keeps its embeddings. */
        record Library(List<ScoreIndex> pieces, Piece followed) {}

        private Synthetic() {}

        /** Pieces of a library of {@code snippets} snippets: {@link #SNIPPETS_PER_PIECE} each, rounded up. */
        static int pieceCount(int snippets) {
            return (snippets + SNIPPETS_PER_PIECE - 1) / SNIPPETS_PER_PIECE;
        }

        /** {@code snippets} snippets over {@link #pieceCount(int)} pieces of near-equal length. */
        static Library library(int snippets, int dimension, SplittableRandom random) {
            int count = pieceCount(snippets);
            List<ScoreIndex> pieces = new ArrayList<>(count);
            Piece followed = null;
            for (int p = 0; p < count; p++) {
                int positions = snippets / count + (p < snippets % count ? 1 : 0);
                Piece piece = piece(String.format(Locale.ROOT, "p%07d", p), positions, dimension, random.split());
                if (p == 0) {
                    followed = piece;
                }
                pieces.add(piece.index());
            }
            return new Library(pieces, followed);
        }

        static Piece piece(String id, int positions, int dimension, SplittableRandom random) {
            if (positions < 1) {
                throw new IllegalArgumentException("a piece needs at least one position");
            }
            float[] embeddings = new float[positions * dimension];
            SnippetGrid.Builder grid = SnippetGrid.newBuilder().setStridePx(STRIDE).setEmbeddingDim(dimension)
                    .setModelId("synthetic");
            float[] current = unit(dimension, random);
            for (int i = 0; i < positions; i++) {
                float[] fresh = unit(dimension, random);
                for (int d = 0; d < dimension; d++) {
                    current[d] = 0.6f * current[d] + 0.4f * fresh[d];
                }
                current = normalise(current);
                System.arraycopy(current, 0, embeddings, i * dimension, dimension);
                grid.addStripXPx(i * STRIDE + STRIDE / 2f);
                for (float v : current) {
                    grid.addEmbeddings(v);
                }
            }
            SnippetGrid built = grid.build();
            int width = positions * STRIDE;
            ScoreIndex.Builder index = ScoreIndex.newBuilder().setPieceId(id).setFollowGrid(built)
                    .setIdentifyGrid(built).setStripWidthPx(width).setStripHeightPx(200);
            int systems = (width + SYSTEM_PX - 1) / SYSTEM_PX;
            for (int s = 0; s < systems; s++) {
                if (s % 2 == 0) {
                    index.addPages(Page.newBuilder().setPageIndex(s / 2).setWidthPx(835).setHeightPx(1181));
                }
                index.addSystems(StaffSystem.newBuilder().setSystemIndex(s).setPageIndex(s / 2).setLeftXPx(20)
                        .setRightXPx(20 + SYSTEM_PX).setStripStartXPx(s * SYSTEM_PX));
            }
            int bars = (width + BAR_PX - 1) / BAR_PX;
            for (int b = 0; b < bars; b++) {
                int system = b * BAR_PX / SYSTEM_PX;
                index.addBars(Bar.newBuilder().setBarIndex(b).setLabel(Integer.toString(b + 1)).setSystemIndex(system)
                        .setStartStripXPx(b * BAR_PX).setEndStripXPx((b + 1) * BAR_PX)
                        .setStartPageXPx(20 + b * BAR_PX - system * SYSTEM_PX)
                        .setEndPageXPx(20 + (b + 1) * BAR_PX - system * SYSTEM_PX)
                        .setStartBeats(4.0 * b).setDurationBeats(4).setStartScoreMillis(2000.0 * b));
            }
            return new Piece(index.build(), embeddings, dimension);
        }

        static float[] unit(int dimension, SplittableRandom random) {
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) random.nextGaussian();
            }
            return normalise(v);
        }

        static float[] normalise(float[] v) {
            double n = 0;
            for (float x : v) {
                n += x * x;
            }
            float inv = (float) (1 / Math.sqrt(n));
            for (int d = 0; d < v.length; d++) {
                v[d] *= inv;
            }
            return v;
        }
    }
}
