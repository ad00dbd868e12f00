package org.leggio.matcher.notes;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.leggio.matcher.follow.CostWindow;
import org.leggio.matcher.follow.Slopes;

/**
 * Online DTW of the spectrogram frames against the score's notes, one frame at a time: the score's notes are
 * sampled in columns, each holding the music of one frame at the tempo of the moment it was made, and every frame
 * adds one step of accumulated cost over a window of columns around the best position,
 * {@code D(t, j) = d(t, j) + forgetting · min_k (D(t−1, j−k) + stepCost(j−k → j))}, {@code k = 0..maxStep},
 * where {@code d} is the distance between the frame's features and the notes' ({@link NoteTemplate}) and the
 * step cost grows with how far the step's music differs from the expected tempo's (see {@link #step}). The same
 * recursion as the embedding follower's, at frame rate and note resolution: the path is continuous, so it
 * cannot hop between copies of a figure, and it keeps the players' tempo through music the notes cannot tell
 * apart (a sequence, a figure repeated) instead of waiting where the embeddings stall.
 *
 * <p>It has to be placed: {@link #seed} starts the path around a known position (the refiner does this with
 * its anchored alignment); until then, and after {@link #unseed}, {@link #step} does nothing. Memory is
 * O(window), fixed at construction; {@link #step} allocates nothing. Not thread-safe: one per session.
 */
public final class NoteFollower {
    /** Columns either side of a seed where the path may start. */
    private static final int SEED_SPREAD_COLUMNS = 2;
    /** The tempo columns are spaced at when none is known, quarter notes per second. */
    private static final double DEFAULT_BEATS_PER_SECOND = 2;

    private final NoteTemplate template;
    private final NoteFollowerConfig config;
    private final int framesPerSecond;
    private final int windowSize;
    private double[] cost;
    private double[] next;
    /** Features and score position of the window's columns, by {@code column % windowSize}. */
    private final float[][] columns;
    private final double[] columnBeats;
    /** The score's notated tempo at each column, quarter notes per second (NaN: unknown). */
    private final double[] columnNotated;
    private final double[] recentSeconds;
    private final double[] recentBeats;
    /** The window's first column; columns are numbered from the last seed's window start, 0. */
    private int windowStart;
    private boolean seeded;
    private long frames;
    private long remembered;
    private double tempoPrior;
    private double tempoHint = Double.NaN;
    private double usualTempo = Double.NaN;
    private DoubleUnaryOperator notatedTempo;
    private double scoreTempoScale = Double.NaN;
    private double bestBeats = Double.NaN;

    NoteFollower(NoteTemplate template, NoteFollowerConfig config, int framesPerSecond) {
        this.template = template;
        this.config = config;
        this.framesPerSecond = framesPerSecond;
        this.windowSize = config.windowColumns();
        this.cost = new double[windowSize];
        this.next = new double[windowSize];
        this.columns = new float[windowSize][NoteTemplate.FEATURES];
        this.columnBeats = new double[windowSize];
        this.columnNotated = new double[windowSize];
        Arrays.fill(columnNotated, Double.NaN);
        int tempoFrames = (int) Math.round(config.tempoSeconds() * framesPerSecond);
        this.recentSeconds = new double[tempoFrames];
        this.recentBeats = new double[tempoFrames];
    }

    /**
     * Starts the path around {@code beats} (quarter notes) at {@code beatsPerSecond}, the tempo it keeps until
     * it has a second of its own path to measure.
     */
    public void seed(double beats, double beatsPerSecond) {
        tempoPrior = beatsPerSecond > 0 && Double.isFinite(beatsPerSecond) ? beatsPerSecond : 0;
        double spacing = spacing();
        windowStart = 0;
        int centre = config.backColumns();
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        for (int c = 0; c < windowSize; c++) {
            build(c, beats + (c - centre) * spacing);
        }
        for (int c = centre - SEED_SPREAD_COLUMNS; c <= centre + SEED_SPREAD_COLUMNS; c++) {
            if (columnBeats[c] >= 0 && columnBeats[c] <= template.endBeats()) {
                cost[c] = 0;
            }
        }
        remembered = 0;
        bestBeats = beats;
        seeded = true;
    }

    /** Forgets the path: {@link #step} does nothing until the next {@link #seed}. */
    public void unseed() {
        seeded = false;
        bestBeats = Double.NaN;
    }

    public boolean seeded() {
        return seeded;
    }

