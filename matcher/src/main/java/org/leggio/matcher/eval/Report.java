package org.leggio.matcher.eval;

/**
 * What the follower reported at one moment (one per audio embedding, typically 10 per second).
 * Immutable.
 *
 * @param timeSeconds the audio time the report refers to (the end of the audio heard), seconds
 * @param following whether the follower claims a position
 * @param scoreBeat the claimed position in the unfolded score, quarter notes; {@code NaN} when not following
 * @param page the page shown, 0-based (also when not following: the page left on display)
 */
public record Report(double timeSeconds, boolean following, double scoreBeat, int page) {
    /** Whether this report gives a usable position: following with a finite beat. */
    public boolean hasPosition() {
        return following && Double.isFinite(scoreBeat);
    }
}
