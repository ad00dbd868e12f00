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
        StripImage upright = page;
        if (Math.abs(skewDegrees) > DESKEW_MIN_DEGREES) {
            upright = SkewEstimator.deskew(page, skewDegrees);
            ink = InkImage.of(upright);
        }
        StaffLineAnalysis.Result lines = StaffLineAnalysis.analyse(ink);
        List<DetectedSystem> systems = SystemGrouper.group(ink, lines.staves(), lines.staffSpacePx());
        return new DetectedLayout(lines.staffSpacePx(), lines.lineThicknessPx(), skewDegrees, systems, upright);
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
