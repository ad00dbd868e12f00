package org.leggio.matcher.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Truth events sorted by time (stably) and the reports, with the look-ups the metrics share. */
final class Timeline {
    final List<TruthEvent> byTime;
    final double[] eventTimes;
    final List<Report> reports;
    final double[] reportTimes;
    /** Times of the events whose page is below the page of the event before them (in time order). */
    final double[] pageDecreaseTimes;

    Timeline(List<TruthEvent> truth, List<Report> reports) {
        List<TruthEvent> sorted = new ArrayList<>(truth);
        sorted.sort(Comparator.comparingDouble(TruthEvent::timeSeconds));
        this.byTime = List.copyOf(sorted);
        this.eventTimes = sorted.stream().mapToDouble(TruthEvent::timeSeconds).toArray();
        this.reports = List.copyOf(reports);
        this.reportTimes = reports.stream().mapToDouble(Report::timeSeconds).toArray();
        for (int i = 1; i < reportTimes.length; i++) {
            if (!(reportTimes[i] >= reportTimes[i - 1])) {
                throw new IllegalArgumentException("reports must be in ascending time order: " + reportTimes[i - 1]
                        + " s then " + reportTimes[i] + " s (report " + i + ")");
            }
        }
        List<Double> decreases = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).page() < sorted.get(i - 1).page()) {
                decreases.add(sorted.get(i).timeSeconds());
            }
        }
        this.pageDecreaseTimes = decreases.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Index of the last value ≤ t in ascending {@code values}, or −1. */
    static int lastAtOrBefore(double[] values, double t) {
        int lo = 0;
        int hi = values.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The latest report at or before {@code t}, or null. */
    Report reportAt(double t) {
        int i = lastAtOrBefore(reportTimes, t);
        return i < 0 ? null : reports.get(i);
    }

    /** |reported − true| beats for an event, infinite when the latest report has no position (or there is none). */
    double beatError(TruthEvent e) {
        Report r = reportAt(e.timeSeconds());
        return r == null || !r.hasPosition() ? Double.POSITIVE_INFINITY : Math.abs(r.scoreBeat() - e.scoreBeat());
    }

    /** The page of the latest event at or before {@code t}; before the first event, the first event's page. */
    int truePageAt(double t) {
        int i = lastAtOrBefore(eventTimes, t);
        return byTime.get(Math.max(0, i)).page();
    }

    /** Whether the true page went down at some time in {@code [from, to]}. */
    boolean pageDecreasedIn(double from, double to) {
        int i = lastAtOrBefore(pageDecreaseTimes, to);
        return i >= 0 && pageDecreaseTimes[i] >= from;
    }

    /** A change of the shown page between consecutive following reports. */
    record Turn(double timeSeconds, int fromPage, int toPage, boolean backward, boolean wrong) {}

    /** A forward turn this much before the players reach the page is right: a page-turner turns early. */
    static final double EARLY_TURN_SECONDS = 3;

    /**
     * The page turns: changes of the page between consecutive reports that have a position. A turn is
     * wrong when it lands on a page other than the true page at that time (a forward turn up to
     * {@link #EARLY_TURN_SECONDS} early excepted), or goes backwards while the true
     * page did not go back since the page being left was turned to (a repeat or jump followed back to the
     * true page is right; a correction of an early forward turn is wrong).
     */
    List<Turn> pageTurns() {
        List<Turn> turns = new ArrayList<>();
        if (byTime.isEmpty()) {
            return turns;
        }
        Integer shown = null;
        double shownSince = Double.NEGATIVE_INFINITY;
        for (Report r : reports) {
            if (!r.hasPosition()) {
                continue;
            }
            if (shown != null && r.page() != shown) {
                double t = r.timeSeconds();
                boolean backward = r.page() < shown;
                boolean early = !backward && truePageAt(t + EARLY_TURN_SECONDS) == r.page();
                boolean wrong = r.page() != truePageAt(t) && !early || (backward && !pageDecreasedIn(shownSince, t));
                turns.add(new Turn(t, shown, r.page(), backward, wrong));
                shownSince = t;
            }
            shown = r.page();
        }
        return turns;
    }
}
