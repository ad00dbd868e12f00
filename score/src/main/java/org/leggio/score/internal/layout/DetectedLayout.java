package org.leggio.score.internal.layout;

import java.util.List;
import java.util.Objects;
import org.leggio.model.StripImage;

/**
 * What {@link StaffSystemDetector} found on one page.
 *
 * @param staffSpacePx line-to-line distance of the staves, px; {@code NaN} when no staff was found
 * @param lineThicknessPx staff-line thickness as ink-equivalent px (an anti-aliased half-pixel
 *     line gives about 0.5); {@code NaN} when no staff was found
 * @param skewDegrees estimated rotation of the input page: positive when its lines descend to the
 *     right (the page content was turned clockwise on screen); the systems are found on
 *     {@code page}, which is the input turned back by this angle when {@code |skewDegrees|} is above
 *     {@link StaffSystemDetector#DESKEW_MIN_DEGREES}, else the input itself
 * @param systems the staff systems in reading order (top to bottom); empty when the page has no
 *     staff
 * @param page the image every coordinate refers to (deskewed when needed), same size as the input
 */
public record DetectedLayout(double staffSpacePx, double lineThicknessPx, double skewDegrees,
        List<DetectedSystem> systems, StripImage page) {

    public DetectedLayout {
        systems = List.copyOf(Objects.requireNonNull(systems, "systems"));
        Objects.requireNonNull(page, "page");
    }

    /** True when at least one staff system was found. */
    public boolean hasStaves() {
        return !systems.isEmpty();
    }

    /** Whether {@link #page()} is a rotated copy of the input rather than the input itself. */
    public boolean deskewed() {
        return Math.abs(skewDegrees) > StaffSystemDetector.DESKEW_MIN_DEGREES;
    }

    /**
     * Factor to scale this page by so that its staff space becomes
     * {@link StaffSystemDetector#TARGET_STAFF_SPACE_PX} (DESIGN §5).
     *
     * @throws IllegalStateException when no staff was found (the caller then falls back to 835 px width)
     */
    public double scaleToTargetStaffSpace() {
        if (!hasStaves()) {
            throw new IllegalStateException("no staff found, so no staff space to scale from");
        }
        return StaffSystemDetector.scaleToTargetStaffSpace(staffSpacePx);
    }
}
