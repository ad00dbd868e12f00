package org.leggio.matcher.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReacquireMetricsTest {
    /** Beat 2t until 20 s, then a restart 16 beats back: 8 + 2 (t − 20). Pages of 20 beats. */
    private static List<TruthEvent> restartTruth() {
        List<TruthEvent> truth = new ArrayList<>();
        for (int i = 2; i <= 80; i++) {
            double t = i / 2.0;
            double beat = t < 20 ? 2 * t : 8 + 2 * (t - 20);
            truth.add(new TruthEvent(t, beat, (int) Math.floor(beat / 20)));
        }
        return truth;
    }

    @Test
    void reacquiresThreeSecondsAfterTheJump() {
        // the follower goes on at the old place until 23 s, then has the new place
        List<Report> reports = Tracks.reports(40, 20, t -> t < 23 ? 2 * t : 8 + 2 * (t - 20));
        List<ReacquireMetrics.Reacquisition> r = ReacquireMetrics.evaluate(restartTruth(), reports, new double[] {20});
        assertThat(r).hasSize(1);
        assertThat(r.get(0).editTimeSeconds()).isEqualTo(20);
        assertThat(r.get(0).seconds()).isEqualTo(3.0);
        assertThat(r.get(0).reacquired()).isTrue();
        // turns 1 -> 2 at 20 s (true page 0: wrong) and 2 -> 0 at 23 s (back, as the truth went: right)
        assertThat(r.get(0).turns()).isEqualTo(2);
        assertThat(r.get(0).wrongTurns()).isEqualTo(1);
    }

    @Test
    void aPerfectFollowerReacquiresAtOnceAndALostOneNever() {
        List<TruthEvent> truth = restartTruth();
        List<Report> perfect = Tracks.reports(40, 20, t -> t < 20 ? 2 * t : 8 + 2 * (t - 20));
        // the event at 20.0 s is judged by the report at 20.0 s, which already has the new place
        assertThat(ReacquireMetrics.evaluate(truth, perfect, new double[] {20}).get(0).seconds()).isZero();

        List<Report> stubborn = Tracks.reports(40, 20, t -> 2 * t);
        ReacquireMetrics.Reacquisition never = ReacquireMetrics.evaluate(truth, stubborn, new double[] {20}).get(0);
        assertThat(never.reacquired()).isFalse();
        assertThat(never.seconds()).isInfinite();
        assertThat(never.turns()).isEqualTo(3); // to pages 2, 3 and 4 at 20, 30 and 40 s: up to the end
        assertThat(never.wrongTurns()).isEqualTo(3);
    }

    @Test
    void holdMustBeKeptAndTheSearchStopsAtTheNextEdit() {
        List<TruthEvent> truth = restartTruth();
        // right from 21 s, wrong 22.0-22.4 s, right again from 22.5 s
        List<Report> reports = Tracks.reports(40, 20,
                t -> t < 21 || (t >= 22 && t < 22.5) ? 2 * t : 8 + 2 * (t - 20));
        assertThat(ReacquireMetrics.evaluate(truth, reports, new double[] {20}).get(0).seconds()).isEqualTo(2.5);
        assertThat(ReacquireMetrics.evaluate(truth, reports, new double[] {20}, 1, 0.5).get(0).seconds()).isEqualTo(1.0);
        List<ReacquireMetrics.Reacquisition> two = ReacquireMetrics.evaluate(truth, reports, new double[] {20, 23});
        assertThat(two.get(0).reacquired()).isFalse();
        assertThat(two.get(1).seconds()).isZero();
    }
}
