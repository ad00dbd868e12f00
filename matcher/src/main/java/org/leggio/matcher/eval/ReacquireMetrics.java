package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How quickly a follower finds its place again after an edit of the performance (a skipped or added
 * repeat, a restart, a pause, a jump to another piece).
 *
 * <p>For an edit at time e, consider the truth events from e up to the next edit (or the end), in time
 * order, each scored like {@link FollowingMetrics} does: the latest report at or before the event, beat
 * error |reported − true| (infinite when not following). The follower has re-acquired at the first such
 * event from which on every event is within {@code toleranceBeats} until an event at least {@code
 * holdSeconds} later (also within); the re-acquisition time is that first event's time − e. If no such
 * run completes before the next edit (or the end), it never re-acquired: infinite time. So a follower
 * that is right on the edit's first onset scores the time from the edit to that onset (usually 0).
 *
 * <p>Wrong page turns are those of {@link FollowingMetrics} (same definition) at report times in {@code
 * [e, e + re-acquisition time]}, or up to the next edit or the end when it never re-acquired.
 * Stateless, thread-safe.
 */
public final class ReacquireMetrics {
    /** Default tolerance, beats, and hold time, seconds. */
    public static final double DEFAULT_TOLERANCE_BEATS = 1;
    public static final double DEFAULT_HOLD_SECONDS = 2;

    private ReacquireMetrics() {}

    /**
     * The outcome for one edit.
     *
     * @param editTimeSeconds when the edit happens, seconds
     * @param seconds from the edit to re-acquisition; {@link Double#POSITIVE_INFINITY} if never
     * @param turns page turns in the interval (see the class comment)
     * @param wrongTurns wrong page turns in the interval
     */
    public record Reacquisition(double editTimeSeconds, double seconds, int turns, int wrongTurns) {
        /** Whether the follower re-acquired before the next edit or the end. */
        public boolean reacquired() {
            return Double.isFinite(seconds);
        }
    }

    /** {@link #evaluate(List, List, double[], double, double)} with 1 beat and 2 s. */
    public static List<Reacquisition> evaluate(List<TruthEvent> truth, List<Report> reports, double[] editTimes) {
        return evaluate(truth, reports, editTimes, DEFAULT_TOLERANCE_BEATS, DEFAULT_HOLD_SECONDS);
    }

    /**
     * One outcome per edit, in the order given.
     *
     * @param truth truth events of the edited performance, on its timeline
     * @param reports the follower's reports in ascending time
     * @param editTimes edit times, seconds, ascending
     * @param toleranceBeats largest beat error that counts as on track, ≥ 0
     * @param holdSeconds how long it must stay on track, ≥ 0
     * @throws IllegalArgumentException if the edit times or reports are not ascending, or a parameter is negative
     */
    public static List<Reacquisition> evaluate(List<TruthEvent> truth, List<Report> reports, double[] editTimes,
            double toleranceBeats, double holdSeconds) {
        if (!(toleranceBeats >= 0) || !(holdSeconds >= 0)) {
            throw new IllegalArgumentException("tolerance and hold must be >= 0, got " + toleranceBeats + ", "
                    + holdSeconds);
        }
        for (int i = 1; i < editTimes.length; i++) {
            if (!(editTimes[i] >= editTimes[i - 1])) {
                throw new IllegalArgumentException("edit times must be ascending: " + editTimes[i - 1] + " then "
                        + editTimes[i]);
            }
        }
        Timeline timeline = new Timeline(truth, reports);
        List<Timeline.Turn> turns = timeline.pageTurns();
        List<Reacquisition> out = new ArrayList<>();
        for (int k = 0; k < editTimes.length; k++) {
            double edit = editTimes[k];
            double next = k + 1 < editTimes.length ? editTimes[k + 1] : Double.POSITIVE_INFINITY;
            double seconds = Double.POSITIVE_INFINITY;
            double runStart = Double.NaN;
            for (int i = Math.max(0, Timeline.lastAtOrBefore(timeline.eventTimes, Math.nextDown(edit)) + 1);
                    i < timeline.eventTimes.length && timeline.eventTimes[i] < next; i++) {
                TruthEvent e = timeline.byTime.get(i);
                if (timeline.beatError(e) <= toleranceBeats) {
                    if (Double.isNaN(runStart)) {
                        runStart = e.timeSeconds();
                    }
                    if (e.timeSeconds() - runStart >= holdSeconds) {
                        seconds = runStart - edit;
                        break;
                    }
                } else {
                    runStart = Double.NaN;
                }
            }
            boolean reacquired = Double.isFinite(seconds);
            double until = reacquired ? edit + seconds : next;
            int turnCount = 0;
            int wrong = 0;
            for (Timeline.Turn t : turns) {
                double at = t.timeSeconds();
                if (at >= edit && (reacquired ? at <= until : at < until)) {
                    turnCount++;
                    wrong += t.wrong() ? 1 : 0;
                }
            }
            out.add(new Reacquisition(edit, seconds, turnCount, wrong));
        }
        return out;
    }
}
