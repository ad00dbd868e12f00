package org.leggio.matcher.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineDtwFollowerTest {
    private static final double EPS = 10.0;

    private static FollowerConfig config(double lookback) {
        return FollowerConfig.centred(84, 2).withLookbackSeconds(lookback);
    }

    /** True matched position at time t for a tempo that speeds up from 5 to 9 positions per second. */
    private static double truth(double t) {
        return 5 * t + 0.1 * t * t;
    }

    @Test
    void followsAKnownTempoCurve() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 1, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(0));
        Random random = new Random(2);
        List<Double> errors = new ArrayList<>();
        for (int step = 0; truth(step / EPS) < track.length() - 2; step++) {
            double t = step / EPS;
            FollowerPosition p = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, truth(t)), 0.5, random),
                    step * 2L);
            if (t > 2) {
                errors.add(Math.abs(p.matchedPosition() - truth(t)));
                assertThat(p.state()).isEqualTo(FollowState.FOLLOWING);
            }
        }
        errors.sort(Double::compare);
        assertThat(errors.get(errors.size() / 2)).isLessThan(0.5);
        assertThat(errors.get(errors.size() * 95 / 100)).isLessThan(1.5);
    }

    @Test
    void compensatesTheLookBackWithTheTempo() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 3, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(2.1));
        Random random = new Random(4);
        FollowerPosition last = null;
        for (int step = 0; step < 150; step++) {
            last = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, 6.0 * step / EPS), 0.3, random), step * 2L);
        }
        // constant 6 positions/s: now = matched + 6 × 2.1
        assertThat(last.tempoPositionsPerSecond()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(last.trackPosition() - last.matchedPosition()).isCloseTo(12.6, org.assertj.core.data.Offset.offset(1.2));
        assertThat(last.matchedPosition()).isCloseTo(6.0 * 149 / EPS, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void itsTempoIsThePlayersOnlyAfterTwoSecondsOfMatches() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 3, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(2.1));
        Random random = new Random(4);
        int firstKnown = -1;
        for (int step = 0; step < 60; step++) {
            FollowerPosition p = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, 6.0 * step / EPS), 0.3,
                    random), step * 2L);
            if (p.tempoKnown() && firstKnown < 0) {
                firstKnown = step;
            }
            assertThat(p.tempoKnown()).as("step %d", step).isEqualTo(firstKnown >= 0);
        }
        // 20 matches once the path moves (it stands for its first steps): 2 s at 10 embeddings a second, and more
        assertThat(firstKnown).isBetween(19, 30);
    }

    @Test
    void aResyncWithATempoMovesItsFirstPositionsOnByTheLookBack() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 3, -1, -1));
        double positionsPerSecond = 6.0;
        for (boolean withTempo : new boolean[] {true, false}) {
            OnlineDtwFollower follower = new OnlineDtwFollower(track, config(2.1));
            Random random = new Random(4);
            double start = 100;
            double tempo = track.hasBars()
                    ? positionsPerSecond * (track.scoreBeats(start + 10) - track.scoreBeats(start)) / 10
                    : positionsPerSecond;
            if (withTempo) {
                follower.resync(start, tempo);
            } else {
                follower.resync(start);
            }
            FollowerPosition first = null;
            for (int step = 0; step < 3; step++) {
                first = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, start + positionsPerSecond * step
                        / EPS), 0.3, random), step * 2L);
            }
            double ahead = first.trackPosition() - first.matchedPosition();
            assertThat(first.tempoKnown()).as("a tempo kept across the re-sync is the players'").isEqualTo(withTempo);
            if (withTempo) {
                assertThat(ahead).as("moved on by 2.1 s at 6 positions/s").isCloseTo(12.6,
                        org.assertj.core.data.Offset.offset(2.5));
                assertThat(first.tempoPositionsPerSecond()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1.0));
            } else {
                assertThat(ahead).as("no tempo yet, no look-back moved").isLessThan(1);
            }
        }
    }

    @Test
    void holdsItsPositionThroughAPauseAndGoesLostOnNoise() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 5, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(0));
        Random random = new Random(6);
        long frame = 0;
        for (int step = 0; step < 50; step++) {
            follower.step(SyntheticScores.noisy(SyntheticScores.at(track, 5.0 * step / EPS), 0.3, random), frame += 2);
        }
        FollowerPosition during = null;
        double heldAfterThreeSeconds = Double.NaN;
        for (int step = 0; step < 60; step++) {
            // unrelated noise: matches nothing in particular
            during = follower.step(SyntheticScores.unit(random), frame += 2);
            if (step == 30) {
                assertThat(during.confidence()).isLessThan(0.4f);
                heldAfterThreeSeconds = during.trackPosition();
            }
        }
        assertThat(during.state()).isEqualTo(FollowState.LOST);
        assertThat(during.confidence()).isLessThan(0.4f);
        // once unsure, it invents no movement
        assertThat(during.trackPosition()).isEqualTo(heldAfterThreeSeconds);
        assertThat(heldAfterThreeSeconds).isLessThan(25 + 4 * 30);
    }

    @Test
    void movesOnWithThePlayersThroughMusicThatLooksTheSameAllAlong() {
        // positions 200-259 all look alike (a long held chord, a repeated figure): the players cross them at
        // 6 positions/s, and nothing in the audio says where in them they are
        ScoreTrack track = ScoreTrack.of(withPlateau(SyntheticScores.piece("p", 60, 9, -1, -1), 200, 260));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(0));
        Random random = new Random(10);
        double worst = 0;
        for (int step = 0; step < 550; step++) {
            double truth = 6.0 * step / EPS;
            FollowerPosition p = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.3, random),
                    step * 2L);
            if (step > 30) {
                worst = Math.max(worst, Math.abs(p.matchedPosition() - truth));
            }
        }
        // the path moves on with the players (whole positions per step, so at 1 per step where the tempo
        // says 0.6: up to ~23 ahead at the plateau's end); a path that may stand still for free stays at the
        // plateau's start and leaps 60 positions at its end (a worst error of 59)
        assertThat(worst).isLessThan(30);
    }

    /** The same piece with the following-grid embeddings of {@code [from, to)} all equal to that of {@code from}. */
    private static org.leggio.proto.v1.ScoreIndex withPlateau(org.leggio.proto.v1.ScoreIndex index, int from, int to) {
        var grid = index.getFollowGrid().toBuilder();
        int dim = grid.getEmbeddingDim();
        for (int i = from + 1; i < to; i++) {
            for (int d = 0; d < dim; d++) {
                grid.setEmbeddings(i * dim + d, grid.getEmbeddings(from * dim + d));
            }
        }
        return index.toBuilder().setFollowGrid(grid).setIdentifyGrid(grid).build();
    }

    @Test
    void resyncMovesTheFollowerToTheGivenPosition() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 7, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(0));
        Random random = new Random(8);
        for (int step = 0; step < 30; step++) {
            follower.step(SyntheticScores.noisy(SyntheticScores.at(track, 5.0 * step / EPS), 0.3, random), step * 2L);
        }
        follower.resync(400);
        FollowerPosition p = null;
        for (int step = 0; step < 30; step++) {
            p = follower.step(SyntheticScores.noisy(SyntheticScores.at(track, 400 + 5.0 * step / EPS), 0.3, random),
                    100 + step * 2L);
        }
        assertThat(p.matchedPosition()).isCloseTo(400 + 5.0 * 29 / EPS, org.assertj.core.data.Offset.offset(1.5));
        assertThat(p.state()).isEqualTo(FollowState.FOLLOWING);
    }

    @Test
    void savedStateContinuesExactlyLikeTheOriginal() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 40, 9, -1, -1));
        OnlineDtwFollower original = new OnlineDtwFollower(track, config(2.1));
        Random random = new Random(10);
        for (int step = 0; step < 40; step++) {
            original.step(SyntheticScores.noisy(SyntheticScores.at(track, 5.0 * step / EPS), 0.4, random), step * 2L);
        }
        OnlineDtwFollower restored = new OnlineDtwFollower(track, config(2.1));
        restored.restoreState(original.saveState());
        for (int step = 40; step < 80; step++) {
            float[] e = SyntheticScores.noisy(SyntheticScores.at(track, 5.0 * step / EPS), 0.4, random);
            assertThat(restored.step(e, step * 2L)).isEqualTo(original.step(e, step * 2L));
        }
        assertThat(original.saveState().length).isLessThan(8 * 1024);
    }

    @Test
    void rejectsForeignStateAndWrongEmbeddings() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 20, 11, -1, -1));
        OnlineDtwFollower follower = new OnlineDtwFollower(track, config(0));
        assertThatThrownBy(() -> follower.restoreState(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt follower state");
        assertThatThrownBy(() -> follower.step(new float[5], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 values");
    }
}
