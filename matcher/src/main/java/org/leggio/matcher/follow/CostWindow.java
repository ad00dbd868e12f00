package org.leggio.matcher.follow;

import java.util.Arrays;

/** The window move the online-DTW followers share. Stateless, thread-safe. */
public final class CostWindow {
    private CostWindow() {}

    /**
     * Moves a window of accumulated costs {@code shift} places on (back for a negative shift), in place: entry i
     * becomes the old entry {@code i + shift}, and the places that enter the window are unreachable so far
     * (+∞). Allocates nothing.
     */
    public static void shift(double[] cost, int shift) {
        int n = cost.length;
        if (shift == 0) {
            return;
        }
        if (Math.abs(shift) >= n) {
            Arrays.fill(cost, Double.POSITIVE_INFINITY);
        } else if (shift > 0) {
            System.arraycopy(cost, shift, cost, 0, n - shift);
            Arrays.fill(cost, n - shift, n, Double.POSITIVE_INFINITY);
        } else {
            System.arraycopy(cost, 0, cost, -shift, n + shift);
            Arrays.fill(cost, 0, -shift, Double.POSITIVE_INFINITY);
        }
    }
}
