package org.leggio.score.internal.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups staves (top to bottom) into systems.
 *
 * <p>Two vertically adjacent staves belong to one system when ink connects the bottom line of the
 * upper staff to the top line of the lower one near their left end: the system start line, a
 * brace or a bracket (all drawn at or just left of where the staff lines begin), or barlines
 * running through both staves. The test is an 8-connected flood down the gap, row by row, within
 * a window from 4 staff spaces left of the staves' start to 1 staff space right of it; notes, clefs
 * and lyrics there do not span the whole gap. Columns are read as pairs and averaged over a few
 * rows, so a sub-pixel anti-aliased or blurred system line still connects.
 *
 * <p>When no two staves on the page are connected at all (an engraver that draws no system line,
 * or a scan that lost it), spacing decides: if the gaps between staves fall into two clearly
 * different sizes (ratio at least {@value #GAP_RATIO}), there are at least two large ones, and
 * cutting at the large gaps gives systems of equal staff counts, the small gaps join staves;
 * otherwise every staff is its own system. That is right for a single-part page with evenly spaced
 * staves, and for one whose only wide gap makes room for a heading; a pattern that repeats at
 * least three times is taken as systems.
 */
final class SystemGrouper {

    /** How far left of the staff start a brace or bracket may sit, staff spaces. */
    static final double LEFT_REACH_SPACES = 4.0;
    /** How far right of the staff start a connector is looked for, staff spaces (short of the clef). */
    static final double RIGHT_REACH_SPACES = 1.0;
    /** Smallest ratio between the large and the small gap for spacing alone to group staves. */
    static final double GAP_RATIO = 1.5;

    private SystemGrouper() {
    }

    static List<DetectedSystem> group(InkImage image, List<DetectedStaff> staves, double staffSpacePx) {
        int n = staves.size();
        if (n == 0) {
            return List.of();
        }
        boolean[] joined = new boolean[Math.max(0, n - 1)];
        boolean any = false;
        for (int i = 0; i + 1 < n; i++) {
            joined[i] = connected(image, staves.get(i), staves.get(i + 1), staffSpacePx);
            any |= joined[i];
        }
        if (!any && n >= 3) {
            joined = joinBySpacing(staves);
        }
        List<DetectedSystem> systems = new ArrayList<>();
        List<DetectedStaff> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            current.add(staves.get(i));
            if (i == n - 1 || !joined[i]) {
                systems.add(DetectedSystem.of(current));
                current = new ArrayList<>();
            }
        }
        return systems;
    }

    /** Whether dark pixels connect the bottom line of {@code upper} to the top line of {@code lower}. */
    static boolean connected(InkImage image, DetectedStaff upper, DetectedStaff lower, double staffSpacePx) {
        int yStart = (int) Math.round(upper.bottomLineYPx());
        int yEnd = (int) Math.round(lower.topLineYPx());
        if (yEnd <= yStart) {
            return true; // overlapping staves (should not happen): nothing separates them
        }
        int staffLeft = Math.min(upper.leftXPx(), lower.leftXPx());
        int staffLeftMax = Math.max(upper.leftXPx(), lower.leftXPx());
        int x0 = Math.max(0, staffLeft - (int) Math.ceil(LEFT_REACH_SPACES * staffSpacePx));
        int x1 = Math.min(image.widthPx - 1, staffLeftMax + (int) Math.ceil(RIGHT_REACH_SPACES * staffSpacePx));
        int width = x1 - x0 + 1;
        boolean[] reach = new boolean[width];
        boolean[] next = new boolean[width];
        boolean[] dark = new boolean[width];
        // Everything dark on the upper staff's bottom line row may start a path (the line itself,
        // a bracket passing through it).
        darkRow(image, yStart, x0, reach);
        for (int y = yStart + 1; y <= yEnd; y++) {
            darkRow(image, y, x0, dark);
            boolean alive = false;
            for (int x = 0; x < width; x++) {
                next[x] = dark[x] && (reach[x] || (x > 0 && reach[x - 1]) || (x + 1 < width && reach[x + 1]));
            }
            // Spread along dark runs of this row, so that a curve (the brace's cusp) that moves
            // sideways faster than one pixel per row stays connected.
            for (int x = 1; x < width; x++) {
                next[x] |= next[x - 1] && dark[x];
            }
            for (int x = width - 2; x >= 0; x--) {
                next[x] |= next[x + 1] && dark[x];
            }
            for (int x = 0; x < width; x++) {
                alive |= next[x];
            }
            if (!alive) {
                return false;
            }
            boolean[] swap = reach;
            reach = next;
            next = swap;
        }
        return true;
    }

    /**
     * Row y from column x0 on, dark where a connector may pass: the ink of a pixel plus its darker
     * horizontal neighbour (a thin vertical line anti-aliased over two columns), averaged over
     * {@link InkImage#CONNECTOR_WINDOW_PX} rows, reaches {@link InkImage#connectorThreshold}, and
     * the pixel's own pair holds at least half of that. Averaging along the (vertical) connector
     * keeps its ink and divides the noise: a faint, blurred system line still connects,
     * scattered noise does not.
     */
    private static void darkRow(InkImage image, int y, int x0, boolean[] out) {
        int w = image.widthPx;
        int threshold = image.connectorThreshold;
        int half = InkImage.CONNECTOR_WINDOW_PX / 2;
        int from = Math.max(0, y - half);
        int to = Math.min(image.heightPx - 1, y + half);
        for (int i = 0; i < out.length; i++) {
            int x = x0 + i;
            int own = horizontalPair(image, x, y, w);
            if (2 * own < threshold) {
                out[i] = false;
                continue;
            }
            int sum = 0;
            for (int yy = from; yy <= to; yy++) {
                sum += horizontalPair(image, x, yy, w);
            }
            out[i] = sum >= threshold * (to - from + 1);
        }
    }

    private static int horizontalPair(InkImage image, int x, int y, int w) {
        int row = y * w;
        int left = x > 0 ? image.ink[row + x - 1] : 0;
        int right = x + 1 < w ? image.ink[row + x + 1] : 0;
        return image.ink[row + x] + Math.max(left, right);
    }

    /** The spacing fallback; see the class comment. */
    static boolean[] joinBySpacing(List<DetectedStaff> staves) {
        int n = staves.size();
        double[] gaps = new double[n - 1];
        for (int i = 0; i + 1 < n; i++) {
            gaps[i] = staves.get(i + 1).topLineYPx() - staves.get(i).bottomLineYPx();
        }
        boolean[] none = new boolean[n - 1];
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        int cut = -1;
        double bestRatio = GAP_RATIO;
        for (int k = 0; k + 1 < sorted.length; k++) {
            double ratio = sorted[k + 1] / Math.max(sorted[k], 1e-9);
            if (ratio >= bestRatio) {
                bestRatio = ratio;
                cut = k;
            }
        }
        // sorted[cut + 1 ..] are the large gaps: at least two of them, or the pattern is no pattern.
        if (cut < 0 || sorted.length - (cut + 1) < 2) {
            return none;
        }
        double split = Math.sqrt(Math.max(sorted[cut], 1e-9) * sorted[cut + 1]);
        boolean[] joined = new boolean[n - 1];
        int size = 1;
        int expected = -1;
        for (int i = 0; i < n; i++) {
            if (i < n - 1 && gaps[i] < split) {
                joined[i] = true;
                size++;
                continue;
            }
            if (expected < 0) {
                expected = size;
            } else if (size != expected) {
                return none; // irregular: spacing alone is not evidence enough
            }
            size = 1;
        }
        return joined;
    }
}
