package org.leggio.matcher.follow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.StaffSystem;

/**
 * A piece as the follower walks it: the snippet embeddings of the following grid in the order the music
 * is played. When the score knows its bars and repeats (MusicXML), the track is repeat-unfolded: each
 * played bar contributes the grid positions inside its strip extent, so a repeat is a forward move on
 * the track although it goes back on the page. Without bars the track is the strip, left to right.
 *
 * <p>A track position is an index {@code 0..length()-1}; {@link #stripXPx(int)}, {@link #scoreBeats(int)}
 * and {@link #locate(double)} map it back to the page. For page turns, {@link #pageEndPosition(double)},
 * {@link #nextPageInPlayedOrder(double)} and {@link #inBottomHalf(double)} look ahead in played order.
 * Immutable and thread-safe; one track serves every session following the piece.
 */
public final class ScoreTrack {
    /** Where a (possibly fractional) track position lies on the printed score. */
    public record Place(int pageIndex, int systemIndex, float pageXPx, float stripXPx, String barLabel,
            double scoreBeats) {}

    /**
     * A place where the played order may branch: the bar ending at {@code atBeats} (unfolded quarter notes) is
     * followed elsewhere in the played order by other music, which starts at {@code toBeats}. At the end of a
     * repeat's first playing, its second playing follows and the music after the repeat is the branch (the
     * repeat skipped); at the end of the second, the branch goes back to the second playing (taken once more);
     * before a first ending, the second ending is the branch.
     */
    public record Junction(double atBeats, double toBeats) {}

    private final String pieceId;
    private final String modelId;
    private final int dimension;
    private final float[] embeddings;
    private final float[] stripXPx;
    private final double[] scoreBeats;
    /** Per position: quarter notes from the start of the written (folded) score, NaN without bars. */
    private final double[] writtenBeats;
    private final int[] barOrdinal;
    private final List<Junction> junctions;
    private final List<Bar> playedBars;
    private final List<StaffSystem> systems;
    private final double[] notatedBeatsPerSecond;
    private final int stridePx;
    /** Per track position: the page its place lies on. */
    private final int[] pageOf;
    /** Per track position: the last position of its run of consecutive positions on the same page. */
    private final int[] pageEnd;
    /** Per system (in {@code systems} order): whether it lies in the bottom half of its page. */
    private final boolean[] bottomHalf;

    private ScoreTrack(ScoreIndex index, SnippetGrid grid, int[] gridIndices, double[] beats, int[] barOrdinal,
            List<Bar> playedBars) {
        this.pieceId = index.getPieceId();
        this.modelId = grid.getModelId();
        this.dimension = grid.getEmbeddingDim();
        this.stridePx = Math.max(1, grid.getStridePx());
        this.embeddings = new float[gridIndices.length * dimension];
        this.stripXPx = new float[gridIndices.length];
        for (int i = 0; i < gridIndices.length; i++) {
            int g = gridIndices[i];
            stripXPx[i] = grid.getStripXPx(g);
            for (int d = 0; d < dimension; d++) {
                embeddings[i * dimension + d] = grid.getEmbeddings(g * dimension + d);
            }
        }
        this.scoreBeats = beats;
        this.barOrdinal = barOrdinal;
        this.playedBars = List.copyOf(playedBars);
        this.systems = List.copyOf(index.getSystemsList());
        this.notatedBeatsPerSecond = notatedTempo(index);
        this.writtenBeats = writtenBeats(index, beats, barOrdinal, this.playedBars);
        this.junctions = junctions(this.playedBars);
        this.bottomHalf = bottomHalves(index);
        this.pageOf = new int[gridIndices.length];
        Arrays.setAll(pageOf, i -> pageAt(i));
        this.pageEnd = pageRunEnds(pageOf);
    }

