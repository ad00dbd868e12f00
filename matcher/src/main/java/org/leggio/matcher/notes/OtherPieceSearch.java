package org.leggio.matcher.notes;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Finds the players in another piece by the notes, seconds before the embeddings can: every {@link
 * OtherPieceConfig#everySeconds()}, the newest {@link OtherPieceConfig#firstWindowSeconds()} of audio (to propose
 * a find; {@link OtherPieceConfig#windowSeconds()} to confirm one) are placed
 * anywhere in each candidate piece and anywhere in the followed one ({@link NoteAligner#alignAnywhere}). The
 * players are in another piece when its notes fit clearly better than the followed piece's best place, by
 * {@link OtherPieceConfig#margin()}, on {@link OtherPieceConfig#confirmations()} looks running, each place
 * moving on from the last at a pace the players can have (a quarter to 2.5 times the tempo guessed), and the place
 * fitting the newest audio better than it fitted the music heard {@link #EARLIER_SECONDS} before, by {@link
 * OtherPieceConfig#earlierMargin()} (a place that explains any music of the kind is no sign of a change).
 *
 * <p>The embeddings are 4.2 s long and centred, so they only tell another piece once most of a window holds
 * it: a session jumped 4–8 s after the players changed piece. The notes are frame by frame. Comparing with the
 * followed piece's <em>best place anywhere</em>, not where the players were, means a restart or a jump inside
 * the piece is not taken for another piece. Not thread-safe: one per session.
 */
final class OtherPieceSearch {
    /**
     * A piece to search.
     *
     * @param ordinal its place in the session's library
     * @param template its notes
     * @param notatedBeatsPerSecond its notated tempo, quarter notes per second (NaN: unknown)
     * @param tempoMarked whether the score marks its tempo (else {@code notatedBeatsPerSecond} is a default that
     *     says nothing of how fast it is played, and the search tries {@link #UNMARKED_TEMPO_FACTORS})
     */
    record Candidate(int ordinal, NoteTemplate template, double notatedBeatsPerSecond, boolean tempoMarked) {}

    /**
     * Where the players were found.
     *
     * @param ordinal the piece, in the session's library
     * @param beats where the newest frame's end lies in it, quarter notes from its start
     * @param beatsPerSecond their tempo there, quarter notes per second, as the notes fitted it
     * @param margin how much better its notes fit than the followed piece's anywhere (mean cost per frame)
     */
    record Found(int ordinal, double beats, double beatsPerSecond, double margin) {}

    /**
     * How long before the newest audio the windows of earlier music end that the place found must fit worse
     * ({@link OtherPieceConfig#earlierMargin()}), seconds: after the players changed piece (a find comes 1.5–4.5 s
     * after), at least the older windows hold the piece left only.
     */
    static final double[] EARLIER_SECONDS = {3, 4, 6};
    /** A place found again moves on at least this share of the guessed tempo, and at most {@link #MAX_PACE}. */
    private static final double MIN_PACE = 0.25;
    private static final double MAX_PACE = 2.5;
    /** The slowest tempo a whole-piece search assumes, quarter notes per second (the search fits half of it). */
    static final double MIN_SEARCH_BEATS_PER_SECOND = 0.25;
    /** How far from where the players are thought to be the followed piece's own fit is taken, seconds of music. */
    private static final double LOCAL_RADIUS_SECONDS = 0.5;
    /** Tempi tried by {@link #fitTempo}: this many steps an octave, an octave either way. */
    static final int TEMPO_STEPS_PER_OCTAVE = 8;
    /**
     * What {@link #tempoAround} adds to a tempo's cost per octave away from the notated tempo (mean cost per frame):
     * where the notes fit two tempi an octave apart about alike, the one nearer the score's (on validation, Beethoven
     * 12-1 → 18-1 was entered at half the players' tempo without it; with it one jump 3 s sooner, 12-1 Zhao02).
     */
    static final double AROUND_COST_PER_OCTAVE = 0.02;
    /**
     * How far from identification's place (moved on by the look-back at each tempo) {@link #tempoAround} lets the
     * newest audio end, seconds of music: identification places the players on a coarse track. On validation 0.5 and
     * 1.5 s did worse.
     */
    private static final double AROUND_RADIUS_SECONDS = 1.0;
    /**
     * The tempi, as factors of the guess, at which a piece whose score marks no tempo is searched. One search fits
     * any tempo from half to twice its own, but dearer the further off: on validation, Bach's fugue BWV 865 was
     * guessed at 1 quarter note a second with the players at 1.5, BWV 875 at 1.5 with them at 0.9, and their notes
     * fitted no better than the piece left until identification changed piece 5 s after the jump. A piece whose
     * tempo is marked is searched at its guess alone: searching it at these tempi too took wrong places for the
     * players (changes to a piece not played 13 → 22 of 58 jumps).
     */
    static final double[] UNMARKED_TEMPO_FACTORS = {1, Math.sqrt(2), Math.sqrt(0.5)};
    private static final double[] MARKED_TEMPO_FACTORS = {1};
    /** The tempo guessed for a score with no tempo marked, quarter notes per second. */
    private static final double UNMARKED_BEATS_PER_SECOND = 2;
    private final UsualFit usualFit = new UsualFit();

    private final OtherPieceConfig config;
    private final int windowFrames;
    /** Frames a look with no find to confirm places ({@link OtherPieceConfig#firstWindowSeconds()}). */
    private final int firstFrames;
    private final int everyFrames;
    private final int confirmFrames;
    private final double framesPerSecond;
    private long lastLookFrame = Long.MIN_VALUE / 2;
    private int streak;
    private int pendingOrdinal = -1;
    private double pendingBeats;
    private long pendingFrame;

    OtherPieceSearch(OtherPieceConfig config, int framesPerSecond) {
        this.config = config;
        this.framesPerSecond = framesPerSecond;
        this.windowFrames = Math.max(10, (int) Math.round(config.windowSeconds() * framesPerSecond));
        this.firstFrames = Math.max(10, (int) Math.round(config.firstWindowSeconds() * framesPerSecond));
        this.everyFrames = Math.max(1, (int) Math.round(config.everySeconds() * framesPerSecond));
        this.confirmFrames = Math.max(1, (int) Math.round(config.confirmSeconds() * framesPerSecond));
    }

    /** Audio frames each look places. */
    int windowFrames() {
        return windowFrames;
    }

    /** Whether a look is due, with {@code framesPushed} frames heard. */
    boolean due(long framesPushed) {
        int wait = streak > 0 ? confirmFrames : everyFrames;
        return framesPushed >= windowFrames && framesPushed - lastLookFrame >= wait;
    }

    /** Forgets the looks running (the session moved on purpose, or the audio stopped). */
    void reset() {
        streak = 0;
        pendingOrdinal = -1;
    }

    /**
     * Looks once.
     *
     * @param aligner the followed piece's aligner, holding the newest audio
     * @param followedBeatsPerSecond the players' tempo in the followed piece, quarter notes per second
     * @param followedNotatedBeatsPerSecond the followed piece's notated tempo (NaN: unknown), which bounds the
     *     tempo its whole-piece search assumes
     * @param relativeTempo the players' tempo relative to the followed piece's notated one (NaN: unknown), which
     *     guesses their tempo in a candidate from its notated one
     * @param candidates the other pieces to search
     * @return where the players are, once confirmed; else null
     */
    Found look(NoteAligner aligner, double followedBeats, double followedBeatsPerSecond,
            double followedNotatedBeatsPerSecond, double relativeTempo, List<Candidate> candidates) {
        long frame = aligner.framesPushed();
        lastLookFrame = frame;
        if (candidates.isEmpty() || !(followedBeatsPerSecond > 0) || Double.isInfinite(followedBeatsPerSecond)) {
            reset();
            return null;
        }
        boolean confirming = streak > 0;
        Found found = lookOnce(aligner, followedBeats, followedBeatsPerSecond, followedNotatedBeatsPerSecond,
                relativeTempo, candidates, true);
        if (confirming && streak == 0 && found == null) {
            // the find waiting for confirmation failed on the whole window; the newest audio may hold another, which
            // is proposed on the newest firstFrames like any first look (judged on the whole window, which reaches
            // back into the piece left, the right place in Beethoven 7-2 missed the anywhere margin three looks
            // running after a wrong place had been proposed: docs/evaluation.md, "Twenty-second round")
            found = lookOnce(aligner, followedBeats, followedBeatsPerSecond, followedNotatedBeatsPerSecond,
                    relativeTempo, candidates, false);
        }
        return found;
    }

    /** One look, proposing a find or confirming the one waiting; {@code recordFit}: whether it samples the fit. */
    private Found lookOnce(NoteAligner aligner, double followedBeats, double followedBeatsPerSecond,
            double followedNotatedBeatsPerSecond, double relativeTempo, List<Candidate> candidates,
            boolean recordFit) {
        long frame = aligner.framesPushed();
        // a find is proposed on the newest firstFrames, and confirmed on the whole window
        int frames = streak == 0 ? firstFrames : windowFrames;
        double local = aligner.costNear(followedBeats, followedBeatsPerSecond, LOCAL_RADIUS_SECONDS, frames);
        // a find waiting for its confirmation is looked at again however the followed piece fits: its fit varies
        // from look to look, and the margins below still ask the other piece to fit better
        if (!fitsWorseThanUsual(local, recordFit) && streak == 0) {
            return null;
        }
        Candidate best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        double bestBeats = Double.NaN;
        double bestTempo = Double.NaN;
        for (Candidate c : candidates) {
            double guess = guessTempo(c, followedBeatsPerSecond, relativeTempo);
            for (double factor : factors(c)) {
                double tempo = guess * factor;
                double beats = aligner.alignAnywhere(c.template(), tempo, frames, config.decimation());
                double cost = aligner.lastCostPerFrame();
                if (cost < bestCost) {
                    best = c;
                    bestCost = cost;
                    bestBeats = beats;
                    bestTempo = tempo;
                }
            }
        }
        // the followed piece's best place fits at least as well as where the players are thought to be (up to the
        // two alignments' step rules): a candidate that does not beat that by the margin cannot beat the best
        if (best == null || !(local - bestCost >= config.margin())) {
            reset();
            return null;
        }
        double margin = followedAnywhere(aligner, followedBeatsPerSecond, followedNotatedBeatsPerSecond, frames)
                - bestCost;
        if (!(margin >= config.margin())) {
            reset();
            return null;
        }
        if (!fitsBetterThanEarlier(aligner, best, bestBeats, bestTempo, bestCost, frames)) {
            reset();
            return null;
        }
        boolean movingOn = streak > 0 && best.ordinal() == pendingOrdinal && paced(bestBeats - pendingBeats,
                (frame - pendingFrame) / framesPerSecond, bestTempo);
        streak = movingOn ? streak + 1 : 1;
        pendingOrdinal = best.ordinal();
        pendingBeats = bestBeats;
        pendingFrame = frame;
        if (streak < config.confirmations()) {
            return null;
        }
        reset();
        // the whole-piece search fits any tempo from half to twice its guess, so its guess may be far from the
        // players' (a score with no tempo marked; players slower in one piece than in the other). The tempo is fitted
        // on the newest 1.5 s, not the 2 s confirmed: a find can come 1.5 s after the change of piece, and the music
        // before it, in no tempo of the piece found, drowned the fit (a test: 1.2 quarter notes a second taken for 3.7)
        double foundBeats = bestBeats;
        Fit fit = fitTempo(aligner, best.template(), tempo -> foundBeats, bestTempo, LOCAL_RADIUS_SECONDS, firstFrames,
                0);
        return fit == null ? new Found(best.ordinal(), foundBeats, bestTempo, margin)
                : new Found(best.ordinal(), fit.beats(), fit.beatsPerSecond(), margin);
    }

    /**
     * The players' tempo and place in a piece, around a place thought to be theirs: the newest {@code frames} audio
     * frames aligned there at each tempo from half to twice a guess, in steps of an eighth of an octave, the cheapest
     * taken. The alignment's steps off the diagonal cost, so the cheapest is the tempo at which
     * the notes go by as the audio does: on the validation jumps the tempo of a find came within about 10 % of the
     * players' where the search's guess had been up to twice or half of it (docs/evaluation.md, "Twentieth round").
     *
     * @param placeAt where the players are thought to be now at a tempo, quarter notes
     * @param radiusSeconds how far from there, in music at each tempo, the place may lie
     * @param costPerOctave added to a tempo's cost (mean per frame) per octave from the guess: how much the guess is
     *     trusted (0: not at all)
     * @return the cheapest place and tempo; null when nothing could be aligned
     */
    Fit fitTempo(NoteAligner aligner, NoteTemplate template, DoubleUnaryOperator placeAt, double guess,
            double radiusSeconds, int frames, double costPerOctave) {
        if (!(guess > 0) || Double.isInfinite(guess)) {
            return null;
        }
        Fit best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int k = -TEMPO_STEPS_PER_OCTAVE; k <= TEMPO_STEPS_PER_OCTAVE; k++) {
            double tempo = guess * Math.pow(2, k / (double) TEMPO_STEPS_PER_OCTAVE);
            double beats = aligner.alignNear(template, placeAt.applyAsDouble(tempo), tempo, radiusSeconds,
                    frames);
            double cost = aligner.lastCostPerFrame() + costPerOctave * Math.abs(k) / TEMPO_STEPS_PER_OCTAVE;
            if (Double.isFinite(beats) && cost < bestCost) {
                bestCost = cost;
                best = new Fit(beats, tempo, aligner.lastCostPerFrame());
            }
        }
        return best;
    }

    /**
     * The players' tempo in a piece the session changes to on identification's word, which tells roughly where in
     * it the music of a look-back ago lies but not how fast the players go: the tempo whose place, that music moved
     * on by the look-back, the newest audio fits best ({@link #fitTempo}, around the piece's notated tempo, or 2
     * quarter notes a second without one, at {@link #AROUND_COST_PER_OCTAVE} an octave away from it). A follower
     * started with no tempo reported positions a look-back behind for seconds (docs/evaluation.md, "Nineteenth
     * round").
     *
     * @param matchedBeats where the music of {@code lookbackSeconds} ago lies in the piece, quarter notes
     * @return quarter notes per second; NaN when nothing could be aligned
     */
    double tempoAround(NoteAligner aligner, Candidate piece, double matchedBeats, double lookbackSeconds) {
        Fit fit = fitAround(aligner, piece, matchedBeats, lookbackSeconds);
        return fit == null ? Double.NaN : fit.beatsPerSecond();
    }

    /**
     * Where and how fast the players are in a piece identification has named, as {@link #tempoAround} fits it, when
     * the newest audio fits there better than anywhere in the followed piece (at the search tempo of a look; the
     * find's margin by how much); else null. On validation, identification's first naming of the right piece came a
     * second before its change, and the notes confirmed six of them (docs/evaluation.md, "Twenty-first round").
     *
     * @param followedBeatsPerSecond the players' tempo in the followed piece, quarter notes per second
     * @param followedNotatedBeatsPerSecond the followed piece's notated tempo (NaN: unknown)
     */
    Found confirmAround(NoteAligner aligner, Candidate piece, double matchedBeats, double lookbackSeconds,
            double followedBeatsPerSecond, double followedNotatedBeatsPerSecond) {
        Fit fit = fitAround(aligner, piece, matchedBeats, lookbackSeconds);
        if (fit == null || !(followedBeatsPerSecond > 0) || Double.isInfinite(followedBeatsPerSecond)) {
            return null;
        }
        double margin = followedAnywhere(aligner, followedBeatsPerSecond, followedNotatedBeatsPerSecond, windowFrames)
                - fit.costPerFrame();
        return margin > 0 ? new Found(piece.ordinal(), fit.beats(), fit.beatsPerSecond(), margin) : null;
    }

    /** How well the newest {@code frames} fit the followed piece at its best place anywhere (mean cost per frame). */
    private double followedAnywhere(NoteAligner aligner, double followedBeatsPerSecond,
            double followedNotatedBeatsPerSecond, int frames) {
        aligner.alignAnywhere(aligner.noteTemplate(), searchTempo(followedBeatsPerSecond,
                followedNotatedBeatsPerSecond), frames, config.decimation());
        return aligner.lastCostPerFrame();
    }

    private Fit fitAround(NoteAligner aligner, Candidate piece, double matchedBeats, double lookbackSeconds) {
        if (!Double.isFinite(matchedBeats)) {
            return null;
        }
        double notated = piece.notatedBeatsPerSecond();
        double guess = notated > 0 && !Double.isInfinite(notated) ? notated : UNMARKED_BEATS_PER_SECOND;
        return fitTempo(aligner, piece.template(), tempo -> matchedBeats + lookbackSeconds * tempo, guess,
                AROUND_RADIUS_SECONDS, windowFrames, AROUND_COST_PER_OCTAVE);
    }

    /**
     * A place (quarter notes) and tempo (quarter notes per second) the newest audio fits best, and how well (mean
     * cost per frame, without what {@link #fitTempo} adds for a tempo far from its guess).
     */
    record Fit(double beats, double beatsPerSecond, double costPerFrame) {}

    /**
     * Whether the followed piece's notes fit the newest audio, where the players are thought to be, worse than
     * they usually do ({@link UsualFit}); records the fit if {@code record} (once a look). While they fit as usual,
     * the players are in that piece, and the search (milliseconds per piece) is not run: about half the looks, and
     * most false finds, are skipped.
     */
    private boolean fitsWorseThanUsual(double localCost, boolean record) {
        double usual = usualFit.usual();
        if (record) {
            usualFit.record(localCost);
        }
        return Double.isFinite(localCost) && localCost > usual;
    }

    /** Forgets the followed piece's usual fit (another piece is followed now). */
    void forgetFits() {
        usualFit.forget();
        reset();
    }

    /**
     * Whether the place found fits the newest audio better, by {@link OtherPieceConfig#earlierMargin()}, than it
     * fitted each window of the music heard {@link #EARLIER_SECONDS} before (the window's end placed within {@link
     * #LOCAL_RADIUS_SECONDS} of music from it, at the tempo found; a window not heard, or no longer kept, is not
     * asked). A place that explains music heard seconds before as well as the newest (a chord struck for bars, a
     * figure repeated) explains any music of that kind. On validation the wrong finds were such places
     * (docs/evaluation.md, "Eighteenth round"); asking where <em>anywhere</em> in the piece the earlier music fitted
     * refused right finds in pieces that hold, somewhere else, music like the piece left ("Twenty-second round").
     */
    private boolean fitsBetterThanEarlier(NoteAligner aligner, Candidate found, double place, double tempo,
            double cost, int frames) {
        if (config.earlierMargin() == 0) {
            return true;
        }
        for (double seconds : EARLIER_SECONDS) {
            aligner.alignNear(found.template(), place, tempo, LOCAL_RADIUS_SECONDS, frames,
                    (int) Math.round(seconds * framesPerSecond));
            double earlier = aligner.lastCostPerFrame();
            if (!Double.isNaN(earlier) && earlier - cost < config.earlierMargin()) {
                return false;
            }
        }
        return true;
    }

    /** The tempi, as factors of its guess, at which a piece is searched. */
    private static double[] factors(Candidate c) {
        return c.tempoMarked() ? MARKED_TEMPO_FACTORS : UNMARKED_TEMPO_FACTORS;
    }

    private static boolean paced(double advanceBeats, double seconds, double beatsPerSecond) {
        double expected = seconds * beatsPerSecond;
        return advanceBeats >= MIN_PACE * expected && advanceBeats <= MAX_PACE * expected;
    }

    /**
     * The players' tempo in a candidate: its notated tempo at their relative tempo; its notated tempo when
     * that is unknown; the followed piece's tempo (bounded by {@link #searchTempo}) when the candidate has none.
     * Within half to twice the guess the search fits any tempo.
     */
    private static double guessTempo(Candidate c, double followedBeatsPerSecond, double relativeTempo) {
        double notated = c.notatedBeatsPerSecond();
        if (!(notated > 0) || Double.isInfinite(notated)) {
            return searchTempo(followedBeatsPerSecond, Double.NaN);
        }
        double relative = relativeTempo > 0 && !Double.isInfinite(relativeTempo)
                ? Math.max(0.5, Math.min(2, relativeTempo)) : 1;
        return notated * relative;
    }

    /**
     * The tempo a whole-piece search assumes for a session's tempo: within half to twice the piece's notated tempo
     * when known, and at least {@link #MIN_SEARCH_BEATS_PER_SECOND}. A stalled session's tempo can fall near zero,
     * and a search's columns grow as its inverse: at 0.01 quarter notes a second one search of a long sonata took
     * seconds in a single step (docs/benchmarks.md, 2026-11-29, late evening).
     */
    static double searchTempo(double beatsPerSecond, double notatedBeatsPerSecond) {
        double tempo = beatsPerSecond;
        if (notatedBeatsPerSecond > 0 && !Double.isInfinite(notatedBeatsPerSecond)) {
            tempo = Math.max(0.5 * notatedBeatsPerSecond, Math.min(2 * notatedBeatsPerSecond, tempo));
        }
        return Math.max(MIN_SEARCH_BEATS_PER_SECOND, tempo);
    }
}
