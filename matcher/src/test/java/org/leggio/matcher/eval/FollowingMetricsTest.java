package org.leggio.matcher.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowingMetricsTest {
    @Test
    void perfectFollowerHasNoError() {
        List<TruthEvent> truth = Tracks.constantTempo(60, 40);
        FollowingMetrics.Result r = FollowingMetrics.evaluate(truth, Tracks.reports(60, 40, t -> 2 * t));
        assertThat(r.beatErrors()).hasSize(119).containsOnly(0.0);
        assertThat(r.timeErrorsMs()).containsOnly(0.0);
        assertThat(r.summary().shareWithinMs()).containsOnly(1.0);
        assertThat(r.summary().medianMs()).isZero();
        assertThat(r.summary().medianLeadMs()).isZero();
        assertThat(r.tracked()).isTrue();
        assertThat(r.worstWindowMedianBeats()).isZero();
        // pages change at beats 40, 80 and 120 (t = 20, 40 and 60 s); reports from 1.0 s to 60 s
        assertThat(r.pages()).isEqualTo(new FollowingMetrics.PageStats(591, 591, 3, 0, 0, 0));
        assertThat(r.pages().accuracy()).isEqualTo(1.0);
    }

    @Test
    void followerHalfASecondLateAtTwoBeatsPerSecondIsOneBeatOff() {
        List<TruthEvent> truth = Tracks.constantTempo(60, 40);
        FollowingMetrics.Result r = FollowingMetrics.evaluate(truth,
                Tracks.reports(60, 40, t -> t < 0.5 ? Double.NaN : 2 * (t - 0.5)));
        assertThat(r.beatErrors()).containsOnly(1.0);
        assertThat(r.timeErrorsMs()).containsOnly(500.0);
        assertThat(r.summary().shareWithinMs()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(r.summary().shareWithin(300)).isZero();
        assertThat(r.summary().shareWithin(500)).isEqualTo(1.0);
        assertThat(r.summary().medianMs()).isEqualTo(500.0);
        assertThat(r.summary().medianBeats()).isEqualTo(1.0);
        assertThat(r.summary().medianLeadMs()).as("late reports lag: a negative lead").isEqualTo(-500.0);
        assertThat(r.leadsMs()).containsOnly(-500.0);
        assertThat(r.tracked()).as("a median of exactly 1 beat does not exceed 1").isTrue();
        // page turns 0.5 s late: the reports at 20.0-20.4 s and 40.0-40.4 s still show the previous page,
        // and the last one (60 s, beat 119) page 2 where the truth has reached page 3 (beat 120)
        assertThat(r.pages().reportsScored()).isEqualTo(591);
        assertThat(r.pages().reportsOnTruePage()).isEqualTo(591 - 11);
        assertThat(r.pages().turns()).isEqualTo(2);
        assertThat(r.pages().wrongTurns()).isZero();
    }

    @Test
    void trackingInNotatedBeatsCountsTheTimeSignaturesBeat() {
        List<TruthEvent> truth = Tracks.constantTempo(60, 40);
        // 1.5 quarter notes late throughout: lost in quarters, but only 0.75 of a 2/2 half-note beat,
        // and 3 beats of a 6/8 eighth
        java.util.function.DoubleFunction<Double> late = t -> t < 0.75 ? Double.NaN : 2 * (t - 0.75);
        FollowingMetrics.Result halves = FollowingMetrics.evaluate(truth, Tracks.reports(60, 40, late), q -> q / 2);
        assertThat(halves.tracked()).isFalse();
        assertThat(halves.worstWindowMedianBeats()).isEqualTo(1.5);
        assertThat(halves.trackedNotated()).isTrue();
        assertThat(halves.worstWindowMedianNotatedBeats()).isEqualTo(0.75);
        FollowingMetrics.Result eighths = FollowingMetrics.evaluate(truth, Tracks.reports(60, 40, late), q -> q * 2);
        assertThat(eighths.trackedNotated()).isFalse();
        assertThat(eighths.worstWindowMedianNotatedBeats()).isEqualTo(3.0);
        FollowingMetrics.Pooled pooled = FollowingMetrics.pool(List.of(halves, eighths));
        assertThat(pooled.trackingRate()).isZero();
        assertThat(pooled.trackingRateNotated()).isEqualTo(0.5);
        // the quarter-note figures do not depend on the mapping
        assertThat(eighths.beatErrors()).containsExactly(halves.beatErrors());
    }

    @Test
    void followerLostForFortySecondsIsNotTracked() {
        List<TruthEvent> truth = Tracks.constantTempo(100, 40);
        FollowingMetrics.Result r = FollowingMetrics.evaluate(truth,
                Tracks.reports(100, 40, t -> t >= 30 && t < 70 ? Double.NaN : 2 * t));
        assertThat(r.tracked()).isFalse();
        assertThat(r.worstWindowMedianBeats()).isInfinite();
        // events at 30.0 ... 69.5 s are lost: 80 of 199
        assertThat(r.summary().events()).isEqualTo(199);
        assertThat(r.summary().shareWithin(2000)).isCloseTo(119 / 199.0, within(1e-12));
        assertThat(r.summary().medianMs()).isZero();

        // lost for 10 s only: every 30-s window keeps a median of 0
        FollowingMetrics.Result brief = FollowingMetrics.evaluate(truth,
                Tracks.reports(100, 40, t -> t >= 30 && t < 40 ? Double.NaN : 2 * t));
        assertThat(brief.tracked()).isTrue();

        FollowingMetrics.Pooled pooled = FollowingMetrics.pool(List.of(r, brief));
        assertThat(pooled.performances()).isEqualTo(2);
        assertThat(pooled.trackingRate()).isEqualTo(0.5);
        assertThat(pooled.trackedOnly().events()).isEqualTo(199);
        assertThat(pooled.trackedOnly().shareWithin(50)).isCloseTo(179 / 199.0, within(1e-12));
        assertThat(pooled.allPerformances().events()).isEqualTo(398);
        assertThat(pooled.allPerformances().shareWithin(50)).isCloseTo((119 + 179) / 398.0, within(1e-12));
    }

    @Test
    void countsWrongAndBackwardTurns() {
        List<TruthEvent> truth = Tracks.constantTempo(60, 40);
        List<Report> reports = reportsWithAnEarlyTurn();
        FollowingMetrics.PageStats pages = FollowingMetrics.evaluate(truth, reports).pages();
        assertThat(pages.turns()).isEqualTo(5); // at 20, 25, 25.9 (back), 40 and 60 s
        assertThat(pages.wrongTurns()).as("the early turn and its taking back").isEqualTo(2);
        assertThat(pages.backwardTurns()).isEqualTo(1);
        assertThat(pages.wrongBackwardTurns()).as("taking the early turn back").isEqualTo(1);
        assertThat(pages.reportsOnTruePage()).isEqualTo(591 - 10);
    }

    /** Perfect reports of 60 s at 2 beats a second, but showing page 2 from 25.0 to 25.9 s (true page 1), then back. */
    private static List<Report> reportsWithAnEarlyTurn() {
        List<Report> reports = new ArrayList<>();
        for (Report r : Tracks.reports(60, 40, t -> 2 * t)) {
            boolean glitch = r.timeSeconds() >= 25 && r.timeSeconds() < 25.95;
            reports.add(glitch ? new Report(r.timeSeconds(), true, r.scoreBeat(), 2) : r);
        }
        return reports;
    }

    @Test
    void listsEachTurnAsItIsCounted() {
        List<TruthEvent> truth = Tracks.constantTempo(60, 40);
        List<Report> reports = reportsWithAnEarlyTurn();
        List<FollowingMetrics.TurnCheck> turns = FollowingMetrics.pageTurns(truth, reports);
        assertThat(turns).extracting(FollowingMetrics.TurnCheck::toPage).containsExactly(1, 2, 1, 2, 3);
        assertThat(turns).extracting(FollowingMetrics.TurnCheck::wrong).containsExactly(false, true, true, false, false);
        FollowingMetrics.TurnCheck back = turns.get(2);
        assertThat(back.backward()).isTrue();
        assertThat(back.fromPage()).isEqualTo(2);
        assertThat(back.truePage()).isEqualTo(1);
        assertThat(back.reportedBeat()).isCloseTo(2 * back.timeSeconds(), within(1e-9));
        assertThat(back.trueBeat()).isCloseTo(back.reportedBeat(), within(1.0));
        FollowingMetrics.PageStats pages = FollowingMetrics.evaluate(truth, reports).pages();
        assertThat(turns).hasSize(pages.turns());
        assertThat(turns.stream().filter(FollowingMetrics.TurnCheck::wrong)).hasSize(pages.wrongTurns());
    }

    @Test
    void followingARepeatBackIsARightTurn() {
        // 0-20 s on pages 0 then 1 (beats 0-40), then the repeat: back to beat 0 (page 0) at 20 s
        List<TruthEvent> truth = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            double t = i / 2.0;
            double beat = (i < 40 ? t : t - 20) * 2;
            truth.add(new TruthEvent(t, beat, beat >= 20 ? 1 : 0));
        }
        List<Report> reports = Tracks.reports(39.5, 20, t -> (t < 20 ? t : t - 20) * 2);
        FollowingMetrics.Result r = FollowingMetrics.evaluate(truth, reports);
        assertThat(r.pages().turns()).isEqualTo(3);
        assertThat(r.pages().backwardTurns()).isEqualTo(1);
        assertThat(r.pages().wrongBackwardTurns()).as("the repeat goes back").isZero();
        assertThat(r.pages().wrongTurns()).isZero();
        assertThat(r.beatErrors()).containsOnly(0.0);
        // each beat is played twice, 20 s apart: T maps it to the mean time, 10 s from either
        assertThat(r.timeErrorsMs()).containsOnly(10_000.0);
    }

    @Test
    void beatTimeMapInterpolatesAveragesAndExtrapolates() {
        BeatTimeMap map = BeatTimeMap.of(List.of(new TruthEvent(1.0, 0, 0), new TruthEvent(2.0, 2, 0),
                new TruthEvent(2.2, 2, 0), new TruthEvent(4.1, 4, 0)));
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.timeAt(2)).isCloseTo(2.1, within(1e-12));
        assertThat(map.timeAt(1)).isCloseTo(1.55, within(1e-12));
        assertThat(map.timeAt(-2)).isCloseTo(1.0 - 1.1, within(1e-12));
        assertThat(map.timeAt(6)).isCloseTo(4.1 + 2.0, within(1e-12));
    }

    @Test
    void noEventsNoTracking() {
        FollowingMetrics.Result r = FollowingMetrics.evaluate(List.of(), List.of(new Report(0, true, 1, 0)));
        assertThat(r.tracked()).isFalse();
        assertThat(r.summary().medianMs()).isNaN();
    }
}
