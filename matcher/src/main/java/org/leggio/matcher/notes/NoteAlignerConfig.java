package org.leggio.matcher.notes;

/**
 * Settings of the note-level alignment. Immutable; validated on construction.
 *
 * @param audioSeconds seconds of the newest audio aligned at each step
 * @param radiusSeconds how far (in music at the current tempo, seconds) the refined position may lie
 *     from the follower's
 * @param stepPenalty cost added to a step that moves in one sequence only (a tempo change)
 * @param onsetWeight weight of the onset features against the pitch-class features
 * @param decaySeconds time constant of a struck note's decay in the template (piano-like)
 * @param latencySeconds how far the newest spectrogram frame's evidence lies behind its end time; the
 *     refined position is advanced by this much music
 * @param framesPerSecond spectrogram frames per second (20)
 * @param anchorWeight path cost added per second of music the end lies from the guess: where the notes
 *     repeat (figuration, sequences), the guess decides
 * @param jumpMargin how much lower (mean cost per frame) the notes at a jump's target must fit the newest
 *     audio than the notes where the players are thought to be, for the jump to be allowed
 * @param holdBackSeconds a refined position less than this much music behind the previous one (the
 *     alignment wavering, not the players) is reported as the previous one until the music catches up; 0:
 *     report every wobble
 * @param farJumpMargin as {@code jumpMargin}, for a far jump (the session's {@code farJumpSeconds}): far
 *     look-alikes — a recapitulation, a returning theme — are where wrong re-seeds come from
 * @param leapSearch when the follower leaps further ahead than the players can have gone since the last
 *     refined position (it runs ahead through music it is unsure of, then lands), look for the players over
 *     the whole span in between rather than only near where it landed
 * @param follower the note follower's settings: whether the refiner follows the notes itself, and how
 * @param replay the recognition of replayed music: whether the refiner looks for it, and how
 * @param repeats the check, where the score's played order may branch (a repeat taken, skipped or taken
 *     again), of which way the players went
 */
public record NoteAlignerConfig(double audioSeconds, double radiusSeconds, float stepPenalty, float onsetWeight,
        double decaySeconds, double latencySeconds, int framesPerSecond, double anchorWeight,
        double jumpMargin, double holdBackSeconds, double farJumpMargin, boolean leapSearch,
        NoteFollowerConfig follower, ReplayConfig replay, RepeatConfig repeats) {

    public NoteAlignerConfig {
        positive("audioSeconds", audioSeconds);
        positive("radiusSeconds", radiusSeconds);
        positive("decaySeconds", decaySeconds);
        if (!(stepPenalty >= 0) || Float.isInfinite(stepPenalty)) {
            throw new IllegalArgumentException("stepPenalty must be finite and ≥ 0, got " + stepPenalty);
        }
        if (!(onsetWeight >= 0) || Float.isInfinite(onsetWeight)) {
            throw new IllegalArgumentException("onsetWeight must be finite and ≥ 0, got " + onsetWeight);
        }
        if (!Double.isFinite(latencySeconds) || Math.abs(latencySeconds) > 1) {
            throw new IllegalArgumentException("latencySeconds must be within ±1 s, got " + latencySeconds);
        }
        if (!(anchorWeight >= 0) || Double.isInfinite(anchorWeight)) {
            throw new IllegalArgumentException("anchorWeight must be finite and ≥ 0, got " + anchorWeight);
        }
        if (!Double.isFinite(jumpMargin) || !Double.isFinite(farJumpMargin)) {
            throw new IllegalArgumentException("jumpMargin and farJumpMargin must be finite, got " + jumpMargin
                    + " and " + farJumpMargin);
        }
        if (!(holdBackSeconds >= 0) || Double.isInfinite(holdBackSeconds)) {
            throw new IllegalArgumentException("holdBackSeconds must be finite and ≥ 0, got " + holdBackSeconds);
        }
        java.util.Objects.requireNonNull(follower, "follower");
        java.util.Objects.requireNonNull(replay, "replay");
        java.util.Objects.requireNonNull(repeats, "repeats");
        if (framesPerSecond <= 0) {
            throw new IllegalArgumentException("framesPerSecond must be positive, got " + framesPerSecond);
        }
    }

    /** The settings measured best on the validation performances (docs/evaluation.md). */
    public static NoteAlignerConfig defaults() {
        return new NoteAlignerConfig(3.0, 1.5, 0.1f, 0.5f, 1.0, 0.05, 20, 10.0, 0.05, 0.3, 0.1, true,
                NoteFollowerConfig.defaults(), ReplayConfig.defaults(),
                RepeatConfig.defaults());
    }

    /** Frames of audio aligned per step. */
    public int audioFrames() {
        return Math.max(2, (int) Math.round(audioSeconds * framesPerSecond));
    }

    public NoteAlignerConfig withAudioSeconds(double seconds) {
        return new NoteAlignerConfig(seconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withRadiusSeconds(double seconds) {
        return new NoteAlignerConfig(audioSeconds, seconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withStepPenalty(float penalty) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, penalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withOnsetWeight(float weight) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, weight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withDecaySeconds(double seconds) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, seconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withLatencySeconds(double seconds) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, seconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withAnchorWeight(double weight) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, weight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withJumpMargin(double margin) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, margin, holdBackSeconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withHoldBackSeconds(double seconds) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, seconds, farJumpMargin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withFarJumpMargin(double margin) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, margin, leapSearch, follower, replay, repeats);
    }

    public NoteAlignerConfig withLeapSearch(boolean on) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, on, follower, replay, repeats);
    }

    public NoteAlignerConfig withFollower(NoteFollowerConfig settings) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, settings, replay, repeats);
    }

    public NoteAlignerConfig withReplay(ReplayConfig settings) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower,
                settings, repeats);
    }

    public NoteAlignerConfig withRepeats(RepeatConfig settings) {
        return new NoteAlignerConfig(audioSeconds, radiusSeconds, stepPenalty, onsetWeight, decaySeconds, latencySeconds,
                framesPerSecond, anchorWeight, jumpMargin, holdBackSeconds, farJumpMargin, leapSearch, follower,
                replay, settings);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