    /**
     * Whether each system is in the bottom half of its page, by the viewer's rule: its centre row below
     * half the page height (the page's {@code height_px}; when that is unknown, the lowest system bottom
     * on the page stands in for it). Without a centre row, the middle of the system's box stands in for it,
     * as in the viewer.
     */
    private static boolean[] bottomHalves(ScoreIndex index) {
        Map<Integer, Float> heights = new HashMap<>();
        for (Page page : index.getPagesList()) {
            heights.put(page.getPageIndex(), (float) page.getHeightPx());
        }
        Map<Integer, Float> lowest = new HashMap<>();
        for (StaffSystem system : index.getSystemsList()) {
            lowest.merge(system.getPageIndex(), system.getBottomYPx(), Math::max);
        }
        boolean[] bottom = new boolean[index.getSystemsCount()];
        for (int s = 0; s < bottom.length; s++) {
            StaffSystem system = index.getSystems(s);
            float height = heights.getOrDefault(system.getPageIndex(), 0f);
            if (!(height > 0)) {
                height = lowest.getOrDefault(system.getPageIndex(), 0f);
            }
            float centre = system.getCentreYPx() > 0 ? system.getCentreYPx()
                    : (system.getTopYPx() + system.getBottomYPx()) / 2;
            // no height and no system extent at all: nothing is known to be low on the page
            bottom[s] = height > 0 && centre > height / 2;
        }
        return bottom;
    }

    /**
     * The end of each position's page run, scanning from the end. A run is what the players read
     * without turning: a repeat inside the page continues it, a jump to another page (forward, or back at
     * a repeat) ends it.
     */
    private static int[] pageRunEnds(int[] pages) {
        int[] ends = new int[pages.length];
        for (int i = pages.length - 1; i >= 0; i--) {
            ends[i] = i + 1 < pages.length && pages[i + 1] == pages[i] ? ends[i + 1] : i;
        }
        return ends;
    }

    /**
     * Builds the track of a piece's following grid.
     *
     * @throws IllegalArgumentException if the index has no following grid
     */
    public static ScoreTrack of(ScoreIndex index) {
        return of(index, index.getFollowGrid());
    }

    /** The track of one of a piece's grids (the identification grid makes a coarse, cheap track). */
    public static ScoreTrack of(ScoreIndex index, SnippetGrid grid) {
        int count = grid.getStripXPxCount();
        if (count == 0 || grid.getEmbeddingDim() == 0 || grid.getEmbeddingsCount() != count * grid.getEmbeddingDim()) {
            throw new IllegalArgumentException("piece " + index.getPieceId() + " has no usable following grid ("
                    + count + " positions, " + grid.getEmbeddingsCount() + " values, dim " + grid.getEmbeddingDim() + ")");
        }
        List<Integer> order = playedBarOrder(index);
        if (order.isEmpty()) {
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            double[] beats = new double[count];
            Arrays.fill(beats, Double.NaN);
            return new ScoreTrack(index, grid, all, beats, new int[count], List.of());
        }
        return unfolded(index, grid, order);
    }

    private static List<Integer> playedBarOrder(ScoreIndex index) {
        if (index.getBarsCount() == 0) {
            return List.of();
        }
        List<Integer> order = new ArrayList<>(index.getRepeats().getUnfoldedBarIndicesList());
        if (order.isEmpty()) {
            for (int b = 0; b < index.getBarsCount(); b++) {
                order.add(b);
            }
        }
        order.removeIf(b -> b >= index.getBarsCount());
        return order;
    }

