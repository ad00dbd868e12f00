package org.leggio.score.internal.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds staff lines and five-line staves on an upright page, and measures staff space and line
 * thickness.
 *
 * <ol>
 *   <li>Mask: a vertical pixel pair (x, y)+(x, y+1) is dark when its summed ink reaches
 *       {@link InkImage#pairThreshold}, or reaches the lower {@link InkImage#faintPairThreshold}
 *       all along a horizontal stretch of at least {@value InkImage#FAINT_RUN_PX} pairs. Pairs
 *       catch sub-pixel anti-aliased lines wherever they fall between rows (mask row y stands for
 *       the row boundary at y + 0.5); the faint stretches keep blurred half-pixel lines on a
 *       noisy scan, without merging letters of text or noise into runs.</li>
 *   <li>First staff-space guess: the most common sum of a vertical dark run and the white run
 *       below it, over all columns (the classic estimator: staff lines dominate that histogram).</li>
 *   <li>Row profile: for each mask row, the total length of its long horizontal dark runs (at
 *       least 4 staff spaces, gaps of one pixel bridged). Noteheads, stems and barlines on a line
 *       are dark too, so staff lines stay single long runs in dense music, while text, slurs,
 *       ledger lines and most beams break into short ones.</li>
 *   <li>Lines: peaks of that profile (at least {@value #MIN_LINE_SHARE} times the strongest);
 *       extent by the long runs of the peak rows; centre from the grey levels of the rows the
 *       peak's dark band covers (see {@link #inkCentre}), which stays right when blur turns a
 *       half-pixel line into a plateau of dark mask rows.</li>
 *   <li>Staves: chains of lines one staff space apart (a two-space step leaves one slot empty).
 *       From each chain, windows of five slots with at most one empty are taken best first:
 *       five seen lines beat four, then the strongest weakest line wins (a horizontal beam lying
 *       one space off a staff is weaker than its lines), then, for a missing line, more ink where
 *       it should be. A staff has four or five seen lines, so one-line percussion staves,
 *       fragments and text rows are dropped; the slots just above and below a staff are its
 *       ledger lines and make no other staff.</li>
 *   <li>Checks: the lines must be long (at least {@value #MIN_LINE_SPACES} staff spaces) and
 *       start and end together, which evenly spaced text rows and stacks of beams do not.</li>
 *   <li>Staff space: the least-squares spacing of each staff's lines, averaged over the middle
 *       half of the staves; line thickness as ink-equivalent pixels (see
 *       {@link #lineThickness}).</li>
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

    /**
     * A line's profile peak must hold at least this share of the page's strongest: a short final
     * system on a page of full-width ones (Verovio ends a piece with one about 115 px long
     * against 795) sits near 14 %.
     */
    static final double MIN_LINE_SHARE = 0.10;

    /** Mask rows next to a line's peak with at least this share of its profile are its dark band. */
    static final double BAND_SHARE = 0.75;
    /** Percentile of a row's ink along a line that stands for the line's ink in that row. */
    static final int LINE_PERCENTILE = 10;
    /**
     * Least ink (that percentile, above the band's floor) for the grey levels to place a line: a
     * blurred half-pixel line reaches about 35; a slanted line (a page deskewed wrongly) crosses
     * each row in few of its columns and leaves about 0, and the mask's centre stands.
     */
    static final int MIN_LINE_INK = 16;

    /** Slots on either side of a staff that always belong to its ledger lines, not to another staff. */
    static final int LEDGER_SLOTS = 2;
    /** Beyond those, lines weaker than this share of the staff's weakest line are ledger lines too. */
    static final double LEDGER_STRENGTH = 0.8;

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
        int strict = image.pairThreshold;
        int faint = image.faintPairThreshold;
        int minFaintRun = InkImage.FAINT_RUN_PX;
        for (int y = 0; y < maskHeightPx; y++) {
            int row = y * widthPx;
            int runStart = -1;
            for (int x = 0; x <= widthPx; x++) {
                int pair = x < widthPx ? ink[row + x] + ink[row + widthPx + x] : 0;
                if (pair >= strict) {
                    mask[row + x] = true;
                }
                // A faint pair counts only inside an unbroken horizontal stretch of faint pairs:
                // a blurred half-pixel line on a noisy scan gives such stretches, scattered noise
                // and the gaps between letters do not.
                if (pair >= faint) {
                    if (runStart < 0) {
                        runStart = x;
                    }
                } else if (runStart >= 0) {
                    if (x - runStart >= minFaintRun) {
                        for (int k = runStart; k < x; k++) {
                            mask[row + k] = true;
                        }
                    }
                    runStart = -1;
                }
            }
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
        // Row by row with one state per column: the same scan as column by column, but it reads
        // memory in order.
        int[] dark = new int[widthPx];
        int[] white = new int[widthPx];
        for (int y = 0; y < maskHeightPx; y++) {
            int row = y * widthPx;
            for (int x = 0; x < widthPx; x++) {
                if (mask[row + x]) {
                    if (white[x] > 0) {
                        // A white run just ended; it counts only when dark on both sides.
                        int sum = dark[x] + white[x];
                        if (dark[x] > 0 && sum <= maxSpacing) {
                            histogram[sum]++;
                        }
                        dark[x] = 0;
                        white[x] = 0;
                    }
                    dark[x]++;
                } else if (dark[x] > 0 || white[x] > 0) {
                    white[x]++;
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
        // below removes what passes anyway.
        double threshold = Math.max(minStrength, MIN_LINE_SHARE * max);
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
                lines.add(new Line(inkCentre(profile, y, guess, left, right, weighted / sum), left, right, v));
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

    /**
     * The line's centre from its grey levels. The mask rows next to the peak whose profile holds at
     * least {@value #BAND_SHARE} of the peak's (up to about 0.4 staff space either side) are the
     * line's dark band; the centre is the centroid, over the pixel rows that band covers, of each
     * row's {@value #LINE_PERCENTILE}th-percentile ink along the line, less the smallest such
     * value of the band and the rows just outside it (paper, the tails of the neighbouring lines).
     *
     * <p>A crisp line's band is one to three mask rows and this is about the profile centroid
     * again; a blurred half-pixel line darkens a plateau of four or five mask rows whose peak can
     * land on any of them, while the grey levels still show where the line is. A staff line is
     * dark in all its columns, a beam, a run of noteheads or a slur lying on it in only some of
     * them: a low percentile sees the line alone.
     */
    private double inkCentre(int[] profile, int peak, double guess, int left, int right, double maskCentre) {
        int reach = Math.max(1, (int) Math.round(0.4 * guess));
        double least = BAND_SHARE * profile[peak];
        int top = peak;
        while (top > 0 && peak - top < reach && profile[top - 1] >= least) {
            top--;
        }
        int bottom = peak;
        while (bottom + 1 < profile.length && bottom - peak < reach && profile[bottom + 1] >= least) {
            bottom++;
        }
        // Mask rows top..bottom are the pairs of pixel rows top..bottom + 1.
        int from = Math.max(0, top - 1);
        int to = Math.min(image.heightPx - 1, bottom + 2);
        int[] histogram = new int[256];
        int[] levels = new int[to - from + 1];
        int floor = Integer.MAX_VALUE;
        for (int r = from; r <= to; r++) {
            levels[r - from] = rowPercentile(r, left, right, histogram);
            floor = Math.min(floor, levels[r - from]);
        }
        double sum = 0;
        double weighted = 0;
        int strongest = 0;
        for (int r = top; r <= Math.min(bottom + 1, to); r++) {
            int w = levels[r - from] - floor;
            sum += w;
            weighted += (double) w * r;
            strongest = Math.max(strongest, w);
        }
        return strongest >= MIN_LINE_INK ? weighted / sum : maskCentre;
    }

    /** The {@link #LINE_PERCENTILE}th percentile of the ink of row y over columns [left, right). */
    private int rowPercentile(int y, int left, int right, int[] histogram) {
        Arrays.fill(histogram, 0);
        int[] ink = image.ink;
        int row = y * widthPx;
        for (int x = left; x < right; x++) {
            histogram[ink[row + x]]++;
        }
        int rank = (right - left) * LINE_PERCENTILE / 100;
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen > rank) {
                return v;
            }
        }
        return 255;
    }

    // ---- staves ------------------------------------------------------------------------------

    private List<DetectedStaff> groupIntoStaves(List<Line> lines, double guess, int[] profile) {
        double tolerance = Math.max(1.0, 0.2 * guess);
        int n = lines.size();
        // next[i]: the strongest line one staff space below line i; failing that, the strongest
        // two spaces below (one line missing in between: erased, faded, or not seen), unless
        // that line has a line one space above it: then the gap is not a missing line, and the
        // jump would let a beam or slur two spaces above a staff take the staff's second line
        // into its chain, away from the first.
        int[] one = new int[n];
        boolean[] hasOneAbove = new boolean[n];
        for (int i = 0; i < n; i++) {
            one[i] = strongestNear(lines, i, guess, tolerance);
            for (int j = i + 1; j < n && lines.get(j).centreYPx() - lines.get(i).centreYPx() <= guess + tolerance; j++) {
                hasOneAbove[j] |= lines.get(j).centreYPx() - lines.get(i).centreYPx() >= guess - tolerance;
            }
        }
        int[] next = new int[n];
        boolean[] skipsOne = new boolean[n];
        Arrays.fill(next, -1);
        for (int i = 0; i < n; i++) {
            int two = one[i] >= 0 ? -1 : strongestNear(lines, i, 2 * guess, tolerance);
            next[i] = one[i] >= 0 ? one[i] : two >= 0 && !hasOneAbove[two] ? two : -1;
            skipsOne[i] = one[i] < 0 && next[i] >= 0;
        }
        boolean[] used = new boolean[n];
        List<DetectedStaff> staves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (used[i]) {
                continue;
            }
            // A chain of slots one staff space apart, padded with one empty slot at each end so
            // that four lines with the fifth missing at an edge can still make a staff.
            List<Line> slots = new ArrayList<>();
            slots.add(null);
            for (int j = i; j >= 0 && !used[j]; j = next[j]) {
                used[j] = true;
                slots.add(lines.get(j));
                if (skipsOne[j] && next[j] >= 0 && !used[next[j]]) {
                    slots.add(null);
                }
            }
            slots.add(null);
            pickStaves(slots, guess, profile, staves);
        }
        staves.sort(java.util.Comparator.comparingDouble(DetectedStaff::topLineYPx));
        return staves;
    }

    /** Index of the strongest line below line i at distance {@code distance} ± tolerance, or -1. */
    private static int strongestNear(List<Line> lines, int i, double distance, double tolerance) {
        double y = lines.get(i).centreYPx();
        int best = -1;
        for (int j = i + 1; j < lines.size(); j++) {
            double d = lines.get(j).centreYPx() - y;
            if (d > distance + tolerance) {
                break;
            }
            if (d >= distance - tolerance && (best < 0 || lines.get(j).strengthPx() > lines.get(best).strengthPx())) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Takes staves out of one chain of slots, best first: five consecutive slots with at most one
     * empty, preferring five seen lines, then the strongest weakest line (a beam row lying one space
     * off a staff is weaker than its lines), then, for a missing line, more ink where it should be.
     * Chosen windows do not overlap, and a staff keeps its ledger-line slots from other staves
     * (see {@link #reserveLedgerSlots}).
     */
    private static void pickStaves(List<Line> slots, double guess, int[] profile, List<DetectedStaff> out) {
        int size = slots.size();
        boolean[] taken = new boolean[size];
        while (true) {
            int bestStart = -1;
            long[] bestKey = null;
            for (int start = 0; start + DetectedStaff.LINES <= size; start++) {
                int seen = 0;
                long weakest = Long.MAX_VALUE;
                int gap = -1;
                boolean free = true;
                for (int k = start; k < start + DetectedStaff.LINES; k++) {
                    free &= !taken[k];
                    Line line = slots.get(k);
                    if (line == null) {
                        gap = k;
                    } else {
                        seen++;
                        weakest = Math.min(weakest, line.strengthPx());
                    }
                }
                if (!free || seen < DetectedStaff.LINES - 1) {
                    continue;
                }
                long evidence = gap < 0 ? 0 : (long) evidence(profile, predictedCentre(slots, gap, guess));
                long[] key = {seen, weakest, evidence};
                if (bestKey == null || Arrays.compare(key, bestKey) > 0) {
                    bestKey = key;
                    bestStart = start;
                }
            }
            if (bestStart < 0) {
                return;
            }
            Line[] window = new Line[DetectedStaff.LINES];
            for (int k = 0; k < DetectedStaff.LINES; k++) {
                window[k] = slots.get(bestStart + k);
                taken[bestStart + k] = true;
            }
            if (bestKey[2] < 0) {
                continue; // the missing line would be off the page
            }
            DetectedStaff staff = toStaff(window);
            if (staff != null) {
                out.add(staff);
                reserveLedgerSlots(slots, taken, bestStart, bestKey[1]);
            }
        }
    }

    /**
     * Marks a new staff's ledger-line slots as taken: chords far above or below a staff draw their
     * ledger lines as a stack of long lines one space apart, which is no staff. The
     * {@value #LEDGER_SLOTS} slots next to the staff on either side always count (real staves are
     * never one or two spaces apart, and the first ledger line may be too short to be seen);
     * further on, seen lines count as long as they are clearly weaker than the staff's weakest
     * line, so that a staff reached through a bridge of ledger lines is left alone.
     */
    private static void reserveLedgerSlots(List<Line> slots, boolean[] taken, int start, long weakestPx) {
        int size = slots.size();
        for (int direction = -1; direction <= 1; direction += 2) {
            int k = direction < 0 ? start - 1 : start + DetectedStaff.LINES;
            for (int step = 1; k >= 0 && k < size; step++, k += direction) {
                Line line = slots.get(k);
                if (step > LEDGER_SLOTS && (line == null || line.strengthPx() >= LEDGER_STRENGTH * weakestPx)) {
                    break;
                }
                taken[k] = true;
            }
        }
    }

    /** Where the line of an empty slot would be, from its nearest seen neighbour. */
    private static double predictedCentre(List<Line> slots, int gap, double guess) {
        for (int d = 1; d < slots.size(); d++) {
            if (gap - d >= 0 && slots.get(gap - d) != null) {
                return slots.get(gap - d).centreYPx() + d * guess;
            }
            if (gap + d < slots.size() && slots.get(gap + d) != null) {
                return slots.get(gap + d).centreYPx() - d * guess;
            }
        }
        return Double.NaN;
    }

    private static double evidence(int[] profile, double centreYPx) {
        if (Double.isNaN(centreYPx)) {
            return -1;
        }
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
        // The lines of a staff start and end together (at the system line and the last barline);
        // a stack of beams or text rows does not. Three lines agreeing on each end (within a staff
        // space, or 3 % of the length on a long staff) leave room for lines lengthened by a
        // touching brace or label, or cut short by noise or damage.
        double slack = Math.max(Math.max(3.0, spacing), 0.03 * (right - left));
        int agreeLeft = 0;
        int agreeRight = 0;
        for (int k = 0; k < seen; k++) {
            agreeLeft += Math.abs(lefts[k] - left) <= slack ? 1 : 0;
            agreeRight += Math.abs(rights[k] - right) <= slack ? 1 : 0;
        }
        if (agreeLeft < 3 || agreeRight < 3) {
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
