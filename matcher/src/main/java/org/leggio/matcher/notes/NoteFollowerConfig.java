package org.leggio.matcher.notes;

/**
 * Settings of the {@link NoteFollower}, the online DTW over the score's notes. Immutable; validated on
 * construction.
 *
 * @param enabled whether the note refiner follows the notes itself (else it refines each of the embedding
 *     follower's positions on its own)
 * @param maxStep the most columns the path advances per spectrogram frame (a column holds a frame's music at
 *     the tempo of the moment it was made)
 * @param stepPenalty cost of a step per frame's music (at the expected tempo) it differs from the expected one
 * @param quietShare the share of {@code stepPenalty} paid in a frame with no onset (a frame with a full onset pays
 *     all of it): where nothing is struck the players may be holding (a fermata, a long chord), and the notes
 *     cannot tell holding from moving on through the same chord
 * @param forgetting factor on the accumulated cost per frame (older audio counts less)
 * @param backColumns columns kept behind the best position
 * @param forwardColumns columns kept ahead of it
 * @param tempoSeconds the tempo is the slope of the best positions over this many seconds
 * @param switchSteps consecutive positions the embedding follower must be both far from the note
 *     follower's and better fitted by the notes (by the jump margin) before the note follower moves there
 * @param usualTempoSeconds the players' usual tempo, which a step may keep as cheaply as the recent one, is the
 *     median of the embedding follower's tempo, sampled once a second, over this many seconds (0: no usual tempo)
 * @param scoreTempoSeconds the score's tempo as the players take it, which a step may keep as cheaply as the
 *     recent tempo, is the score's notated tempo where the step lands times the median ratio of the embedding
 *     follower's tempo to the notated tempo where it was measured, sampled once a second over this many seconds
 *     (0: none): players back "a tempo" after a long slow stretch, or at a new tempo the score marks
 * @param lostFitTolerance while the embedding follower is lost (its confidence low for seconds; in slow, soft or
 *     veiled music its embeddings can match nowhere well), the note follower's place is reported, as following,
 *     as long as the notes there fit the newest audio no worse than this factor times how well they usually fit
 *     while the session follows (the median over the last minute), and the embedding follower is re-synced
 *     there; 0: never (a lost session reports the embedding follower's held position, lost)
 */
public record NoteFollowerConfig(boolean enabled, int maxStep, double stepPenalty,
        double quietShare, double forgetting, int backColumns, int forwardColumns, double tempoSeconds, int switchSteps,
        int usualTempoSeconds, int scoreTempoSeconds, double lostFitTolerance) {

    public NoteFollowerConfig {
        if (maxStep < 1 || backColumns < maxStep || forwardColumns < maxStep) {
            throw new IllegalArgumentException("maxStep must be ≥ 1 and at most backColumns and forwardColumns, got "
                    + maxStep + ", " + backColumns + ", " + forwardColumns);
        }
        if (!(stepPenalty >= 0) || Double.isInfinite(stepPenalty)) {
            throw new IllegalArgumentException("stepPenalty must be finite and ≥ 0, got " + stepPenalty);
        }
        if (!(quietShare >= 0) || quietShare > 1) {
            throw new IllegalArgumentException("quietShare must be in [0, 1], got " + quietShare);
        }
        if (!(forgetting > 0) || forgetting > 1) {
            throw new IllegalArgumentException("forgetting must be in (0, 1], got " + forgetting);
        }
        if (!(tempoSeconds >= 0.5) || Double.isInfinite(tempoSeconds)) {
            throw new IllegalArgumentException("tempoSeconds must be finite and ≥ 0.5, got " + tempoSeconds);
        }
        if (switchSteps < 1) {
            throw new IllegalArgumentException("switchSteps must be ≥ 1, got " + switchSteps);
        }
        if (usualTempoSeconds < 0) {
            throw new IllegalArgumentException("usualTempoSeconds must be ≥ 0 (0: none), got " + usualTempoSeconds);
        }
        if (scoreTempoSeconds < 0) {
            throw new IllegalArgumentException("scoreTempoSeconds must be ≥ 0 (0: none), got " + scoreTempoSeconds);
        }
        if (!(lostFitTolerance == 0 || lostFitTolerance >= 1) || Double.isInfinite(lostFitTolerance)) {
            throw new IllegalArgumentException("lostFitTolerance must be 0 (never) or finite and ≥ 1, got "
                    + lostFitTolerance);
        }
    }

    /** The settings measured best on the validation performances (docs/evaluation.md). */
    public static NoteFollowerConfig defaults() {
        return new NoteFollowerConfig(true, 4, 1.0, 0.5, 0.995, 64, 64, 4.0, 5, 60, 240, 1.3);
    }

    public NoteFollowerConfig withEnabled(boolean on) {
        return new NoteFollowerConfig(on, maxStep, stepPenalty, quietShare, forgetting, backColumns, forwardColumns,
                tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withStepPenalty(double penalty) {
        return new NoteFollowerConfig(enabled, maxStep, penalty, quietShare, forgetting, backColumns, forwardColumns,
                tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withQuietShare(double share) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, share, forgetting, backColumns, forwardColumns,
                tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withForgetting(double factor) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, factor, backColumns, forwardColumns,
                tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withTempoSeconds(double seconds) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, backColumns,
                forwardColumns, seconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withSwitchSteps(int count) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, backColumns,
                forwardColumns, tempoSeconds, count, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withWindow(int back, int forward) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, back, forward,
                tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withUsualTempoSeconds(int seconds) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, backColumns,
                forwardColumns, tempoSeconds, switchSteps, seconds, scoreTempoSeconds, lostFitTolerance);
    }

    public NoteFollowerConfig withScoreTempoSeconds(int seconds) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, backColumns,
                forwardColumns, tempoSeconds, switchSteps, usualTempoSeconds, seconds, lostFitTolerance);
    }

    public NoteFollowerConfig withLostFitTolerance(double tolerance) {
        return new NoteFollowerConfig(enabled, maxStep, stepPenalty, quietShare, forgetting, backColumns,
                forwardColumns, tempoSeconds, switchSteps, usualTempoSeconds, scoreTempoSeconds, tolerance);
    }

    /** Columns in the window. */
    public int windowColumns() {
        return backColumns + forwardColumns;
    }
}