    private static ScoreTrack unfolded(ScoreIndex index, SnippetGrid grid, List<Integer> order) {
        List<Integer> grids = new ArrayList<>();
        List<Double> beats = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        List<Bar> played = new ArrayList<>();
        double unfoldedBeats = 0;
        for (int barIndex : order) {
            Bar bar = index.getBars(barIndex);
            float start = bar.getStartStripXPx();
            float end = bar.getEndStripXPx();
            double width = Math.max(1e-6, end - start);
            int first = lowerBound(grid, start);
            for (int g = first; g < grid.getStripXPxCount() && grid.getStripXPx(g) < end; g++) {
                grids.add(g);
                beats.add(unfoldedBeats + bar.getDurationBeats() * (grid.getStripXPx(g) - start) / width);
                ordinals.add(played.size());
            }
            played.add(bar);
            unfoldedBeats += bar.getDurationBeats();
        }
        if (grids.isEmpty()) {
            throw new IllegalArgumentException("piece " + index.getPieceId() + ": no following position lies inside its bars");
        }
        return new ScoreTrack(index, grid, grids.stream().mapToInt(Integer::intValue).toArray(),
                beats.stream().mapToDouble(Double::doubleValue).toArray(),
                ordinals.stream().mapToInt(Integer::intValue).toArray(), played);
    }

