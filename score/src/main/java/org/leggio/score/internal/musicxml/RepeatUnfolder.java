package org.leggio.score.internal.musicxml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.leggio.score.ScoreException;

/**
 * Turns the written order of measures into the performed order by following repeats, voltas and
 * D.C./D.S. jumps, the way a player reads them.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li><b>Repeats.</b> A {@code :|} sends the player back to the most recent {@code |:}; without
 *       one, to the measure after the previous completed repeat (or volta group), else to the start
 *       of the section. The section is played {@code times} times in all (default 2).</li>
 *   <li><b>Voltas.</b> On the n-th pass through a repeated section, a volta is played only if its
 *       numbers contain n, else skipped to the measure after it. A {@code :|} inside a volta group
 *       without {@code times} repeats until the group's highest number is reached (1, 2 | 3 plays
 *       three passes). Leaving the group ends the repeated section.</li>
 *   <li><b>Jumps.</b> D.C. ({@code dacapo}) jumps to the start of the section, D.S. ({@code
 *       dalsegno}) to the segno of the same name (nearest before it, within the section; a D.S.
 *       with no segno is ignored). Each jump is taken once, after the measure's own repeat is
 *       finished. After a jump no repeats are taken and only the last volta of each group is
 *       played (the usual convention); Fine ends the section and To Coda jumps to the next coda of
 *       the same name. Before a jump, Fine and To Coda mean nothing.</li>
 *   <li><b>Sections.</b> Where measure numbers fall back (a new movement or verse in one file;
 *       unless it starts a volta), a new section starts: jumps and repeats do not cross it, and
 *       Fine ends only its section.</li>
 * </ul>
 *
 * <p>Passes count how often each measure has been played so far, so they agree with the {@code -k}
 * suffix of (n)ASAP note alignments: measures of a repeated section get pass 2 on the repeat, a
 * first-ending measure stays at pass 1.
 */
public final class RepeatUnfolder {

    private RepeatUnfolder() {}

    /** A volta: written measures {@code start..end} (inclusive), the passes it is played on. */
    private static final class Volta {
        final int start;
        int end;
        final List<Integer> numbers;
        int group;
        boolean lastInGroup;
        int groupMax;

        Volta(int start, List<Integer> numbers) {
            this.start = start;
            this.end = start;
            this.numbers = numbers;
        }
    }

