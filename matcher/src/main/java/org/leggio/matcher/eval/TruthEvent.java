package org.leggio.matcher.eval;

/**
 * One ground-truth note onset of a performance, for following evaluation. Immutable.
 *
 * @param timeSeconds onset in the audio, seconds from its start
 * @param scoreBeat position in the unfolded score, quarter notes; finite
 * @param page the page its notehead is on, 0-based
 */
public record TruthEvent(double timeSeconds, double scoreBeat, int page) {
    /** Checks that time and beat are finite. */
    public TruthEvent {
        if (!Double.isFinite(timeSeconds) || !Double.isFinite(scoreBeat)) {
            throw new IllegalArgumentException("truth event needs a finite time and beat, got " + timeSeconds + " s, beat "
                    + scoreBeat);
        }
    }
}
