package org.leggio.dataset.follow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Changes of form a live performer makes, built from a rendering as an {@link EditedPerformance}:
 * skipping a repeat, playing a repeat once more, restarting a few bars back, stopping and resuming,
 * and jumping to another piece. Cuts fall on note-onset frames — the first onset of a bar in played
 * order, or the first note of a repeat's second pass — so the spliced audio stays musical.
 *
 * <p>Each factory takes the rendering's spectrogram length in frames ({@link
 * FollowingPerformance#frameCount()}, read from the file header by the overloads without it) and
 * returns an empty {@link Optional} when the piece does not allow the change (no repeat, too short).
 * Stateless, thread-safe.
 *
 * <p><b>Structure from the ground truth.</b> Bars in played order ({@link #barStarts}) start where
 * the measure index changes and the next note stays in the new measure (so one out-of-order note of a
 * chord or an ornament does not start a bar). A repeat ({@link #repeats}) is a note whose measure index
 * lies at least {@value #MIN_DROP_MEASURES} measures below the furthest measure reached so far, with the
 * next {@value #SUSTAIN_NOTES} notes staying below that furthest measure: the first note of a second
 * pass. The second pass ends at the first note beyond the furthest measure of the first pass (the bar
 * after the repeat, or the second volta) where at least half of the next {@value #SUSTAIN_NOTES} notes
 * stay at or beyond it; if the music never gets there (da capo to the end) the pass runs to the end.
 */
public final class FormChanges {
    /** Names of the changes, as {@link EditedPerformance#name()}. */
    public static final String SKIP_REPEAT = "skip-repeat";
    public static final String REPEAT_TWICE = "repeat-twice";
    public static final String RESTART = "restart";
    public static final String STOP_AND_RESUME = "stop-and-resume";
    public static final String JUMP_TO_OTHER_PIECE = "jump-to-other-piece";
    public static final String UNCHANGED = "unchanged";

    /** A repeat's return must go back at least this many measures below the furthest measure reached. */
    public static final int MIN_DROP_MEASURES = 2;
    /** Notes looked at to confirm a jump back or forward. */
    public static final int SUSTAIN_NOTES = 8;
    /** First endings (volta 1) longer than this many measures are not recognised as such. */
    public static final int MAX_FIRST_ENDING_MEASURES = 4;

    private static final double FPS = FollowingPerformance.FRAMES_PER_SECOND;

    /**
     * A repeat in played order, as note indices. Without voltas {@code firstEndingStart ==
     * secondPassStart}; with them the first pass ends in first-ending bars ({@code [firstEndingStart,
     * secondPassStart)}) that the second pass leaves out.
     *
     * @param firstPassStart first note of the repeated section's first pass (the last bar in measure
     *     {@code toMeasure} before the second pass), or −1 if that measure was not played before
     * @param firstEndingStart first note of the first ending (volta 1) in the first pass; {@code
     *     secondPassStart} if there is none
     * @param secondPassStart first note of the second pass
     * @param secondPassEnd the first note after the second pass (exclusive; the notes' size if the pass
     *     runs to the end)
     * @param fromMeasure the furthest measure index reached before the jump back
     * @param toMeasure the measure index the second pass starts in
     */
    public record Repeat(int firstPassStart, int firstEndingStart, int secondPassStart, int secondPassEnd,
            int fromMeasure, int toMeasure) {}

    private FormChanges() {}

    /** The rendering as recorded: one segment, no edits (name {@value #UNCHANGED}). */
    public static EditedPerformance unchanged(FollowingPerformance p, int frames) {
        return new EditedPerformance(UNCHANGED, List.of(p), List.of(new Segment(0, 0, frames)));
    }

    /** {@link #skipRepeat(FollowingPerformance, int)} with the frame count from the file header. */
    public static Optional<EditedPerformance> skipRepeat(FollowingPerformance p) {
        return skipRepeat(p, p.frameCount());
    }

    /**
     * Skips the second pass of the first {@linkplain #repeats repeat} that is followed by more music:
     * the end of the first pass runs straight into what follows the repeat — with voltas, the first pass is
     * cut before its first ending, so the music goes on into the second ending as a player who skips the
     * repeat plays it. Segments {@code [0, firstEndingStart)}, {@code [secondPassEnd, frames)} (as onset
     * frames); one edit, at the cut.
     *
     * @param frames the rendering's spectrogram length
     * @return empty if the performance has no such repeat
     */
    public static Optional<EditedPerformance> skipRepeat(FollowingPerformance p, int frames) {
        List<TruthNote> notes = p.notes();
        for (Repeat r : repeats(notes)) {
            if (r.secondPassEnd() >= notes.size()) {
                continue;
            }
            int from = notes.get(r.firstEndingStart()).frame();
            int to = notes.get(r.secondPassEnd()).frame();
            if (from > 0 && from < to && to < frames) {
                return Optional.of(new EditedPerformance(SKIP_REPEAT, List.of(p),
                        List.of(new Segment(0, 0, from), new Segment(0, to, frames))));
            }
        }
        return Optional.empty();
    }

    /** {@link #repeatTwice(FollowingPerformance, int)} with the frame count from the file header. */
    public static Optional<EditedPerformance> repeatTwice(FollowingPerformance p) {
        return repeatTwice(p, p.frameCount());
    }

    /**
     * Plays the repeated section of the first {@linkplain #repeats repeat} once more: at the end of the
     * first pass the audio goes back to the first pass's start, plays that pass again (with its first
     * ending, which leads back musically) and then goes on with the recorded second pass and the rest.
     * Without voltas this is a copy of the second pass inserted. Segments {@code [0, secondPassStart)},
     * {@code [firstPassStart, secondPassStart)}, {@code [secondPassStart, frames)} (as onset frames); one
     * edit, where the copy starts.
     *
     * @param frames the rendering's spectrogram length
     * @return empty if the performance has no repeat
     */
    public static Optional<EditedPerformance> repeatTwice(FollowingPerformance p, int frames) {
        List<TruthNote> notes = p.notes();
        for (Repeat r : repeats(notes)) {
            if (r.firstPassStart() < 0) {
                continue;
            }
            int from = notes.get(r.firstPassStart()).frame();
            int to = notes.get(r.secondPassStart()).frame();
            if (from < to && to < frames) {
                return Optional.of(new EditedPerformance(REPEAT_TWICE, List.of(p),
                        List.of(new Segment(0, 0, to), new Segment(0, from, to), new Segment(0, to, frames))));
            }
        }
        return Optional.empty();
    }

    /** {@link #restart(FollowingPerformance, int, int, double)}: 8 bars back at half way, frames from the header. */
    public static Optional<EditedPerformance> restart(FollowingPerformance p) {
        return restart(p, p.frameCount(), 8, 0.5);
    }

    /**
     * At the first bar start at or after {@code atFraction} of the rendering, jumps back to the start of
     * the bar {@code bars} bars earlier in played order and plays on from there to the end. One edit.
     *
     * @param frames the rendering's spectrogram length
     * @param bars how many bars back, ≥ 1
     * @param atFraction where, as a fraction of the duration ({@code frames / 20}), in (0, 1)
     * @return empty if there are not enough bars before that point
     */
    public static Optional<EditedPerformance> restart(FollowingPerformance p, int frames, int bars, double atFraction) {
        if (bars < 1) {
            throw new IllegalArgumentException("bars must be >= 1, got " + bars);
        }
        checkFraction(atFraction, "atFraction");
        int[] starts = barStarts(p.notes());
        int k = firstBarStartAtOrAfter(p.notes(), starts, atFraction * frames / FPS);
        if (k < bars) {
            return Optional.empty();
        }
        int cut = p.notes().get(starts[k]).frame();
        int back = p.notes().get(starts[k - bars]).frame();
        if (back >= cut || cut >= frames) {
            return Optional.empty();
        }
        return Optional.of(new EditedPerformance(RESTART, List.of(p),
                List.of(new Segment(0, 0, cut), new Segment(0, back, frames))));
    }

    /** {@link #stopAndResume(FollowingPerformance, int, double, double)}: 5 s at half way, frames from the header. */
    public static Optional<EditedPerformance> stopAndResume(FollowingPerformance p) {
        return stopAndResume(p, p.frameCount(), 0.5, 5);
    }

    /**
     * Stops at the first bar start at or after {@code atFraction} of the rendering, stays silent for
     * {@code silenceSeconds} (rounded to frames) and resumes at that bar. One edit, at the resumption.
     *
     * @param frames the rendering's spectrogram length
     * @param atFraction where, as a fraction of the duration, in (0, 1)
     * @param silenceSeconds the pause, &gt; 0
     * @return empty if no bar starts after that point
     */
    public static Optional<EditedPerformance> stopAndResume(FollowingPerformance p, int frames, double atFraction,
            double silenceSeconds) {
        checkFraction(atFraction, "atFraction");
        if (!(silenceSeconds > 0) || Double.isInfinite(silenceSeconds)) {
            throw new IllegalArgumentException("silenceSeconds must be positive, got " + silenceSeconds);
        }
        int[] starts = barStarts(p.notes());
        int k = firstBarStartAtOrAfter(p.notes(), starts, atFraction * frames / FPS);
        if (k < 0) {
            return Optional.empty();
        }
        int cut = p.notes().get(starts[k]).frame();
        if (cut <= 0 || cut >= frames) {
            return Optional.empty();
        }
        return Optional.of(new EditedPerformance(STOP_AND_RESUME, List.of(p), List.of(new Segment(0, 0, cut),
                Segment.silence((int) Math.round(silenceSeconds * FPS)), new Segment(0, cut, frames))));
    }

    /**
     * {@link #jumpToOtherPiece(FollowingPerformance, int, FollowingPerformance, int, double, double)}: after
     * 30 s into {@code other} from 30 %, frame counts from the headers.
     */
    public static Optional<EditedPerformance> jumpToOtherPiece(FollowingPerformance p, FollowingPerformance other) {
        return jumpToOtherPiece(p, p.frameCount(), other, other.frameCount(), 30, 0.3);
    }

    /**
     * Plays {@code p} up to its first bar start at or after {@code atSeconds}, then {@code other} from
     * its first bar start at or after {@code otherFromFraction} of its duration to its end (sources
     * {@code [p, other]}). One edit.
     *
     * @param frames {@code p}'s spectrogram length
     * @param otherFrames {@code other}'s spectrogram length
     * @param atSeconds where to leave {@code p}, seconds, &gt; 0
     * @param otherFromFraction where to enter {@code other}, fraction of its duration, in [0, 1)
     * @return empty if {@code p} has no bar start after {@code atSeconds} or {@code other} none after the fraction
     */
    public static Optional<EditedPerformance> jumpToOtherPiece(FollowingPerformance p, int frames,
            FollowingPerformance other, int otherFrames, double atSeconds, double otherFromFraction) {
        if (!(atSeconds > 0)) {
            throw new IllegalArgumentException("atSeconds must be positive, got " + atSeconds);
        }
        if (!(otherFromFraction >= 0 && otherFromFraction < 1)) {
            throw new IllegalArgumentException("otherFromFraction must be in [0, 1), got " + otherFromFraction);
        }
        int[] starts = barStarts(p.notes());
        int k = firstBarStartAtOrAfter(p.notes(), starts, atSeconds);
        int[] otherStarts = barStarts(other.notes());
        int o = firstBarStartAtOrAfter(other.notes(), otherStarts, otherFromFraction * otherFrames / FPS);
        if (k < 0 || o < 0) {
            return Optional.empty();
        }
        int cut = p.notes().get(starts[k]).frame();
        int enter = other.notes().get(otherStarts[o]).frame();
        if (cut <= 0 || cut >= frames || enter >= otherFrames) {
            return Optional.empty();
        }
        return Optional.of(new EditedPerformance(JUMP_TO_OTHER_PIECE, List.of(p, other),
                List.of(new Segment(0, 0, cut), new Segment(1, enter, otherFrames))));
    }

    /**
     * Every change with its default parameters that the piece allows, in the order skip-repeat,
     * repeat-twice, restart, stop-and-resume, jump-to-other-piece (the last only when {@code other} is
     * not null). Reads the spectrogram headers.
     */
    public static List<EditedPerformance> all(FollowingPerformance p, FollowingPerformance other) {
        List<EditedPerformance> out = new ArrayList<>();
        skipRepeat(p).ifPresent(out::add);
        repeatTwice(p).ifPresent(out::add);
        restart(p).ifPresent(out::add);
        stopAndResume(p).ifPresent(out::add);
        if (other != null) {
            jumpToOtherPiece(p, other).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The first note of every bar in played order (indices into {@code notes}, ascending): note 0, and
     * every note whose measure index differs from the current bar's and equals the next note's (or the
     * one after, when the next note belongs to neither bar; or it is the last note), and whose onset frame
     * is later than the previous bar start's.
     */
    public static int[] barStarts(List<TruthNote> notes) {
        int n = notes.size();
        if (n == 0) {
            return new int[0];
        }
        int[] out = new int[n];
        int count = 0;
        out[count++] = 0;
        int current = notes.get(0).measureIndex();
        int lastFrame = notes.get(0).frame();
        for (int k = 1; k < n; k++) {
            int m = notes.get(k).measureIndex();
            if (m != current && confirmsBar(notes, k, current) && notes.get(k).frame() > lastFrame) {
                out[count++] = k;
                current = m;
                lastFrame = notes.get(k).frame();
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** Note {@code k + 1} is in note {@code k}'s measure, or belongs to neither bar and note {@code k + 2} is. */
    private static boolean confirmsBar(List<TruthNote> notes, int k, int current) {
        int n = notes.size();
        int m = notes.get(k).measureIndex();
        if (k + 1 == n || notes.get(k + 1).measureIndex() == m) {
            return true;
        }
        return notes.get(k + 1).measureIndex() != current && (k + 2 == n || notes.get(k + 2).measureIndex() == m);
    }

    /** The repeats in played order (see the class comment), in order; a second pass is not searched again. */
    public static List<Repeat> repeats(List<TruthNote> notes) {
        int n = notes.size();
        List<Repeat> out = new ArrayList<>();
        int furthest = Integer.MIN_VALUE;
        int i = 0;
        while (i < n) {
            int m = notes.get(i).measureIndex();
            if (i > 0 && m <= furthest - MIN_DROP_MEASURES && sustainedBelow(notes, i, furthest)) {
                int end = passEnd(notes, i, furthest);
                out.add(new Repeat(firstPassStart(notes, i, m), firstEndingStart(notes, i, end, furthest), i, end,
                        furthest, m));
                i = end;
                continue;
            }
            furthest = Math.max(furthest, m);
            i++;
        }
        return out;
    }

    /** The start of the last run of notes in {@code measure} before {@code secondPassStart}, or −1. */
    private static int firstPassStart(List<TruthNote> notes, int secondPassStart, int measure) {
        int k = secondPassStart - 1;
        while (k >= 0 && notes.get(k).measureIndex() != measure) {
            k--;
        }
        if (k < 0) {
            return -1;
        }
        while (k > 0 && notes.get(k - 1).measureIndex() == measure) {
            k--;
        }
        return k;
    }

    /**
     * Where the first pass's first ending starts: the first of the notes just before the second pass
     * whose measures lie beyond every measure played at least twice in the second pass (one stray note of
     * another measure is passed over). Only when the pass is followed by more music and the first ending
     * spans at most {@value #MAX_FIRST_ENDING_MEASURES} measures; otherwise {@code secondPassStart}.
     */
    private static int firstEndingStart(List<TruthNote> notes, int secondPassStart, int secondPassEnd, int furthest) {
        if (secondPassEnd >= notes.size()) {
            return secondPassStart;
        }
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int k = secondPassStart; k < secondPassEnd; k++) {
            counts.merge(notes.get(k).measureIndex(), 1, Integer::sum);
        }
        int secondPassLast = counts.entrySet().stream().filter(e -> e.getValue() >= 2).mapToInt(e -> e.getKey())
                .max().orElse(Integer.MAX_VALUE);
        if (secondPassLast >= furthest || furthest - secondPassLast > MAX_FIRST_ENDING_MEASURES) {
            return secondPassStart;
        }
        int start = secondPassStart;
        for (int k = secondPassStart - 1; k >= 0; k--) {
            if (notes.get(k).measureIndex() > secondPassLast) {
                start = k;
            } else if (k == 0 || notes.get(k - 1).measureIndex() <= secondPassLast) {
                break;
            }
        }
        return start;
    }

    /** The next notes from {@code i} all stay below {@code furthest}, their median at least the drop below. */
    private static boolean sustainedBelow(List<TruthNote> notes, int i, int furthest) {
        int end = Math.min(notes.size(), i + SUSTAIN_NOTES);
        int[] window = new int[end - i];
        for (int k = i; k < end; k++) {
            window[k - i] = notes.get(k).measureIndex();
            if (window[k - i] >= furthest) {
                return false;
            }
        }
        Arrays.sort(window);
        return window[(window.length - 1) / 2] <= furthest - MIN_DROP_MEASURES;
    }

    /** The first note after {@code start} beyond {@code furthest} where the music stays there; or the size. */
    private static int passEnd(List<TruthNote> notes, int start, int furthest) {
        int n = notes.size();
        for (int j = start + 1; j < n; j++) {
            if (notes.get(j).measureIndex() > furthest) {
                int end = Math.min(n, j + SUSTAIN_NOTES);
                int staying = 0;
                for (int k = j; k < end; k++) {
                    if (notes.get(k).measureIndex() >= furthest) {
                        staying++;
                    }
                }
                if (2 * staying >= end - j) {
                    return j;
                }
            }
        }
        return n;
    }

    /** The first index into {@code starts} whose note is at or after {@code seconds}, or −1. */
    private static int firstBarStartAtOrAfter(List<TruthNote> notes, int[] starts, double seconds) {
        for (int k = 0; k < starts.length; k++) {
            if (notes.get(starts[k]).timeSeconds() >= seconds) {
                return k;
            }
        }
        return -1;
    }

    private static void checkFraction(double fraction, String name) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + fraction);
        }
    }
}
