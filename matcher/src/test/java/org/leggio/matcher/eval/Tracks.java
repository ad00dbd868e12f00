package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/** Constructed truths and tracks. */
final class Tracks {
    private Tracks() {}

    /** Events every 0.5 s from 1.0 s to {@code endSeconds}, beat = 2 · t, page = floor(beat / beatsPerPage). */
    static List<TruthEvent> constantTempo(double endSeconds, int beatsPerPage) {
        List<TruthEvent> out = new ArrayList<>();
        for (int i = 2; i / 2.0 <= endSeconds; i++) {
            double t = i / 2.0;
            out.add(new TruthEvent(t, 2 * t, (int) Math.floor(2 * t / beatsPerPage)));
        }
        return out;
    }

    /** Reports every 0.1 s from 0 to {@code endSeconds}; {@code beat} gives the beat (NaN = not following). */
    static List<Report> reports(double endSeconds, int beatsPerPage, DoubleFunction<Double> beat) {
        List<Report> out = new ArrayList<>();
        for (int k = 0; k / 10.0 <= endSeconds; k++) {
            double t = k / 10.0;
            double b = beat.apply(t);
            boolean following = !Double.isNaN(b);
            out.add(new Report(t, following, b, following ? (int) Math.floor(b / beatsPerPage) : 0));
        }
        return out;
    }
}
