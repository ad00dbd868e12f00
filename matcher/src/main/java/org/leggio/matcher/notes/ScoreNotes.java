package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * The pitched notes of a piece in performance order (repeats unfolded), sorted by onset. Immutable and
 * thread-safe; the arrays are never exposed.
 */
public final class ScoreNotes {
    private final double[] onsetBeats;
    private final double[] durationBeats;
    private final int[] midiPitch;
    private final boolean[] struck;

    private ScoreNotes(double[] onsetBeats, double[] durationBeats, int[] midiPitch, boolean[] struck) {
        this.onsetBeats = onsetBeats;
        this.durationBeats = durationBeats;
        this.midiPitch = midiPitch;
        this.struck = struck;
    }

    /** Collects notes in any order; {@link #build()} sorts them by onset. Not thread-safe. */
    public static final class Builder {
        private double[] onsets = new double[64];
        private double[] durations = new double[64];
        private int[] pitches = new int[64];
        private boolean[] strucks = new boolean[64];
        private int size;

        /**
         * Adds one note.
         *
         * @param onsetBeats onset in quarter notes from the start of the unfolded score, finite and ≥ 0
         * @param durationBeats notated duration in quarter notes, ≥ 0 (0 for a grace note)
         * @param midiPitch MIDI key number, 0–127
         * @param struck false for a note tied from the previous one (no new onset)
         * @throws IllegalArgumentException naming the bad value
         */
        public Builder add(double onsetBeats, double durationBeats, int midiPitch, boolean struck) {
            if (!(onsetBeats >= 0) || Double.isInfinite(onsetBeats)) {
                throw new IllegalArgumentException("note onset must be finite and ≥ 0 quarter notes, got " + onsetBeats);
            }
            if (!(durationBeats >= 0) || Double.isInfinite(durationBeats)) {
                throw new IllegalArgumentException("note duration must be finite and ≥ 0 quarter notes, got " + durationBeats);
            }
            if (midiPitch < 0 || midiPitch > 127) {
                throw new IllegalArgumentException("MIDI pitch must be 0–127, got " + midiPitch);
            }
            if (size == onsets.length) {
                int grown = size * 2;
                onsets = Arrays.copyOf(onsets, grown);
                durations = Arrays.copyOf(durations, grown);
                pitches = Arrays.copyOf(pitches, grown);
                strucks = Arrays.copyOf(strucks, grown);
            }
            onsets[size] = onsetBeats;
            durations[size] = durationBeats;
            pitches[size] = midiPitch;
            strucks[size] = struck;
            size++;
            return this;
        }

