package org.leggio.score.internal.layout;

import java.util.List;
import java.util.Objects;

/**
 * One staff system: staves played together, joined on the page by a system start line, a brace,
 * a bracket or barlines (or, when a page has no such connectors at all, by their spacing).
 *
 * <p>The box is exactly the staff-line extent, like Verovio's system box (the union of its staff
 * boxes): x from where the staff lines start to where they end, y from the top line of the first
 * staff to the bottom line of the last one. No ledger lines, notes above or below, braces or
 * labels are included. Units are pixels of {@link DetectedLayout#page()}:
 * {@code topYPx}/{@code bottomYPx} are the rows through the centres of those two lines
 * (inclusive), {@code leftXPx} is the first column of the staff lines and {@code rightXPx} one
 * past the last (exclusive), so the staff-line length is {@code rightXPx - leftXPx}.
 *
 * @param leftXPx first column of the staff lines (the leftmost staff's)
 * @param topYPx row of the top line of the first staff
 * @param rightXPx one past the last column of the staff lines (the rightmost staff's)
 * @param bottomYPx row of the bottom line of the last staff
 * @param staves the staves, top to bottom (at least one)
 */
public record DetectedSystem(int leftXPx, int topYPx, int rightXPx, int bottomYPx, List<DetectedStaff> staves) {

    public DetectedSystem {
        staves = List.copyOf(Objects.requireNonNull(staves, "staves"));
        if (staves.isEmpty()) {
            throw new IllegalArgumentException("a system has at least one staff");
        }
        if (rightXPx <= leftXPx || bottomYPx < topYPx) {
            throw new IllegalArgumentException("empty system box x " + leftXPx + ".." + rightXPx + ", y " + topYPx
                    + ".." + bottomYPx);
        }
    }

    /** Builds the box of the given staves (top to bottom) as the union of their staff-line extents. */
    public static DetectedSystem of(List<DetectedStaff> staves) {
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        for (DetectedStaff staff : staves) {
            left = Math.min(left, staff.leftXPx());
            right = Math.max(right, staff.rightXPx());
        }
        int top = (int) Math.round(staves.get(0).topLineYPx());
        int bottom = (int) Math.round(staves.get(staves.size() - 1).bottomLineYPx());
        return new DetectedSystem(left, top, right, bottom, staves);
    }

    /** Vertical centre of the box, px (the strip takes rows centre ± 100 around it, DESIGN §5). */
    public double centreYPx() {
        return (topYPx + bottomYPx) / 2.0;
    }

    /** Width of the box (staff-line length), px. */
    public int widthPx() {
        return rightXPx - leftXPx;
    }
}
