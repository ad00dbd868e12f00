package org.leggio.matcher.notes;

/**
 * Settings of the search for the players in another piece by the notes (see {@link OtherPieceSearch}).
 * Immutable; validated on construction.
 *
 * @param enabled whether a session following a piece looks for the players in other pieces by their notes
 * @param windowSeconds how much of the newest audio is placed in each piece, seconds
 * @param firstWindowSeconds how much of it a look that has no find to confirm places, seconds (at most {@code
 *     windowSeconds}): a find is proposed on less audio, half a second sooner after the players changed piece, and
 *     confirmed on the whole window (fewer wrong page turns on validation: docs/evaluation.md, "Nineteenth round")
 * @param decimation spectrogram frames averaged into one for the search (1: every frame, 20 a second; 2 halves
 *     the cost but found wrong places on validation)
 * @param everySeconds how often to look, seconds
 * @param confirmSeconds how soon after a find the next look is taken, to confirm it, seconds (at most {@code
 *     everySeconds}; 0.25 s re-acquired more jumps within 3 s on validation but fewer on test, where a shorter
 *     confirmation let wrong places through: docs/evaluation.md, "Eighteenth round")
 * @param margin the other piece's notes must fit the audio better than the followed piece's anywhere, by this
 *     much (mean cost per averaged frame)
 * @param confirmations consecutive looks that must find the same piece, moving on at the players' pace
 * @param candidates how many other pieces are searched each look: those identification votes for most (each
 *     costs milliseconds per minute of its music, see docs/benchmarks.md)
 * @param earlierMargin the place found must fit the newest audio better than it fitted each of the windows of
 *     music heard {@link OtherPieceSearch#EARLIER_SECONDS} before, by this much (mean cost per frame): a place
 *     that explains earlier music as well explains any music of that kind, and is no evidence (0: no such check)
 */
public record OtherPieceConfig(boolean enabled, double windowSeconds, double firstWindowSeconds, int decimation,
        double everySeconds, double confirmSeconds, double margin, int confirmations, int candidates,
        double earlierMargin) {

    public OtherPieceConfig {
        if (!(windowSeconds > 0) || windowSeconds > 10 || decimation < 1 || decimation > 10) {
            throw new IllegalArgumentException("windowSeconds must be in (0, 10] and decimation in [1, 10], got "
                    + windowSeconds + " and " + decimation);
        }
        if (!(firstWindowSeconds > 0) || firstWindowSeconds > windowSeconds) {
            throw new IllegalArgumentException("firstWindowSeconds must be in (0, windowSeconds], got "
                    + firstWindowSeconds);
        }
        if (!(everySeconds > 0) || Double.isInfinite(everySeconds)) {
            throw new IllegalArgumentException("everySeconds must be positive and finite, got " + everySeconds);
        }
        if (!(confirmSeconds > 0) || confirmSeconds > everySeconds) {
            throw new IllegalArgumentException("confirmSeconds must be in (0, everySeconds], got " + confirmSeconds);
        }
        if (!(margin >= 0) || Double.isInfinite(margin) || confirmations < 1 || candidates < 1) {
            throw new IllegalArgumentException("margin must be finite and ≥ 0, confirmations and candidates ≥ 1, got "
                    + margin + ", " + confirmations + " and " + candidates);
        }
        if (!(earlierMargin >= 0) || Double.isInfinite(earlierMargin)) {
            throw new IllegalArgumentException("earlierMargin must be finite and ≥ 0, got " + earlierMargin);
        }
    }

    /**
     * The settings measured best on the validation performances (docs/evaluation.md, "Ninth round",
     * "Eighteenth round" and "Twenty-second round"), switched on: since the place found must fit the newest audio
     * better than the music heard before, the search makes jumps into another piece faster with no more wrong
     * changes of piece ({@link #withEnabled} turns it off).
     */
    public static OtherPieceConfig defaults() {
        return new OtherPieceConfig(true, 2.0, 1.5, 1, 0.5, 0.5, 0.12, 2, 1, 0.15);
    }

    public OtherPieceConfig withEnabled(boolean on) {
        return new OtherPieceConfig(on, windowSeconds, firstWindowSeconds, decimation, everySeconds, confirmSeconds,
                margin, confirmations, candidates, earlierMargin);
    }

    public OtherPieceConfig withMargin(double cost) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, decimation, everySeconds,
                confirmSeconds, cost, confirmations, candidates, earlierMargin);
    }

    public OtherPieceConfig withConfirmations(int count) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, decimation, everySeconds,
                confirmSeconds, margin, count, candidates, earlierMargin);
    }

    public OtherPieceConfig withConfirmSeconds(double seconds) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, decimation, everySeconds, seconds,
                margin, confirmations, candidates, earlierMargin);
    }

    /** With another window; the first window is shortened to it if it was longer. */
    public OtherPieceConfig withWindowSeconds(double seconds) {
        return new OtherPieceConfig(enabled, seconds, Math.min(firstWindowSeconds, seconds), decimation, everySeconds,
                confirmSeconds, margin, confirmations, candidates, earlierMargin);
    }

    public OtherPieceConfig withFirstWindowSeconds(double seconds) {
        return new OtherPieceConfig(enabled, windowSeconds, seconds, decimation, everySeconds, confirmSeconds, margin,
                confirmations, candidates, earlierMargin);
    }

    public OtherPieceConfig withDecimation(int frames) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, frames, everySeconds, confirmSeconds,
                margin, confirmations, candidates, earlierMargin);
    }

    public OtherPieceConfig withEarlierMargin(double cost) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, decimation, everySeconds,
                confirmSeconds, margin, confirmations, candidates, cost);
    }

    public OtherPieceConfig withCandidates(int count) {
        return new OtherPieceConfig(enabled, windowSeconds, firstWindowSeconds, decimation, everySeconds,
                confirmSeconds, margin, confirmations, count, earlierMargin);
    }
}
