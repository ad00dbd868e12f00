package org.leggio.score.internal.layout;

import java.util.List;
import org.leggio.model.StripImage;

/**
 * Finds the staff systems on a score page image (a PDF page, a scan, a PNG export).
 *
 * <p>Steps: measure the paper level and noise ({@link InkImage}); estimate the skew and turn the
 * page upright when it is off by more than {@value #DESKEW_MIN_DEGREES}° ({@link SkewEstimator});
 * find staff lines, staff space, line thickness and five-line staves ({@link StaffLineAnalysis});
 * group the staves into systems by their left-edge connectors ({@link SystemGrouper}).
 *
 * <p>Works at any resolution; on an 835 px wide page (staff space about 7 px) it takes a few tens
 * of milliseconds. The systems' boxes are the staff-line extents (see {@link DetectedSystem}), the
 * same thing as Verovio's system boxes, in pixels of {@link DetectedLayout#page()}.
 */
public final class StaffSystemDetector {

    /** Staff space the embedding network was trained at, px (DESIGN §5). */
    public static final double TARGET_STAFF_SPACE_PX = 7.0;

    /**
     * Smaller skews are left alone: 0.1° drifts 1.3 px over a 750 px staff, which the line finder
     * tolerates, and resampling would only blur the page.
     */
    public static final double DESKEW_MIN_DEGREES = 0.1;

    private StaffSystemDetector() {
    }

    /**
     * Detects the staff systems of one page.
     *
     * @param page the page, grey, 255 = white
     * @return the layout; its system list is empty when the page has no five-line staff (the caller
     *     reports "no staff found")
     */
    public static DetectedLayout detect(StripImage page) {
        InkImage ink = InkImage.of(page);
        double skewDegrees = SkewEstimator.estimateSkewDegrees(ink);
        DetectedLayout asGiven = analyse(page, ink, 0);
        if (Math.abs(skewDegrees) <= DESKEW_MIN_DEGREES) {
            return asGiven;
        }
        // Long slanted ties and beams can pull the projection-based estimate off a straight page
        // (seen on engraved Bach: -1.4° on a page with a system-long tie); keep the deskewed
        // reading only when it finds more staff lines than the page as given.
        StripImage upright = SkewEstimator.deskew(page, skewDegrees);
        DetectedLayout deskewed = analyse(upright, InkImage.of(upright), skewDegrees);
        return foundLines(deskewed) > foundLines(asGiven) ? deskewed : asGiven;
    }

    private static DetectedLayout analyse(StripImage page, InkImage ink, double skewDegrees) {
        StaffLineAnalysis.Result lines = StaffLineAnalysis.analyse(ink);
        List<DetectedSystem> systems = SystemGrouper.group(ink, lines.staves(), lines.staffSpacePx());
        return new DetectedLayout(lines.staffSpacePx(), lines.lineThicknessPx(), skewDegrees, systems, page);
    }

    /** Staff lines actually seen (filled-in missing lines do not count). */
    private static int foundLines(DetectedLayout layout) {
        int lines = 0;
        for (DetectedSystem system : layout.systems()) {
            for (DetectedStaff staff : system.staves()) {
                lines += DetectedStaff.LINES - staff.missingLines();
            }
        }
        return lines;
    }

    /**
     * Scale factor that brings a page with the given staff space to {@link #TARGET_STAFF_SPACE_PX}:
     * {@code 7.0 / staffSpacePx}.
     *
     * @throws IllegalArgumentException when the staff space is not a positive number
     */
    public static double scaleToTargetStaffSpace(double staffSpacePx) {
        if (!(staffSpacePx > 0) || Double.isInfinite(staffSpacePx)) {
            throw new IllegalArgumentException("staff space must be a positive number of px, got " + staffSpacePx);
        }
        return TARGET_STAFF_SPACE_PX / staffSpacePx;
    }
}