        public ScoreNotes build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(onsets[a], onsets[b]));
            double[] o = new double[size];
            double[] d = new double[size];
            int[] p = new int[size];
            boolean[] s = new boolean[size];
            for (int i = 0; i < size; i++) {
                o[i] = onsets[order[i]];
                d[i] = durations[order[i]];
                p[i] = pitches[order[i]];
                s[i] = strucks[order[i]];
            }
            return new ScoreNotes(o, d, p, s);
        }
    }

    /**
     * The notes a score index holds ({@code ScoreIndex.notes}); empty when it holds none.
     *
     * @throws IllegalArgumentException if its lists differ in length or hold a bad value
     */
    public static ScoreNotes of(org.leggio.proto.v1.PlayedNotes played) {
        int n = played.getOnsetBeatsCount();
        if (played.getDurationBeatsCount() != n || played.getMidiPitchCount() != n || played.getStruckCount() != n) {
            throw new IllegalArgumentException("played notes: " + n + " onsets but " + played.getDurationBeatsCount()
                    + " durations, " + played.getMidiPitchCount() + " pitches, " + played.getStruckCount()
                    + " struck flags");
        }
        Builder builder = builder();
        for (int i = 0; i < n; i++) {
            builder.add(played.getOnsetBeats(i), played.getDurationBeats(i), played.getMidiPitch(i),
                    played.getStruck(i));
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of notes. */
    public int size() {
        return onsetBeats.length;
    }

    public boolean isEmpty() {
        return onsetBeats.length == 0;
    }

    /** Onset of note {@code i} (in onset order), quarter notes. */
    public double onsetBeats(int i) {
        return onsetBeats[i];
    }

    public double durationBeats(int i) {
        return durationBeats[i];
    }

    public int midiPitch(int i) {
        return midiPitch[i];
    }

    /** False when note {@code i} is tied from the previous one. */
    public boolean struck(int i) {
        return struck[i];
    }

    /** Index of the first note whose onset is ≥ {@code beats} ({@link #size()} when none). */
    public int firstAtOrAfter(double beats) {
        int lo = 0;
        int hi = onsetBeats.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (onsetBeats[mid] < beats) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Whether the notes struck in {@code [fromBeats, toBeats)} are struck again elsewhere in the score: every one
     * of them at the same pitch and the same onset relative to the others (within {@code toleranceBeats}), the
     * whole span moved to start at another onset. A written repeat, a da capo or a theme that returns note for
     * note recurs; a passage played once does not. A span with no struck note cannot tell: it recurs.
     */
    public boolean recursElsewhere(double fromBeats, double toBeats, double toleranceBeats) {
        double[] shifts = playingShifts(fromBeats, toBeats, toleranceBeats);
        for (double shift : shifts) {
            if (Math.abs(shift) > toleranceBeats) {
                return true;
            }
        }
        return shifts.length == 0;
    }

    /** How many notes are struck in {@code [fromBeats, toBeats)} (ties continued into it do not count). */
    public int struckBetween(double fromBeats, double toBeats) {
        int count = 0;
        for (int i = firstAtOrAfter(fromBeats); i < onsetBeats.length && onsetBeats[i] < toBeats; i++) {
            count += struck[i] ? 1 : 0;
        }
        return count;
    }

    /**
     * Of the places where the notes struck in {@code [fromBeats, toBeats)} are struck (this one and every
     * recurrence, as {@link #recursElsewhere} finds them), the shift that moves {@code toBeats} nearest to
     * {@code nearBeats}, quarter notes (0: this place; also when the span has no struck note).
     */
    public double nearestRecurrenceShift(double fromBeats, double toBeats, double nearBeats, double toleranceBeats) {
        double best = 0;
        for (double shift : playingShifts(fromBeats, toBeats, toleranceBeats)) {
            if (Math.abs(toBeats + shift - nearBeats) < Math.abs(toBeats + best - nearBeats)) {
                best = shift;
            }
        }
        return best;
    }

    /**
     * The shifts, quarter notes, that move the span's struck notes onto struck notes of the same pitches (0, the
     * span itself, among them); none when the span has no struck note. Allocates: for rare checks, not per frame.
     */
    private double[] playingShifts(double fromBeats, double toBeats, double toleranceBeats) {
        int first = firstStruckAtOrAfter(firstAtOrAfter(fromBeats));
        if (first >= onsetBeats.length || !(onsetBeats[first] < toBeats)) {
            return new double[0];
        }
        double[] shifts = new double[onsetBeats.length];
        int count = 0;
        for (int k = 0; k < onsetBeats.length; k++) {
            double shift = onsetBeats[k] - onsetBeats[first];
            if (struck[k] && midiPitch[k] == midiPitch[first] && spanStruckAt(first, toBeats, shift, toleranceBeats)) {
                shifts[count++] = shift;
            }
        }
        return Arrays.copyOf(shifts, count);
    }

    private int firstStruckAtOrAfter(int i) {
        while (i < onsetBeats.length && !struck[i]) {
            i++;
        }
        return i;
    }

    /** Whether every struck note from {@code first} up to {@code toBeats} is struck again {@code shiftBeats} on. */
    private boolean spanStruckAt(int first, double toBeats, double shiftBeats, double toleranceBeats) {
        for (int j = first; j < onsetBeats.length && onsetBeats[j] < toBeats; j++) {
            if (struck[j] && !struckNear(midiPitch[j], onsetBeats[j] + shiftBeats, toleranceBeats)) {
                return false;
            }
        }
        return true;
    }

    private boolean struckNear(int pitch, double beats, double toleranceBeats) {
        for (int i = firstAtOrAfter(beats - toleranceBeats); i < onsetBeats.length
                && onsetBeats[i] <= beats + toleranceBeats; i++) {
            if (struck[i] && midiPitch[i] == pitch) {
                return true;
            }
        }
        return false;
    }
}