    private static int lowerBound(SnippetGrid grid, float x) {
        int lo = 0;
        int hi = grid.getStripXPxCount();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (grid.getStripXPx(mid) < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Where each played bar starts, unfolded quarter notes (one more entry: the end of the last). */
    private static double[] playedStarts(List<Bar> played) {
        double[] start = new double[played.size() + 1];
        for (int o = 0; o < played.size(); o++) {
            start[o + 1] = start[o] + played.get(o).getDurationBeats();
        }
        return start;
    }

    /**
     * Each position's beat in the written score: the written bars before its bar (in bar-index order)
     * plus how far into its bar it lies. Two playings of a repeat get the same value. Summed from the bars'
     * durations, as the unfolded beats are, rather than read from their {@code start_beats}, which the importer
     * takes from the engraving's unfolded time map where a MusicXML measure is missing.
     */
    private static double[] writtenBeats(ScoreIndex index, double[] beats, int[] barOrdinal, List<Bar> playedBars) {
        double[] written = new double[beats.length];
        if (playedBars.isEmpty()) {
            Arrays.fill(written, Double.NaN);
            return written;
        }
        double[] writtenStart = new double[index.getBarsCount() + 1];
        for (int b = 0; b < index.getBarsCount(); b++) {
            writtenStart[b + 1] = writtenStart[b] + index.getBars(b).getDurationBeats();
        }
        double[] playedStart = playedStarts(playedBars);
        for (int i = 0; i < beats.length; i++) {
            int o = barOrdinal[i];
            written[i] = writtenStart[playedBars.get(o).getBarIndex()] + beats[i] - playedStart[o];
        }
        return written;
    }

    /**
     * Every branch of the played order: for each played bar, the starts of the bars that follow the same
     * written bar elsewhere in the played order, where they differ from its own successor. Ascending by
     * {@code atBeats}; each branch once.
     */
    private static List<Junction> junctions(List<Bar> played) {
        int n = played.size();
        double[] start = playedStarts(played);
        Map<Integer, List<Integer>> ordinalsOfWritten = new HashMap<>();
        for (int o = 0; o < n; o++) {
            ordinalsOfWritten.computeIfAbsent(played.get(o).getBarIndex(), k -> new ArrayList<>()).add(o);
        }
        List<Junction> out = new ArrayList<>();
        for (int o = 0; o + 1 < n; o++) {
            int next = played.get(o + 1).getBarIndex();
            List<Double> seen = new ArrayList<>();
            for (int other : ordinalsOfWritten.get(played.get(o).getBarIndex())) {
                if (other == o || other + 1 >= n || played.get(other + 1).getBarIndex() == next
                        || seen.contains(start[other + 1])) {
                    continue;
                }
                seen.add(start[other + 1]);
                out.add(new Junction(start[o + 1], start[other + 1]));
            }
        }
        return List.copyOf(out);
    }

    /** Notated tempo per written bar, quarter notes per second, from the score time map (NaN when unknown). */
    private static double[] notatedTempo(ScoreIndex index) {
        double[] tempo = new double[index.getBarsCount()];
        Arrays.fill(tempo, Double.NaN);
        for (int b = 0; b + 1 < index.getBarsCount(); b++) {
            Bar bar = index.getBars(b);
            double millis = index.getBars(b + 1).getStartScoreMillis() - bar.getStartScoreMillis();
            if (millis > 0 && bar.getDurationBeats() > 0) {
                tempo[b] = bar.getDurationBeats() / (millis / 1000.0);
            }
        }
        return tempo;
    }

    public String pieceId() {
        return pieceId;
    }

    /** The model that made the snippet embeddings; audio embeddings must come from the same one. */
    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dimension;
    }

    /** Number of track positions. */
    public int length() {
        return stripXPx.length;
    }

    /** Distance between neighbouring grid positions on the strip, px. */
    public int stridePx() {
        return stridePx;
    }

    /** Whether the track knows bars (and so score beats). */
    public boolean hasBars() {
        return !playedBars.isEmpty();
    }

    /** Dot product of a unit-length audio embedding with the snippet at {@code position}. */
    public float similarity(float[] embedding, int position) {
        int base = position * dimension;
        // four running sums: the JIT does not reorder a float reduction, so one sum is one long dependency chain
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (int upper = dimension & ~3; d < upper; d += 4) {
            s0 += embedding[d] * embeddings[base + d];
            s1 += embedding[d + 1] * embeddings[base + d + 1];
            s2 += embedding[d + 2] * embeddings[base + d + 2];
            s3 += embedding[d + 3] * embeddings[base + d + 3];
        }
        for (; d < dimension; d++) {
            s0 += embedding[d] * embeddings[base + d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@link #similarity} of one embedding with every position, into {@code out} (length {@link #length()}):
     * one pass over the track, for callers that need them all (subsequence DTW).
     */
    public void similarities(float[] embedding, float[] out) {
        for (int position = 0; position < out.length; position++) {
            out[position] = similarity(embedding, position);
        }
    }

    /** Strip x of a position, px. */
    public float stripXPx(int position) {
        return stripXPx[clamp(position)];
    }

    /** Score position in quarter notes from the start of the unfolded score (NaN without bars). */
    public double scoreBeats(double position) {
        if (!hasBars()) {
            return Double.NaN;
        }
        return interpolate(scoreBeats, position);
    }

    /** Where the played order may branch (see {@link Junction}); empty without bars or repeats. */
    public List<Junction> junctions() {
        return junctions;
    }

    /**
     * Score position in quarter notes from the start of the <em>written</em> score, repeats not unfolded:
     * where the position lies on the page in beats, the same for every playing of a repeated bar (NaN
     * without bars).
     */
    public double writtenBeats(double position) {
        if (!hasBars()) {
            return Double.NaN;
        }
        return interpolate(writtenBeats, position);
    }

    /**
     * The track position of a score beat (unfolded quarter notes), the first position at or after it;
     * {@code -1} without bars.
     */
    public int positionOfBeats(double beats) {
        if (!hasBars()) {
            return -1;
        }
        int lo = 0;
        int hi = scoreBeats.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (scoreBeats[mid] < beats) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The fractional position of a score beat (interpolated; clamped to the track; NaN without bars). */
    public double positionAtBeats(double beats) {
        if (!hasBars()) {
            return Double.NaN;
        }
        int hi = positionOfBeats(beats);
        if (hi == 0 || scoreBeats[hi] <= beats) {
            return hi;
        }
        int lo = hi - 1;
        double span = scoreBeats[hi] - scoreBeats[lo];
        return span <= 0 ? hi : lo + (beats - scoreBeats[lo]) / span;
    }

    /** Notated tempo at a position, quarter notes per second (NaN when the score has no time map). */
    public double notatedBeatsPerSecond(int position) {
        if (!hasBars()) {
            return Double.NaN;
        }
        int written = playedBars.get(barOrdinal[clamp(position)]).getBarIndex();
        return written < notatedBeatsPerSecond.length ? notatedBeatsPerSecond[written] : Double.NaN;
    }

    /**
     * The position of {@code other}'s track (the same piece, another grid) at the same place as
     * {@code position} of this one: by score beat when both know bars, else by strip x (without bars
     * a track is the strip in order, so x is unique).
     */
    public int mapTo(ScoreTrack other, double position) {
        if (hasBars() && other.hasBars()) {
            return other.positionOfBeats(scoreBeats(position));
        }
        float x = (float) interpolate(stripXPx, position);
        int lo = 0;
        int hi = other.length() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (other.stripXPx[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Page, system, page x, bar and beat of a fractional track position (clamped to the track). */
    public Place locate(double position) {
        int p = clamp((int) Math.floor(position));
        double strip = stripAt(position);
        StaffSystem system = systemAt((float) strip);
        float pageX = system == null ? (float) strip
                : Math.max(system.getLeftXPx(), Math.min(system.getRightXPx(),
                        system.getLeftXPx() + (float) strip - system.getStripStartXPx()));
        String label = hasBars() ? playedBars.get(barOrdinal[p]).getLabel() : "";
        return new Place(system == null ? 0 : system.getPageIndex(), system == null ? 0 : system.getSystemIndex(),
                pageX, (float) strip, label, scoreBeats(position));
    }

    /**
     * The last track position of the page a fractional position lies on, in played order: the end of
     * the run of consecutive positions on that page (a repeat inside the page stays in the run; a repeat
     * back to an earlier page ends it).
     *
     * @param position fractional track position (clamped to the track)
     * @return a track position, {@code 0..length()-1}
     */
    public int pageEndPosition(double position) {
        return pageEnd[onPage(position)];
    }

    /**
     * The page the players read after the page of {@code position}, in played order: the page of the
     * position right after {@link #pageEndPosition}; an earlier page when a repeat goes back to it.
     *
     * @param position fractional track position (clamped to the track)
     * @return a 0-based page index, or {@code -1} when the page's run ends the piece
     */
    public int nextPageInPlayedOrder(double position) {
        int next = pageEnd[onPage(position)] + 1;
        return next < length() ? pageOf[next] : -1;
    }

    /**
     * Whether a fractional position lies in the bottom half of its page, by the viewer's rule: its
     * system's centre row is below half the page height (px of the normalised page).
     */
    public boolean inBottomHalf(double position) {
        int system = systemOrdinalAt((float) stripAt(position));
        return system >= 0 && bottomHalf[system];
    }

    /**
     * Predicted time until the players reach {@link #pageEndPosition} of {@code position}, at a tempo:
     * score beats to go at {@code quarterNotesPerMinute} when the track knows bars and that tempo is
     * usable, else strip px to go along the track ({@link #stridePx()} per position, so repeats count)
     * at {@code stripPxPerSecond}.
     *
     * @param position fractional track position
     * @param quarterNotesPerMinute the players' tempo in quarter notes per minute (NaN when unknown)
     * @param stripPxPerSecond the players' speed along the strip, px per second (NaN when unknown)
     * @return seconds, ≥ 0: 0 at or past the end of the page, and 0 when neither tempo is positive and
     *     finite (an unknown tempo predicts nothing ahead)
     */
    public double secondsToPageEnd(double position, double quarterNotesPerMinute, double stripPxPerSecond) {
        int end = pageEndPosition(position);
        double seconds;
        if (hasBars() && usable(quarterNotesPerMinute)) {
            seconds = (scoreBeats(end) - scoreBeats(position)) / (quarterNotesPerMinute / 60);
        } else if (usable(stripPxPerSecond)) {
            seconds = (end - position) * stridePx / stripPxPerSecond;
        } else {
            return 0;
        }
        return Math.max(0, seconds);
    }

    private static boolean usable(double tempo) {
        return Double.isFinite(tempo) && tempo > 0;
    }

    /**
     * The integer position whose page a fractional position is on: its floor, or the next position when
     * the interpolated place has already crossed onto the next system's page (a track without bars).
     */
    private int onPage(double position) {
        int p = clamp((int) Math.floor(position));
        int q = clamp(p + 1);
        return pageAt(position) == pageOf[p] ? p : q;
    }

    /** The page a fractional position's place lies on (as {@link #locate} reports it). */
    private int pageAt(double position) {
        StaffSystem system = systemAt((float) stripAt(position));
        return system == null ? 0 : system.getPageIndex();
    }

    /**
     * Strip x of a fractional position, px. Between two bars the strip jumps (a repeat, a system break):
     * the place stays inside the bar of the position's floor.
     */
    private double stripAt(double position) {
        double strip = interpolate(stripXPx, position);
        if (hasBars()) {
            Bar bar = playedBars.get(barOrdinal[clamp((int) Math.floor(position))]);
            strip = Math.max(bar.getStartStripXPx(), Math.min(bar.getEndStripXPx(), strip));
        }
        return strip;
    }

    /**
     * The track position at a printed place: page, system and x on the page (px at 835 px page width).
     * A place played more than once (a repeat) has several positions; the one nearest {@code near} wins.
     *
     * @param near a track position to prefer the nearest occurrence to (e.g. the current one; 0 for the
     *     first)
     * @return the fractional track position
     * @throws IllegalArgumentException if the piece has no such page and system
     */
    public double positionAt(int pageIndex, int systemIndex, float pageXPx, double near) {
        StaffSystem system = systems.stream()
                .filter(s -> s.getPageIndex() == pageIndex && s.getSystemIndex() == systemIndex).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("piece " + pieceId + " has no system " + systemIndex
                        + " on page " + pageIndex));
        float x = system.getStripStartXPx()
                + Math.max(0, Math.min(system.getRightXPx(), pageXPx) - system.getLeftXPx());
        double best = Double.NaN;
        for (int i = 0; i + 1 < stripXPx.length; i++) {
            // a segment of the played order that covers x (the strip jumps backwards at a repeat)
            if (stripXPx[i] <= x && x < stripXPx[i + 1]) {
                double candidate = i + (x - stripXPx[i]) / (stripXPx[i + 1] - stripXPx[i]);
                if (Double.isNaN(best) || Math.abs(candidate - near) < Math.abs(best - near)) {
                    best = candidate;
                }
            }
        }
        if (Double.isNaN(best)) {
            // before the first position, after the last, or on a gap: the closest position
            int closest = 0;
            for (int i = 1; i < stripXPx.length; i++) {
                if (Math.abs(stripXPx[i] - x) < Math.abs(stripXPx[closest] - x)) {
                    closest = i;
                }
            }
            best = closest;
        }
        return best;
    }

    private StaffSystem systemAt(float stripX) {
        int s = systemOrdinalAt(stripX);
        return s < 0 ? null : systems.get(s);
    }

    /** The index in {@code systems} of the system holding a strip x (the first before all); −1 without systems. */
    private int systemOrdinalAt(float stripX) {
        int found = systems.isEmpty() ? -1 : 0;
        for (int s = 0; s < systems.size(); s++) {
            if (systems.get(s).getStripStartXPx() <= stripX) {
                found = s;
            }
        }
        return found;
    }

    private int clamp(int position) {
        return Math.max(0, Math.min(length() - 1, position));
    }

    private double interpolate(float[] values, double position) {
        int p = clamp((int) Math.floor(position));
        int q = clamp(p + 1);
        double f = Math.max(0, Math.min(1, position - p));
        return values[p] + f * (values[q] - values[p]);
    }

    private double interpolate(double[] values, double position) {
        int p = clamp((int) Math.floor(position));
        int q = clamp(p + 1);
        double f = Math.max(0, Math.min(1, position - p));
        return values[p] + f * (values[q] - values[p]);
    }
}
