package org.leggio.score.internal.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds staff lines and five-line staves on an upright page, and measures staff space and line
 * thickness.
 *
 * <ol>
 *   <li>Mask: a pixel pair (x, y)+(x, y+1) is dark when its summed ink reaches
 *       {@link InkImage#pairThreshold}; this catches sub-pixel anti-aliased lines wherever they
 *       fall between rows (mask row y stands for the row boundary at y + 0.5).</li>
 *   <li>First staff-space guess: the most common sum of a vertical dark run and the white run
 *       below it, over all columns (the classic estimator: staff lines dominate that histogram).</li>
 *   <li>Row profile: for each mask row, the total length of its long horizontal dark runs (at
 *       least 4 staff spaces, gaps of one pixel bridged). Noteheads, stems and barlines on a line
 *       are dark too, so staff lines stay single long runs in dense music, while text, slurs,
 *       ledger lines and most beams break into short ones.</li>
 *   <li>Lines: peaks of that profile; centre by the profile-weighted centroid, extent by the long
 *       runs of the peak rows.</li>
 *   <li>Staves: chains of lines one staff space apart. A chain of five is a staff; a longer chain
 *       (a horizontal beam lying one space off) keeps its strongest five; four lines with one
 *       missing (inside: a two-space gap, or at an edge) make a staff too. Chains of one to three
 *       (percussion, tablature fragments, text) are dropped.</li>
 * </ol>
 */
final class StaffLineAnalysis {

    /** Gaps up to this many pixels do not break a horizontal run (noise, faint print). */
    static final int RUN_GAP_PX = 1;
    /** Smallest staff space considered, px. */
    static final int MIN_STAFF_SPACE_PX = 4;
    /** A long run is at least this many staff spaces. */
    static final double MIN_RUN_SPACES = 4.0;
    /** A staff line holds at least this many staff spaces of long runs (about one short bar). */
    static final double MIN_LINE_SPACES = 8.0;

    /** A line candidate: centre in row-index coordinates, extent and strength. */
    record Line(double centreYPx, int leftXPx, int rightXPx, int strengthPx) {
    }

    /** The analysis of one page. */
    record Result(List<DetectedStaff> staves, double staffSpacePx, double lineThicknessPx) {
        static final Result NONE = new Result(List.of(), Double.NaN, Double.NaN);
    }

    private final InkImage image;
    private final int widthPx;
    private final int maskHeightPx;
    private final boolean[] mask;

    private StaffLineAnalysis(InkImage image) {
        this.image = image;
        this.widthPx = image.widthPx;
        this.maskHeightPx = image.heightPx - 1;
        this.mask = new boolean[Math.max(0, maskHeightPx) * widthPx];
        int[] ink = image.ink;
        int threshold = image.pairThreshold;
        for (int i = 0, n = mask.length; i < n; i++) {
            mask[i] = ink[i] + ink[i + widthPx] >= threshold;
        }
    }

    static Result analyse(InkImage image) {
        if (image.heightPx < 5 * MIN_STAFF_SPACE_PX || image.widthPx < 8 * MIN_STAFF_SPACE_PX) {
            return Result.NONE;
        }
        return new StaffLineAnalysis(image).run();
    }

    private Result run() {
        double guess = verticalRunSpacing();
        if (Double.isNaN(guess)) {
            return Result.NONE;
        }
        int minRunPx = Math.max(8, (int) Math.round(MIN_RUN_SPACES * guess));
        int[] profile = new int[maskHeightPx];
        for (int y = 0; y < maskHeightPx; y++) {
            profile[y] = longRuns(y, minRunPx, null);
        }
        List<Line> lines = findLines(profile, guess, minRunPx);
        List<DetectedStaff> staves = groupIntoStaves(lines, guess, profile);
        if (staves.isEmpty()) {
            return Result.NONE;
        }
        double staffSpace = robustMean(staves.stream().mapToDouble(DetectedStaff::staffSpacePx).toArray());
        return new Result(staves, staffSpace, lineThickness(staves, staffSpace));
    }

    // ---- staff space guess -------------------------------------------------------------------

    /**
     * Mode of (dark run + following white run) lengths down every column of the mask, refined by
     * the centroid of the mode and its neighbours; NaN when the page has no such pattern.
     */
    double verticalRunSpacing() {
        int maxSpacing = Math.max(MIN_STAFF_SPACE_PX + 2, Math.min(maskHeightPx / 5, 120));
        long[] histogram = new long[maxSpacing + 2];
        for (int x = 0; x < widthPx; x++) {
            int dark = 0;
            int white = 0;
            boolean inDark = false;
            for (int y = 0, i = x; y < maskHeightPx; y++, i += widthPx) {
                if (mask[i]) {
                    if (!inDark) {
                        // A white run just ended; it counts only when dark on both sides.
                        if (dark > 0 && white > 0) {
                            int sum = dark + white;
                            if (sum <= maxSpacing) {
                                histogram[sum]++;
                            }
                        }
                        dark = 0;
                        inDark = true;
                    }
                    dark++;
                } else {
                    if (inDark) {
                        white = 0;
                        inDark = false;
                    }
                    white++;
                }
            }
        }
        int mode = -1;
        long best = 0;
        for (int s = MIN_STAFF_SPACE_PX; s <= maxSpacing; s++) {
            long smoothed = histogram[s - 1] + 2 * histogram[s] + histogram[s + 1];
            if (smoothed > best) {
                best = smoothed;
                mode = s;
            }
        }
        if (mode < 0 || histogram[mode] == 0) {
            return Double.NaN;
        }
        double weight = histogram[mode - 1] + histogram[mode] + histogram[mode + 1];
        return ((mode - 1) * histogram[mode - 1] + mode * histogram[mode] + (mode + 1) * histogram[mode + 1])
                / weight;
    }

    // ---- horizontal runs ---------------------------------------------------------------------

    /**
     * Scans the runs of mask row y (gaps of {@link #RUN_GAP_PX} bridged) and returns the total
     * length of those at least minRunPx long; when {@code extent} is given, it receives the first
     * column of those runs and one past their last column ({@code extent[0] > extent[1]} when none).
     */
    private int longRuns(int y, int minRunPx, int[] extent) {
        int total = 0;
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        int row = y * widthPx;
        int start = -1;
        int last = -1;
        for (int x = 0; x <= widthPx; x++) {
            boolean dark = x < widthPx && mask[row + x];
            if (dark && start >= 0 && x - last <= RUN_GAP_PX + 1) {
                last = x;
            } else if (dark || x == widthPx) {
                if (start >= 0 && last - start + 1 >= minRunPx) {
                    total += last - start + 1;
                    left = Math.min(left, start);
                    right = Math.max(right, last + 1);
                }
                start = x;
                last = x;
            }
        }
        if (extent != null) {
            extent[0] = left;
            extent[1] = right;
        }
        return total;
    }

    // ---- lines -------------------------------------------------------------------------------

    private List<Line> findLines(int[] profile, double guess, int minRunPx) {
        int max = 0;
        for (int v : profile) {
            max = Math.max(max, v);
        }
        double minStrength = MIN_LINE_SPACES * guess;
        if (max < minStrength) {
            return List.of();
        }
        // Relative floor: beams and text rows are far weaker than staff lines; the structure test
        // below removes what passes anyway. 15 % keeps a short coda staff on a page of long ones.
        double threshold = Math.max(minStrength, 0.15 * max);
        List<Line> lines = new ArrayList<>();
        int n = profile.length;
        for (int y = 0; y < n; y++) {
            int v = profile[y];
            if (v < threshold) {
                continue;
            }
            // Peak: above the row before, not below the row after (a plateau counts once).
            if ((y > 0 && profile[y - 1] >= v) || (y + 1 < n && profile[y + 1] > v)) {
                continue;
            }
            double sum = 0;
            double weighted = 0;
            int left = Integer.MAX_VALUE;
            int right = Integer.MIN_VALUE;
            for (int r = Math.max(0, y - 1); r <= Math.min(n - 1, y + 1); r++) {
                if (profile[r] * 2 < v) {
                    continue;
                }
                sum += profile[r];
                weighted += profile[r] * (r + 0.5); // mask row r is the boundary between rows r and r+1
                int[] extent = new int[2];
                if (longRuns(r, minRunPx, extent) > 0) {
                    left = Math.min(left, extent[0]);
                    right = Math.max(right, extent[1]);
                }
            }
            if (left < right) {
                lines.add(new Line(weighted / sum, left, right, v));
            }
        }
        // Two peaks closer than 0.4 staff space are one line (a beam lying on it, a blurred line).
        List<Line> merged = new ArrayList<>();
        for (Line line : lines) {
            if (!merged.isEmpty()) {
                Line previous = merged.get(merged.size() - 1);
                if (line.centreYPx() - previous.centreYPx() < 0.4 * guess) {
                    if (line.strengthPx() > previous.strengthPx()) {
                        merged.set(merged.size() - 1, line);
                    }
                    continue;
                }
            }
            merged.add(line);
        }
        return merged;
    }

    // ---- staves ------------------------------------------------------------------------------

    private List<DetectedStaff> groupIntoStaves(List<Line> lines, double guess, int[] profile) {
        double tolerance = Math.max(1.0, 0.2 * guess);
        int n = lines.size();
        // next[i]: the strongest line one staff space below line i.
        int[] next = new int[n];
        Arrays.fill(next, -1);
        for (int i = 0; i < n; i++) {
            double y = lines.get(i).centreYPx();
            for (int j = i + 1; j < n; j++) {
                double d = lines.get(j).centreYPx() - y;
                if (d > guess + tolerance) {
                    break;
                }
                if (d >= guess - tolerance
                        && (next[i] < 0 || lines.get(j).strengthPx() > lines.get(next[i]).strengthPx())) {
                    next[i] = j;
                }
            }
        }
        boolean[] used = new boolean[n];
        List<List<Line>> chains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (used[i]) {
                continue;
            }
            List<Line> chain = new ArrayList<>();
            for (int j = i; j >= 0 && !used[j]; j = next[j]) {
                used[j] = true;
                chain.add(lines.get(j));
            }
            chains.add(chain);
        }

        List<DetectedStaff> staves = new ArrayList<>();
        boolean[] consumed = new boolean[chains.size()];
        for (int c = 0; c < chains.size(); c++) {
            if (consumed[c]) {
                continue;
            }
            consumed[c] = true;
            List<Line> chain = chains.get(c);
            Line[] slots = null;
            if (chain.size() >= DetectedStaff.LINES) {
                slots = strongestFive(chain).toArray(new Line[0]);
            } else {
                // Another chain two spaces below, four lines in all: one inner line is missing.
                double expected = chain.get(chain.size() - 1).centreYPx() + 2 * guess;
                for (int d = c + 1; d < chains.size() && slots == null; d++) {
                    List<Line> below = chains.get(d);
                    if (!consumed[d] && chain.size() + below.size() == DetectedStaff.LINES - 1
                            && Math.abs(below.get(0).centreYPx() - expected) <= tolerance) {
                        consumed[d] = true;
                        slots = new Line[DetectedStaff.LINES];
                        for (int k = 0; k < chain.size(); k++) {
                            slots[k] = chain.get(k);
                        }
                        for (int k = 0; k < below.size(); k++) {
                            slots[chain.size() + 1 + k] = below.get(k);
                        }
                    }
                }
            }
            if (slots == null && chain.size() == DetectedStaff.LINES - 1) {
                // One outer line missing: pick the side where the row profile shows more of a line.
                slots = new Line[DetectedStaff.LINES];
                double above = evidence(profile, chain.get(0).centreYPx() - guess);
                double underneath = evidence(profile, chain.get(chain.size() - 1).centreYPx() + guess);
                int first = above >= underneath ? 1 : 0;
                for (int k = 0; k < chain.size(); k++) {
                    slots[first + k] = chain.get(k);
                }
            }
            if (slots != null) {
                DetectedStaff staff = toStaff(slots);
                if (staff != null) {
                    staves.add(staff);
                }
            }
        }
        staves.sort(java.util.Comparator.comparingDouble(DetectedStaff::topLineYPx));
        return staves;
    }

    /** The five consecutive lines of a chain whose weakest line is strongest. */
    private static List<Line> strongestFive(List<Line> chain) {
        int bestStart = 0;
        long bestMin = -1;
        long bestSum = -1;
        for (int s = 0; s + DetectedStaff.LINES <= chain.size(); s++) {
            long min = Long.MAX_VALUE;
            long sum = 0;
            for (int k = s; k < s + DetectedStaff.LINES; k++) {
                min = Math.min(min, chain.get(k).strengthPx());
                sum += chain.get(k).strengthPx();
            }
            if (min > bestMin || (min == bestMin && sum > bestSum)) {
                bestMin = min;
                bestSum = sum;
                bestStart = s;
            }
        }
        return chain.subList(bestStart, bestStart + DetectedStaff.LINES);
    }

    private static double evidence(int[] profile, double centreYPx) {
        // The mask rows around a line centre c are c - 1.5 .. c + 0.5.
        int from = (int) Math.floor(centreYPx - 1.5);
        int to = (int) Math.ceil(centreYPx + 0.5);
        if (from < 0 || to >= profile.length) {
            return -1; // off the page: that line cannot be there
        }
        int best = 0;
        for (int r = from; r <= to; r++) {
            best = Math.max(best, profile[r]);
        }
        return best;
    }

    /** A staff from five slots (one may be null), or null when it does not look like a staff. */
    private static DetectedStaff toStaff(Line[] slots) {
        int seen = 0;
        double meanIndex = 0;
        double meanY = 0;
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] != null) {
                seen++;
                meanIndex += k;
                meanY += slots[k].centreYPx();
            }
        }
        meanIndex /= seen;
        meanY /= seen;
        double sxy = 0;
        double sxx = 0;
        int[] lefts = new int[seen];
        int[] rights = new int[seen];
        int[] strengths = new int[seen];
        int m = 0;
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] != null) {
                sxy += (k - meanIndex) * (slots[k].centreYPx() - meanY);
                sxx += (k - meanIndex) * (k - meanIndex);
                lefts[m] = slots[k].leftXPx();
                rights[m] = slots[k].rightXPx();
                strengths[m] = slots[k].strengthPx();
                m++;
            }
        }
        double spacing = sxy / sxx;
        int left = median(lefts);
        int right = median(rights);
        // Staff lines run at least about a bar; text rows and beam stacks that happen to be evenly
        // spaced do not.
        if (median(strengths) < MIN_LINE_SPACES * spacing || right - left < MIN_LINE_SPACES * spacing) {
            return null;
        }
        List<Double> centres = new ArrayList<>(DetectedStaff.LINES);
        for (int k = 0; k < slots.length; k++) {
            centres.add(slots[k] != null ? slots[k].centreYPx() : meanY + (k - meanIndex) * spacing);
        }
        return new DetectedStaff(left, right, centres, spacing, DetectedStaff.LINES - seen);
    }

    // ---- thickness ---------------------------------------------------------------------------

    /**
     * Ink-equivalent line thickness: per column, the ink summed across the line (a window of about
     * half a staff space), minus the same sum halfway between two lines (noise, paper tone); the
     * medians over columns ignore the columns where a note or stem sits on the line.
     */
    private double lineThickness(List<DetectedStaff> staves, double staffSpace) {
        int half = Math.max(1, (int) Math.round(staffSpace / 4));
        List<Double> onLine = new ArrayList<>();
        List<Double> between = new ArrayList<>();
        for (DetectedStaff staff : staves) {
            for (int k = 0; k < DetectedStaff.LINES; k++) {
                int centre = (int) Math.round(staff.lineCentresYPx().get(k));
                onLine.add(medianWindowInk(centre, half, staff.leftXPx(), staff.rightXPx()));
                if (k + 1 < DetectedStaff.LINES) {
                    int mid = (int) Math.round((staff.lineCentresYPx().get(k) + staff.lineCentresYPx().get(k + 1)) / 2);
                    between.add(medianWindowInk(mid, half, staff.leftXPx(), staff.rightXPx()));
                }
            }
        }
        double thickness = median(onLine) - median(between);
        return Math.max(0.0, thickness);
    }

    private double medianWindowInk(int centreRow, int half, int left, int right) {
        int from = Math.max(0, centreRow - half);
        int to = Math.min(image.heightPx - 1, centreRow + half);
        int[] sums = new int[right - left];
        for (int x = left; x < right; x++) {
            int s = 0;
            for (int y = from; y <= to; y++) {
                s += image.at(x, y);
            }
            sums[x - left] = s;
        }
        return median(sums) / 255.0;
    }

    // ---- small statistics --------------------------------------------------------------------

    private static int median(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }

    private static double median(List<Double> values) {
        double[] copy = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return copy[copy.length / 2];
    }

    /** Mean of the middle half (all values when fewer than four). */
    static double robustMean(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        int from = copy.length >= 4 ? copy.length / 4 : 0;
        int to = copy.length >= 4 ? copy.length - copy.length / 4 : copy.length;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += copy[i];
        }
        return sum / (to - from);
    }
}