    /**
     * The measures in performance order.
     *
     * @param measures all measures of a score in written order ({@link MusicXmlScore#measures()})
     * @return one entry per measure played, in playing order, with its pass number
     * @throws ScoreException if the markings would never end (more than 64 plays per measure)
     */
    public static List<PlayedMeasure> unfold(List<MusicXmlMeasure> measures) {
        int m = measures.size();
        List<RepeatMarks> marks = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            if (measures.get(i).index() != i) {
                throw new IllegalArgumentException("measure " + i + " has index " + measures.get(i).index());
            }
            marks.add(measures.get(i).repeatMarks());
        }
        return new Run(marks, sectionStarts(measures)).play();
    }

    /**
     * Where sections start: measure 0, and every measure whose number is lower than the one before
     * it, unless that measure starts a volta (some editions number a second ending like the first).
     * MuseScore numbers this way at section breaks (restarting at 1, or at a chosen offset); a score
     * whose numbers fall back has several pieces or verses in one file, each to be read on its own.
     */
    static boolean[] sectionStarts(List<MusicXmlMeasure> measures) {
        boolean[] starts = new boolean[measures.size()];
        if (starts.length > 0) {
            starts[0] = true;
        }
        for (int i = 1; i < starts.length; i++) {
            int prev = leadingInt(measures.get(i - 1).number());
            int cur = leadingInt(measures.get(i).number());
            starts[i] = prev >= 0 && cur >= 0 && cur < prev && !measures.get(i).repeatMarks().endingStart();
        }
        return starts;
    }

    private static int leadingInt(String s) {
        int n = 0;
        int i = 0;
        while (i < s.length() && i < 9 && Character.isDigit(s.charAt(i))) {
            n = n * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == 0 ? -1 : n;
    }

    /** The state of one reading of the score. */
    private static final class Run {
        private final List<RepeatMarks> marks;
        private final boolean[] sectionStart;
        private final int m;
        private final Volta[] voltaStartingAt;
        private final Volta[] voltaContaining;

        Run(List<RepeatMarks> marks, boolean[] sectionStart) {
            this.marks = marks;
            this.sectionStart = sectionStart;
            this.m = marks.size();
            this.voltaStartingAt = new Volta[m];
            this.voltaContaining = new Volta[m];
            findVoltas();
        }

        /** Volta spans from start/stop marks; an unclosed volta ends where the next starts or the section ends. */
        private void findVoltas() {
            List<Volta> voltas = new ArrayList<>();
            Volta open = null;
            for (int i = 0; i < m; i++) {
                RepeatMarks r = marks.get(i);
                if (open != null && (sectionStart[i] || r.endingStart())) {
                    open.end = i - 1;
                    open = null;
                }
                if (r.endingStart()) {
                    open = new Volta(i, r.endingStartNumbers());
                    voltas.add(open);
                }
                if (r.endingStop() && open != null) {
                    open.end = i;
                    open = null;
                }
            }
            if (open != null) {
                open.end = m - 1;
            }
            int group = -1;
            for (int k = 0; k < voltas.size(); k++) {
                Volta v = voltas.get(k);
                boolean continues = k > 0 && voltas.get(k - 1).end + 1 == v.start && !sectionStart[v.start];
                if (!continues) {
                    group++;
                }
                v.group = group;
                voltaStartingAt[v.start] = v;
                for (int i = v.start; i <= v.end; i++) {
                    voltaContaining[i] = v;
                }
            }
            for (int k = 0; k < voltas.size(); k++) {
                Volta v = voltas.get(k);
                v.lastInGroup = k + 1 == voltas.size() || voltas.get(k + 1).group != v.group;
                int max = 0;
                for (Volta w : voltas) {
                    if (w.group == v.group) {
                        max = Math.max(max, Collections.max(w.numbers));
                    }
                }
                v.groupMax = max;
            }
        }

        /** Whether {@code i} is past the end of the volta group of {@code v} (not another volta of it). */
        private boolean leavesGroup(Volta v, int i) {
            return i >= m || voltaStartingAt[i] == null || voltaStartingAt[i].group != v.group;
        }

        private int sectionEndFrom(int pos) {
            int i = pos + 1;
            while (i < m && !sectionStart[i]) {
                i++;
            }
            return i;
        }

        private int sectionStartOf(int pos) {
            int i = pos;
            while (i > 0 && !sectionStart[i]) {
                i--;
            }
            return i;
        }

        /** How many times the section closed by the {@code :|} at {@code pos} is played. */
        private int times(int pos) {
            RepeatMarks r = marks.get(pos);
            if (r.backwardRepeatTimes() > 0) {
                return r.backwardRepeatTimes();
            }
            Volta v = voltaContaining[pos];
            return v == null ? 2 : Math.max(2, v.groupMax);
        }

        List<PlayedMeasure> play() {
            List<PlayedMeasure> out = new ArrayList<>();
            int[] played = new int[m];
            long limit = 64L * m + 1024;
            Set<Integer> usedJumps = new HashSet<>();

            int sectionStart = 0;
            int sectionEnd = sectionEndFrom(0);
            int repeatStart = 0;   // where the next :| sends the player
            int iteration = 1;     // pass through the current repeated section (selects voltas)
            boolean jumped = false; // after D.C./D.S. in this section: no repeats, last voltas, Fine/To Coda active
            boolean cameBack = false; // arrived by a :| jump (so a |: here is not a new section)
            int pos = 0;
            while (pos < m) {
                if (pos >= sectionEnd || pos < sectionStart) {
                    sectionStart = sectionStartOf(pos);
                    sectionEnd = sectionEndFrom(pos);
                    repeatStart = sectionStart;
                    iteration = 1;
                    jumped = false;
                }
                Volta v = voltaStartingAt[pos];
                if (v != null) {
                    boolean take = jumped ? v.lastInGroup : v.numbers.contains(iteration);
                    if (!take) {
                        int next = v.end + 1;
                        if (leavesGroup(v, next)) {
                            // No volta of this group is left for this pass: the repeated section is over.
                            iteration = 1;
                            repeatStart = next;
                        }
                        pos = next;
                        cameBack = false;
                        continue;
                    }
                }
                RepeatMarks r = marks.get(pos);
                if (r.forwardRepeat() && !cameBack && !jumped) {
                    repeatStart = pos;
                    iteration = 1;
                }
                out.add(new PlayedMeasure(pos, ++played[pos]));
                if (out.size() > limit) {
                    throw new ScoreException("repeat structure does not terminate (more than " + limit
                            + " measures played; last at measure index " + pos + ")");
                }

                int next = pos + 1;
                cameBack = false;
                if (r.backwardRepeat() && !jumped) {
                    if (iteration < times(pos)) {
                        iteration++;
                        next = repeatStart;
                        cameBack = true;
                    } else if (voltaContaining[pos] == null) {
                        iteration = 1;
                        repeatStart = pos + 1;
                    }
                }
                if (cameBack) {
                    pos = next;
                    continue;
                }
                Volta in = voltaContaining[pos];
                if (in != null && in.end == pos && leavesGroup(in, pos + 1)) {
                    iteration = 1;
                    repeatStart = pos + 1;
                }
                if (jumped && r.fine()) {
                    next = sectionEnd;
                } else if (jumped && r.toCoda() != null && !usedJumps.contains(pos)) {
                    int target = codaAfter(pos, r.toCoda(), sectionEnd);
                    if (target >= 0) {
                        usedJumps.add(pos);
                        next = target;
                    }
                } else if ((r.daCapo() || r.dalSegno() != null) && !usedJumps.contains(pos)) {
                    int target = r.daCapo() ? sectionStart : segnoFor(pos, r.dalSegno(), sectionStart, sectionEnd);
                    if (target >= 0) {
                        usedJumps.add(pos);
                        jumped = true;
                        iteration = 1;
                        repeatStart = target;
                        next = target;
                    }
                }
                pos = next;
            }
            return List.copyOf(out);
        }

        /** The segno of this name nearest before (or at) {@code pos} in the section, else the first after; -1 if none. */
        private int segnoFor(int pos, String name, int sectionStart, int sectionEnd) {
            for (int i = pos; i >= sectionStart; i--) {
                if (matches(marks.get(i).segnoNames(), name)) {
                    return i;
                }
            }
            for (int i = pos + 1; i < sectionEnd; i++) {
                if (matches(marks.get(i).segnoNames(), name)) {
                    return i;
                }
            }
            return -1;
        }

        /** The first coda target of this name after {@code pos} in the section; -1 if none. */
        private int codaAfter(int pos, String name, int sectionEnd) {
            for (int i = pos + 1; i < sectionEnd; i++) {
                if (matches(marks.get(i).codaNames(), name)) {
                    return i;
                }
            }
            return -1;
        }

        /** A sign matches a jump with the same name; an unnamed sign or jump matches any. */
        private static boolean matches(Set<String> names, String name) {
            if (names.isEmpty()) {
                return false;
            }
            return name.isEmpty() || names.contains(name) || names.contains("");
        }
    }
}
