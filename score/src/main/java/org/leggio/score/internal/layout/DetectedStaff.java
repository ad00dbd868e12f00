package org.leggio.score.internal.layout;

import java.util.List;
import java.util.Objects;

/**
 * One five-line staff found on a (deskewed) page.
 *
 * <p>Coordinates are pixels of {@link DetectedLayout#page()}. Line centres are in row-index
 * coordinates: a line drawn exactly on pixel row 50 has centre {@code 50.0}; a line spread
 * evenly over rows 50 and 51 has centre {@code 50.5}. Horizontally, {@code leftXPx} is the first
 * pixel column of the staff lines and {@code rightXPx} is one past the last one, so
 * {@code rightXPx - leftXPx} is the staff-line length.
 *
 * @param leftXPx first pixel column of the staff lines (median over the lines)
 * @param rightXPx one past the last pixel column of the staff lines (median over the lines)
 * @param lineCentresYPx the five line centres, top to bottom; a line that was not seen (missing or
 *     hidden under a beam) is interpolated from the others
 * @param staffSpacePx this staff's line-to-line distance (least-squares slope over its lines)
 * @param missingLines how many of the five lines were interpolated rather than seen (0 or 1)
 */
public record DetectedStaff(int leftXPx, int rightXPx, List<Double> lineCentresYPx, double staffSpacePx,
        int missingLines) {

    /** Lines per staff; one-line (percussion) and other staves are not detected. */
    public static final int LINES = 5;

    public DetectedStaff {
        lineCentresYPx = List.copyOf(Objects.requireNonNull(lineCentresYPx, "lineCentresYPx"));
        if (lineCentresYPx.size() != LINES) {
            throw new IllegalArgumentException("a staff has " + LINES + " lines, got " + lineCentresYPx.size());
        }
        if (rightXPx <= leftXPx) {
            throw new IllegalArgumentException("empty staff: x " + leftXPx + ".." + rightXPx);
        }
    }

    /** Centre of the top line, row-index coordinates. */
    public double topLineYPx() {
        return lineCentresYPx.get(0);
    }

    /** Centre of the bottom line, row-index coordinates. */
    public double bottomLineYPx() {
        return lineCentresYPx.get(LINES - 1);
    }

    /** Centre of the middle line (the staff's vertical centre), row-index coordinates. */
    public double centreYPx() {
        return lineCentresYPx.get(LINES / 2);
    }
}
