package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * How well the followed piece's notes usually fit the newest audio where the players are thought to be: the
 * median of the fits recorded {@link #SKIP} to {@link #LOOKS} looks back (at least {@link #MIN_LOOKS} of them),
 * leaving out the newest, where a change of piece may already lie. A fit worse than usual is the first sign that
 * the players left the piece; one as good as usual, that they did not. Fits worse than usual for about 7 s (at a
 * look every half second: half of the fits 2–12 s back) become the usual ones: it tells a change, not a state.
 * Not thread-safe: one per session.
 */
final class UsualFit {
    /** The newest fits left out of the usual one... */
    static final int SKIP = 4;
    /** ...of the fits kept... */
    static final int LOOKS = 24;
    /** ...of which at least this many must remain. */
    static final int MIN_LOOKS = 4;
    private final double[] recent = new double[LOOKS];
    private final double[] sorted = new double[LOOKS];
    private long recorded;

    /** The usual fit (mean cost per frame; lower fits better); NaN while too few fits are recorded. */
    double usual() {
        int n = (int) Math.min(recorded, LOOKS) - SKIP;
        if (n < MIN_LOOKS) {
            return Double.NaN;
        }
        for (int k = 0; k < n; k++) {
            sorted[k] = recent[(int) ((recorded - 1 - SKIP - k) % LOOKS)];
        }
        Arrays.sort(sorted, 0, n);
        return sorted[n / 2];
    }

    /** Records a fit; a non-finite one (nothing to fit) is left out. */
    void record(double cost) {
        if (Double.isFinite(cost)) {
            recent[(int) (recorded % LOOKS)] = cost;
            recorded++;
        }
    }

    /** Forgets every fit (another piece is followed now). */
    void forget() {
        recorded = 0;
    }
}