    /**
     * Consumes one frame's features (see {@link NoteAligner}); nothing happens while not seeded. A step from
     * column j to column i costs {@code stepPenalty · |beats(i) − beats(j) − e| / e}, with e the music a frame
     * holds at the expected tempo: new columns are spaced at that tempo, so keeping it is free whatever it is,
     * and an integer number of columns per frame does not favour a tempo of its own. With a {@link
     * #setUsualTempo usual tempo} u, the cost is the smaller of that and the same with u for e; with a {@link
     * #setScoreTempoScale score tempo scale} r, also the same with r times the score's notated tempo at column i.
     */
    void step(float[] features) {
        frames++;
        if (!seeded) {
            return;
        }
        double expected = spacing();
        double usual = usualTempo > 0 ? usualTempo / framesPerSecond : expected;
        double onset = Math.min(1, NoteTemplate.norm(features, BandChroma.PITCH_CLASSES) / template.onsetScale());
        double penalty = config.stepPenalty() * (config.quietShare() + (1 - config.quietShare()) * onset);
        double perExpected = penalty / expected;
        double perUsual = penalty / usual;
        double scale = scoreTempoScale > 0 ? scoreTempoScale / framesPerSecond : Double.NaN;
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < windowSize; i++) {
            int slot = slot(windowStart + i);
            double beats = columnBeats[slot];
            double scored = scale * columnNotated[slot];
            if (!(scored > 0)) {
                scored = usual; // no score tempo here: the usual tempo stands in, which adds nothing
            }
            double perScored = penalty / scored;
            double from = Double.POSITIVE_INFINITY;
            for (int k = 0, j = i; k <= config.maxStep() && j >= 0; k++, j--) {
                double step = beats - columnBeats[slot(windowStart + j)];
                double stepCost = Math.min(Math.min(Math.abs(step - expected) * perExpected,
                        Math.abs(step - usual) * perUsual), Math.abs(step - scored) * perScored);
                from = Math.min(from, cost[j] + stepCost);
            }
            if (from == Double.POSITIVE_INFINITY || beats < 0 || beats > template.endBeats()) {
                next[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            next[i] = NoteTemplate.distance(features, columns[slot]) + config.forgetting() * from;
            if (next[i] < bestCost) {
                bestCost = next[i];
                best = i;
            }
        }
        if (best < 0) {
            unseed(); // nothing reachable: a seed beyond the score's end
            return;
        }
        for (int i = 0; i < windowSize; i++) {
            next[i] -= bestCost;
        }
        double[] swap = cost;
        cost = next;
        next = swap;
        bestBeats = columnBeats[slot(windowStart + best)];
        remember(frames / (double) framesPerSecond, bestBeats);
        shiftWindow(best);
    }

    /** Where the newest frame's end lies on the path, quarter notes (NaN while not seeded). */
    public double beats() {
        return bestBeats;
    }

    /**
     * The path's tempo, quarter notes per second: the least-squares slope of its best positions over the last
     * {@link NoteFollowerConfig#tempoSeconds()}, or the seed's tempo for the first second after a seed.
     */
    public double beatsPerSecond() {
        int n = (int) Math.min(remembered, recentSeconds.length);
        if (n < framesPerSecond && tempoPrior > 0) {
            return tempoPrior;
        }
        return Slopes.nonNegativeLeastSquares(recentSeconds, recentBeats, n);
    }

    /**
     * The players' tempo as measured elsewhere (the embedding follower's, over a longer span), quarter notes per
     * second: the steps expect it. A path's own tempo would feed on itself: where it stalls, its tempo falls, and
     * standing still becomes the cheap step.
     */
    public void setTempoHint(double beatsPerSecond) {
        tempoHint = beatsPerSecond;
    }

    /**
     * The players' usual tempo, quarter notes per second (the recent tempo over a longer span; NaN or ≤ 0:
     * none): a step at it costs no more than one at the {@link #setTempoHint recent tempo}. Players who slowed
     * (a ritardando, a fermata) go back to it at once ("a tempo"), faster than a fit over the last seconds can
     * tell; without it the path, held to the slow tempo, lags seconds behind a fast passage that follows.
     */
    public void setUsualTempo(double beatsPerSecond) {
        usualTempo = beatsPerSecond;
    }

    /**
     * The score's notated tempo, quarter notes per second, at a score position in quarter notes (NaN where
     * unknown; null: none). Called when a column is made, so it must be cheap and must not allocate.
     */
    public void setNotatedTempo(DoubleUnaryOperator beatsPerSecondAtBeats) {
        notatedTempo = beatsPerSecondAtBeats;
    }

    /**
     * How the players take the score's tempo: their tempo over the notated one, as a usual ratio (NaN or ≤ 0:
     * none). A step at this ratio times the notated tempo where it lands costs no more than one at the {@link
     * #setTempoHint recent tempo}: where the score marks "a tempo" after a ritardando, or a faster section, the
     * path may go there at once, as it may go back to the {@link #setUsualTempo usual tempo}; and it may keep
     * the players' tempo of the whole piece after a slow stretch longer than the usual tempo's span.
     */
    public void setScoreTempoScale(double ratio) {
        scoreTempoScale = ratio;
    }

    /** The music one frame holds at the expected tempo, quarter notes: the spacing of new columns. */
    private double spacing() {
        double bps = tempoHint > 0 ? tempoHint : tempoPrior > 0 ? tempoPrior : DEFAULT_BEATS_PER_SECOND;
        return bps / framesPerSecond;
    }

    private void remember(double seconds, double beats) {
        int slot = (int) (remembered++ % recentSeconds.length);
        recentSeconds[slot] = seconds;
        recentBeats[slot] = beats;
    }

    private int slot(int column) {
        return column % windowSize;
    }

    private void build(int column, double beats) {
        int slot = slot(column);
        double spacing = spacing();
        columnBeats[slot] = beats;
        columnNotated[slot] = notatedTempo != null ? notatedTempo.applyAsDouble(beats) : Double.NaN;
        template.column(beats, 1 / (spacing * framesPerSecond), spacing, columns[slot]);
    }

    /**
     * Re-centres the window behind the best position; columns entering it are spaced at the tempo of the
     * moment and unreachable so far.
     */
    private void shiftWindow(int best) {
        int newStart = Math.max(0, windowStart + best - config.backColumns());
        int shift = newStart - windowStart;
        if (shift == 0) {
            return;
        }
        CostWindow.shift(cost, shift);
        int oldEnd = windowStart + windowSize - 1;
        double spacing = spacing();
        if (shift > 0) {
            for (int c = oldEnd + 1; c <= newStart + windowSize - 1; c++) {
                build(c, columnBeats[slot(c - 1)] + spacing);
            }
        } else {
            for (int c = windowStart - 1; c >= newStart; c--) {
                build(c, columnBeats[slot(c + 1)] - spacing);
            }
        }
        windowStart = newStart;
    }
}
