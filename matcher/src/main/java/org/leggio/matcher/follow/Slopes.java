package org.leggio.matcher.follow;

/** The tempo fit the followers share. Stateless, thread-safe. */
public final class Slopes {
    private Slopes() {}

    /**
     * The least-squares slope of {@code values} over {@code times} for their first {@code count} entries, clamped
     * at 0 (players do not go backwards); 0 for fewer than 3 entries or no spread in time.
     */
    public static double nonNegativeLeastSquares(double[] times, double[] values, int count) {
        if (count < 3) {
            return 0;
        }
        double mt = 0;
        double mv = 0;
        for (int i = 0; i < count; i++) {
            mt += times[i];
            mv += values[i];
        }
        mt /= count;
        mv /= count;
        double num = 0;
        double den = 0;
        for (int i = 0; i < count; i++) {
            num += (times[i] - mt) * (values[i] - mv);
            den += (times[i] - mt) * (times[i] - mt);
        }
        return den > 0 ? Math.max(0, num / den) : 0;
    }
}
