package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A performance's own score-beat → time map: piecewise-linear interpolation through its truth events,
 * sorted by beat; events with equal beats (chords, or a beat played twice) count once at their mean
 * time; beats outside the range extrapolate with the nearest segment's slope. With a single distinct
 * beat the map is constant. Meaningful for performances whose beats grow with time (edited
 * performances that jump back blur it). Immutable, thread-safe.
 */
public final class BeatTimeMap {
    private final double[] beats;
    private final double[] times;

    private BeatTimeMap(double[] beats, double[] times) {
        this.beats = beats;
        this.times = times;
    }

    /** The map through {@code events} (any order). */
    public static BeatTimeMap of(List<TruthEvent> events) {
        List<TruthEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingDouble(TruthEvent::scoreBeat));
        double[] b = new double[sorted.size()];
        double[] t = new double[sorted.size()];
        int n = 0;
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            double sum = 0;
            while (j < sorted.size() && sorted.get(j).scoreBeat() == sorted.get(i).scoreBeat()) {
                sum += sorted.get(j).timeSeconds();
                j++;
            }
            b[n] = sorted.get(i).scoreBeat();
            t[n] = sum / (j - i);
            n++;
            i = j;
        }
        return new BeatTimeMap(java.util.Arrays.copyOf(b, n), java.util.Arrays.copyOf(t, n));
    }

    /** Distinct beats in the map. */
    public int size() {
        return beats.length;
    }

    /** The time, seconds, at which the performance plays {@code beat}; {@code NaN} for an empty map or beat. */
    public double timeAt(double beat) {
        int n = beats.length;
        if (n == 0 || Double.isNaN(beat)) {
            return Double.NaN;
        }
        if (n == 1) {
            return times[0];
        }
        int i = java.util.Arrays.binarySearch(beats, beat);
        if (i >= 0) {
            return times[i];
        }
        int insertion = -i - 1; // first index with beats[index] > beat
        int a = Math.max(0, Math.min(n - 2, insertion - 1));
        return times[a] + (beat - beats[a]) * (times[a + 1] - times[a]) / (beats[a + 1] - beats[a]);
    }
}
