package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Score-following accuracy of one performance, in the manner of the matchmaker benchmark (audio
 * input): per ground-truth note onset, how far the follower's position is from the truth, in beats and
 * in milliseconds of the performance, plus whether the follower stayed on track, and page-display
 * statistics.
 *
 * <p><b>Per event.</b> For each truth event the follower's answer is the latest report at or before the
 * event's time. Beat error = |reported − true beat| (infinite if that report is not following, or there
 * is none). Time error = |T(reported beat) − event time| in ms, where T is the performance's own
 * {@link BeatTimeMap} (infinite when not following).
 *
 * <p><b>Tracked.</b> A performance is tracked when no 30-s window of event times (windows {@code [t0 +
 * k, t0 + k + 30)}, k = 0, 1, 2, … seconds, t0 the first event time, up to the first window reaching past
 * the last event; windows without events ignored) has a median beat error above 1 beat. Beats are quarter
 * notes; {@link #evaluate(List, List, DoubleUnaryOperator)} also judges tracking in <em>notated</em> beats
 * (the time signature's beat unit: a half note in 2/2, an eighth in 6/8), which is what the matchmaker
 * benchmark counts, since it maps score time to beats with partitura's {@code beat_map}.
 *
 * <p><b>Pages.</b> Page accuracy is the share of reports at or after the first truth event whose shown
 * page equals the true page (the page of the latest truth event at or before the report); reports come
 * at a fixed rate, so this is time-weighted. Page turns are changes of the shown page between
 * consecutive following reports; a turn is wrong when it lands on another page than the true one, or
 * goes backwards while the true page did not go back since the page being left was shown (so following a
 * repeat back is right, taking back an early turn is wrong). Backward turns are counted separately.
 *
 * <p>Shares count an error ≤ threshold as within (with 1e-9 ms of slack for rounding). Medians of an
 * even count are the mean of the middle two (infinite if one is). Stateless, thread-safe; the result
 * records hold arrays that callers must not modify.
 */
public final class FollowingMetrics {
    /** Time-error thresholds of the shares, ms. */
    public static final double[] THRESHOLDS_MS = {50, 100, 300, 500, 1000, 2000};
    /** Tracking window length and step, seconds, and the largest median beat error a window may have. */
    public static final double WINDOW_SECONDS = 30;
    public static final double WINDOW_STEP_SECONDS = 1;
    public static final double MAX_WINDOW_MEDIAN_BEATS = 1;
    private static final double SLACK_MS = 1e-9;

    private FollowingMetrics() {}

    /**
     * Error statistics over a set of events.
     *
     * @param events how many events
     * @param shareWithinMs per {@link #THRESHOLDS_MS} entry, the share of events with time error ≤ it
     * @param medianMs median time error, ms ({@code NaN} without events)
     * @param medianBeats median beat error ({@code NaN} without events)
     * @param medianLeadMs median signed time error, ms, over the events with a position: positive when the
     *     reports are ahead of the players, negative when they lag ({@code NaN} without such events)
     */
    public record Summary(int events, double[] shareWithinMs, double medianMs, double medianBeats,
            double medianLeadMs) {
        /** The share for one of {@link #THRESHOLDS_MS}. @throws IllegalArgumentException for another threshold */
        public double shareWithin(double thresholdMs) {
            for (int i = 0; i < THRESHOLDS_MS.length; i++) {
                if (THRESHOLDS_MS[i] == thresholdMs) {
                    return shareWithinMs[i];
                }
            }
            throw new IllegalArgumentException("no share for " + thresholdMs + " ms; thresholds: "
                    + Arrays.toString(THRESHOLDS_MS));
        }

        /** One line: events, shares and medians. */
        public String format() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d events", events));
            for (int i = 0; i < THRESHOLDS_MS.length; i++) {
                s.append(String.format(Locale.ROOT, ", <=%.0fms %.3f", THRESHOLDS_MS[i], shareWithinMs[i]));
            }
            return s.append(String.format(Locale.ROOT, ", median %.0f ms / %.2f beats, median lead %+.0f ms",
                    medianMs, medianBeats, medianLeadMs)).toString();
        }

        static Summary of(double[] beatErrors, double[] timeErrorsMs, double[] leadsMs) {
            double[] shares = new double[THRESHOLDS_MS.length];
            int n = timeErrorsMs.length;
            for (int i = 0; i < shares.length; i++) {
                int within = 0;
                for (double e : timeErrorsMs) {
                    if (e <= THRESHOLDS_MS[i] + SLACK_MS) {
                        within++;
                    }
                }
                shares[i] = n == 0 ? Double.NaN : within / (double) n;
            }
            return new Summary(n, shares, median(timeErrorsMs), median(beatErrors),
                    median(Arrays.stream(leadsMs).filter(Double::isFinite).toArray()));
        }
    }

    /**
     * Page display statistics.
     *
     * @param reportsScored reports at or after the first truth event
     * @param reportsOnTruePage of those, the ones showing the true page
     * @param turns page turns between following reports
     * @param wrongTurns turns that are wrong (see the class comment)
     * @param backwardTurns turns to an earlier page (right or wrong)
     * @param wrongBackwardTurns backward turns that are wrong: the players did not go back (what a page-turner
     *     must never do; a repeat back to an earlier page is a right backward turn)
     */
    public record PageStats(int reportsScored, int reportsOnTruePage, int turns, int wrongTurns, int backwardTurns,
            int wrongBackwardTurns) {
        /** Share of scored reports on the true page; {@code NaN} if none. */
        public double accuracy() {
            return reportsScored == 0 ? Double.NaN : reportsOnTruePage / (double) reportsScored;
        }

        PageStats plus(PageStats o) {
            return new PageStats(reportsScored + o.reportsScored, reportsOnTruePage + o.reportsOnTruePage,
                    turns + o.turns, wrongTurns + o.wrongTurns, backwardTurns + o.backwardTurns,
                    wrongBackwardTurns + o.wrongBackwardTurns);
        }
    }

    /**
     * The evaluation of one performance.
     *
     * @param beatErrors per truth event (in the given order), beats; infinite when not following
     * @param timeErrorsMs per truth event, ms; infinite when not following
     * @param leadsMs per truth event, the signed time error (reported − true), ms; NaN when not following
     * @param summary shares and medians over all events
     * @param tracked no 30-s window with a median beat error above 1 beat
     * @param worstWindowMedianBeats the largest window median beat error ({@code NaN} without events)
     * @param pages page display statistics
     * @param trackedNotated {@code tracked}, with beat errors in notated beats (the benchmark's beats)
     * @param worstWindowMedianNotatedBeats the largest window median error in notated beats
     */
    public record Result(double[] beatErrors, double[] timeErrorsMs, double[] leadsMs, Summary summary, boolean tracked,
            double worstWindowMedianBeats, PageStats pages, boolean trackedNotated,
            double worstWindowMedianNotatedBeats) {}

    /**
     * Several performances together.
     *
     * @param performances how many
     * @param trackedPerformances how many were tracked
     * @param allPerformances errors pooled over every event of every performance
     * @param trackedOnly errors pooled over the events of tracked performances only (matchmaker's main figure)
     * @param pages page statistics summed over all performances
     * @param trackedNotatedPerformances how many were tracked in notated beats
     */
    public record Pooled(int performances, int trackedPerformances, Summary allPerformances, Summary trackedOnly,
            PageStats pages, int trackedNotatedPerformances) {
        /** Share of performances tracked; {@code NaN} if none. */
        public double trackingRate() {
            return performances == 0 ? Double.NaN : trackedPerformances / (double) performances;
        }

        /** Share of performances tracked in notated beats (the matchmaker benchmark's rate); {@code NaN} if none. */
        public double trackingRateNotated() {
            return performances == 0 ? Double.NaN : trackedNotatedPerformances / (double) performances;
        }
    }

    /**
     * Evaluates one performance.
     *
     * @param truth the truth events in performance order (any order is accepted; windows and pages use
     *     time order)
     * @param reports the follower's reports in ascending time
     * @throws IllegalArgumentException if the reports are not in ascending time
     */
    public static Result evaluate(List<TruthEvent> truth, List<Report> reports) {
        return evaluate(truth, reports, DoubleUnaryOperator.identity());
    }

    /**
     * Evaluates one performance, also judging tracking in notated beats.
     *
     * @param toNotatedBeats maps a score position in quarter notes (the events' and reports' beats) to
     *     notated beats, non-decreasing (e.g. {@code ScoreTimeline::notatedBeats})
     * @throws IllegalArgumentException if the reports are not in ascending time
     */
    public static Result evaluate(List<TruthEvent> truth, List<Report> reports, DoubleUnaryOperator toNotatedBeats) {
        Timeline timeline = new Timeline(truth, reports);
        BeatTimeMap map = BeatTimeMap.of(truth);
        int n = truth.size();
        double[] beatErrors = new double[n];
        double[] timeErrors = new double[n];
        double[] leads = new double[n];
        double[] notatedErrors = new double[n];
        for (int i = 0; i < n; i++) {
            TruthEvent e = truth.get(i);
            Report r = timeline.reportAt(e.timeSeconds());
            if (r == null || !r.hasPosition()) {
                beatErrors[i] = Double.POSITIVE_INFINITY;
                notatedErrors[i] = Double.POSITIVE_INFINITY;
                timeErrors[i] = Double.POSITIVE_INFINITY;
                leads[i] = Double.NaN;
            } else {
                beatErrors[i] = Math.abs(r.scoreBeat() - e.scoreBeat());
                notatedErrors[i] = Math.abs(toNotatedBeats.applyAsDouble(r.scoreBeat())
                        - toNotatedBeats.applyAsDouble(e.scoreBeat()));
                leads[i] = (map.timeAt(r.scoreBeat()) - e.timeSeconds()) * 1000.0;
                timeErrors[i] = Math.abs(leads[i]);
            }
        }
        double worst = worstWindowMedian(timeline, truth, beatErrors);
        double worstNotated = worstWindowMedian(timeline, truth, notatedErrors);
        return new Result(beatErrors, timeErrors, leads, Summary.of(beatErrors, timeErrors, leads),
                n > 0 && !(worst > MAX_WINDOW_MEDIAN_BEATS), worst, pageStats(timeline),
                n > 0 && !(worstNotated > MAX_WINDOW_MEDIAN_BEATS), worstNotated);
    }

    /** Pools performances: events of all, events of the tracked ones, tracking rate, summed page statistics. */
    public static Pooled pool(List<Result> results) {
        List<Result> trackedResults = results.stream().filter(Result::tracked).toList();
        PageStats pages = new PageStats(0, 0, 0, 0, 0, 0);
        for (Result r : results) {
            pages = pages.plus(r.pages());
        }
        return new Pooled(results.size(), trackedResults.size(),
                Summary.of(concat(results, Result::beatErrors), concat(results, Result::timeErrorsMs),
                        concat(results, Result::leadsMs)),
                Summary.of(concat(trackedResults, Result::beatErrors), concat(trackedResults, Result::timeErrorsMs),
                        concat(trackedResults, Result::leadsMs)),
                pages, (int) results.stream().filter(Result::trackedNotated).count());
    }

    /** The largest median beat error over the sliding windows; NaN without events. */
    private static double worstWindowMedian(Timeline timeline, List<TruthEvent> truth, double[] beatErrors) {
        int n = truth.size();
        if (n == 0) {
            return Double.NaN;
        }
        // errors in time order (the timeline's order is a stable sort of the given order)
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(truth.get(a).timeSeconds(), truth.get(b).timeSeconds()));
        double[] times = timeline.eventTimes;
        double[] errors = new double[n];
        for (int i = 0; i < n; i++) {
            errors[i] = beatErrors[order[i]];
        }
        double first = times[0];
        double last = times[n - 1];
        double worst = Double.NEGATIVE_INFINITY;
        int lo = 0;
        int hi = 0;
        for (int k = 0; ; k++) {
            double start = first + k * WINDOW_STEP_SECONDS;
            double end = start + WINDOW_SECONDS;
            while (lo < n && times[lo] < start) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < n && times[hi] < end) {
                hi++;
            }
            if (hi > lo) {
                worst = Math.max(worst, median(Arrays.copyOfRange(errors, lo, hi)));
            }
            if (end > last) {
                break;
            }
        }
        return worst;
    }

    /**
     * One page turn of the shown page, judged as {@link PageStats} counts it.
     *
     * @param timeSeconds when the shown page changed (the report's time), seconds
     * @param fromPage the page shown before, 0-based
     * @param toPage the page shown after, 0-based
     * @param truePage the true page then, 0-based
     * @param reportedBeat the reported position then, quarter notes of the unfolded score
     * @param trueBeat the true position then (the latest truth event's), quarter notes; NaN before the first event
     * @param backward whether the turn goes to an earlier page
     * @param wrong whether it is wrong (see the class comment)
     */
    public record TurnCheck(double timeSeconds, int fromPage, int toPage, int truePage, double reportedBeat,
            double trueBeat, boolean backward, boolean wrong) {}

    /**
     * Every page turn of the reports, in time order, judged against the truth; the turns that {@link
     * Result#pages()} counts.
     */
    public static List<TurnCheck> pageTurns(List<TruthEvent> truth, List<Report> reports) {
        Timeline timeline = new Timeline(truth, reports);
        List<TurnCheck> out = new ArrayList<>();
        if (timeline.byTime.isEmpty()) {
            return out;
        }
        for (Timeline.Turn t : timeline.pageTurns()) {
            int i = Timeline.lastAtOrBefore(timeline.eventTimes, t.timeSeconds());
            double trueBeat = i < 0 ? Double.NaN : timeline.byTime.get(i).scoreBeat();
            Report r = timeline.reportAt(t.timeSeconds());
            out.add(new TurnCheck(t.timeSeconds(), t.fromPage(), t.toPage(), timeline.truePageAt(t.timeSeconds()),
                    r == null ? Double.NaN : r.scoreBeat(), trueBeat, t.backward(), t.wrong()));
        }
        return out;
    }

    private static PageStats pageStats(Timeline timeline) {
        if (timeline.byTime.isEmpty()) {
            return new PageStats(0, 0, 0, 0, 0, 0);
        }
        double first = timeline.eventTimes[0];
        int scored = 0;
        int onPage = 0;
        for (Report r : timeline.reports) {
            if (r.timeSeconds() >= first) {
                scored++;
                if (r.page() == timeline.truePageAt(r.timeSeconds())) {
                    onPage++;
                }
            }
        }
        int turns = 0;
        int wrong = 0;
        int backward = 0;
        int wrongBackward = 0;
        for (Timeline.Turn t : timeline.pageTurns()) {
            turns++;
            wrong += t.wrong() ? 1 : 0;
            backward += t.backward() ? 1 : 0;
            wrongBackward += t.backward() && t.wrong() ? 1 : 0;
        }
        return new PageStats(scored, onPage, turns, wrong, backward, wrongBackward);
    }

    /** Median (mean of the middle two for an even count); NaN for none. Infinite values sort last. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double[] concat(List<Result> results, java.util.function.Function<Result, double[]> part) {
        return results.stream().map(part).flatMapToDouble(Arrays::stream).toArray();
    }
}
