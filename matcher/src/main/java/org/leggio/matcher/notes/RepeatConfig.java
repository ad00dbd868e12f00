package org.leggio.matcher.notes;

/**
 * Settings of the check, at each place where the score's played order may branch, of which way the players
 * went (see {@link RepeatJunctions}). Immutable; validated on construction.
 *
 * @param enabled whether the refiner checks the branches
 * @param margin how much lower (mean cost per frame) the notes of the other branch must fit the newest audio
 *     than the notes of the branch followed
 * @param confirmations consecutive checks that must find the other branch better
 * @param checkEverySeconds how often to check while a branch point is recent, seconds
 * @param minSeconds the first check this long after the players reached the branch point, seconds
 * @param maxSeconds the last check this long after it, seconds (later, identification's re-localisation decides)
 */
public record RepeatConfig(boolean enabled, double margin, int confirmations, double checkEverySeconds,
        double minSeconds, double maxSeconds) {

    public RepeatConfig {
        if (!(margin >= 0) || Double.isInfinite(margin) || confirmations < 1) {
            throw new IllegalArgumentException("margin must be finite and ≥ 0 and confirmations ≥ 1, got " + margin
                    + " and " + confirmations);
        }
        if (!(checkEverySeconds > 0) || !(minSeconds >= 0) || !(maxSeconds > minSeconds)
                || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("need checkEverySeconds > 0 and 0 ≤ minSeconds < maxSeconds < ∞, got "
                    + checkEverySeconds + ", " + minSeconds + " and " + maxSeconds);
        }
    }

    /** The settings measured on the validation performances (docs/evaluation.md, "Eleventh round"). */
    public static RepeatConfig defaults() {
        return new RepeatConfig(true, 0.05, 2, 0.25, 0.5, 8);
    }

    public RepeatConfig withEnabled(boolean on) {
        return new RepeatConfig(on, margin, confirmations, checkEverySeconds, minSeconds, maxSeconds);
    }

    public RepeatConfig withMargin(double cost) {
        return new RepeatConfig(enabled, cost, confirmations, checkEverySeconds, minSeconds, maxSeconds);
    }

    public RepeatConfig withConfirmations(int count) {
        return new RepeatConfig(enabled, margin, count, checkEverySeconds, minSeconds, maxSeconds);
    }
}
