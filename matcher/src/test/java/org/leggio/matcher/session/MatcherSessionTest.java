package org.leggio.matcher.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.proto.v1.ScoreIndex;

class MatcherSessionTest {
    private static final double EPS = 10;
    private static final FollowerConfig FOLLOWER = FollowerConfig.centred(84, 2).withLookbackSeconds(0);

    private static PieceLibrary library() {
        List<ScoreIndex> pieces = List.of(SyntheticScores.piece("a", 80, 1, -1, -1),
                SyntheticScores.piece("b", 80, 2, -1, -1), SyntheticScores.piece("c", 80, 3, -1, -1));
        return PieceLibrary.of(pieces);
    }

    @Test
    void identifiesThePieceAndWhereItIsPlayed() {
        PieceLibrary library = library();
        MatcherSession session = new MatcherSession(library, SessionConfig.defaults(FOLLOWER));
        ScoreTrack b = library.track(1);
        Random random = new Random(1);
        Verdict announced = null;
        double announcedAt = Double.NaN;
        MatcherSession.Output out = null;
        for (int step = 0; step < 150; step++) {
            double truth = 200 + 5.0 * step / EPS;
            out = session.step(SyntheticScores.noisy(SyntheticScores.at(b, truth), 0.6, random), step * 2L);
            if (out.identification() != null && announced == null) {
                announced = out.identification();
                announcedAt = step / EPS;
            }
        }
        assertThat(announced).isNotNull();
        assertThat(announced.best().pieceId()).isEqualTo("b");
        assertThat(announcedAt).isLessThanOrEqualTo(7.0);
        assertThat(session.pieceId()).isEqualTo("b");
        assertThat(out.position().state()).isEqualTo(SessionState.FOLLOWING);
        assertThat(out.position().trackPosition()).isCloseTo(200 + 5.0 * 149 / EPS, offset(2.0));
    }

    @Test
    void reseedsAfterAJumpBack() {
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER));
        ScoreTrack a = library.track(0);
        Random random = new Random(2);
        double reacquired = Double.NaN;
        for (int step = 0; step < 500; step++) {
            double t = step / EPS;
            // plays from the start; at 30 s restarts 100 positions back (a restart some bars earlier)
            double truth = t < 30 ? 6 * t : 6 * t - 100;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(a, truth), 0.5, random),
                    step * 2L);
            double error = Math.abs(out.position().trackPosition() - truth);
            if (t < 30 && t > 3) {
                assertThat(error).isLessThan(3);
            }
            if (t >= 30 && Double.isNaN(reacquired) && error < 3) {
                reacquired = t - 30;
            }
        }
        assertThat(reacquired).isLessThanOrEqualTo(3.0);
    }

    @Test
    void staysIdleOnNoise() {
        MatcherSession session = new MatcherSession(library(), SessionConfig.defaults(FOLLOWER));
        // not 1..3: those seeds made the pieces' own vectors
        Random random = new Random(33);
        for (int step = 0; step < 200; step++) {
            MatcherSession.Output out = session.step(SyntheticScores.unit(random), step * 2L);
            assertThat(out.identification()).isNull();
            assertThat(out.position().state()).isIn(SessionState.IDLE, SessionState.IDENTIFYING);
            assertThat(out.position().place()).isNull();
        }
        assertThat(session.pieceId()).isEmpty();
    }

    @Test
    void turnsPagesForwardWhenConfident() {
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "c", SessionConfig.defaults(FOLLOWER));
        ScoreTrack c = library.track(2);
        Random random = new Random(4);
        int turns = 0;
        for (int step = 0; step < 450; step++) {
            double truth = 8.0 * step / EPS;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(c, truth), 0.4, random),
                    step * 2L);
            if (out.pageTurn() != null) {
                turns++;
                assertThat(out.pageTurn().toPage()).isEqualTo(out.pageTurn().fromPage() + 1);
                // a page is 1,600 px = 200 positions: the turn comes when the truth crosses it
                assertThat(truth).isCloseTo(200.0 * out.pageTurn().toPage(), offset(4.0));
            }
        }
        assertThat(turns).isEqualTo(1);
    }

    @Test
    void rejectsUnknownPieces() {
        assertThatThrownBy(() -> MatcherSession.following(library(), "zz", SessionConfig.defaults(FOLLOWER)))
                .hasMessageContaining("zz");
    }

    @Test
    void aRestoredStateContinuesExactlyAsTheOriginal() {
        PieceLibrary library = library();
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        MatcherSession original = new MatcherSession(library, config);
        ScoreTrack b = library.track(1);
        Random random = new Random(4);
        List<float[]> inputs = new java.util.ArrayList<>();
        for (int step = 0; step < 160; step++) {
            inputs.add(SyntheticScores.noisy(SyntheticScores.at(b, 100 + 0.5 * step), 0.6, random));
        }
        MatcherSession copy = null;
        for (int step = 0; step < inputs.size(); step++) {
            if (step == 37 || step == 110) {
                // once while identifying, once while following: hand over to a session made from bytes
                copy = MatcherSession.restore(library, config, original.saveState());
            }
            MatcherSession.Output expected = original.step(inputs.get(step), step * 2L);
            if (copy != null) {
                MatcherSession.Output actual = copy.step(inputs.get(step), step * 2L);
                assertThat(actual.position().state()).isEqualTo(expected.position().state());
                assertThat(actual.position().pieceId()).isEqualTo(expected.position().pieceId());
                assertThat(Double.compare(actual.position().trackPosition(), expected.position().trackPosition())).isZero();
                assertThat(actual.position().confidence()).isEqualTo(expected.position().confidence());
                assertThat(actual.identification() == null).isEqualTo(expected.identification() == null);
                assertThat(actual.pageTurn()).isEqualTo(expected.pageTurn());
            }
        }
        assertThat(original.pieceId()).isEqualTo("b");
        assertThat(copy.pieceId()).isEqualTo("b");
    }

    @Test
    void aStateSurvivesALibraryThatGainedAPiece() {
        PieceLibrary library = library();
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        MatcherSession session = MatcherSession.following(library, "c", config);
        ScoreTrack c = library.track(2);
        Random random = new Random(5);
        for (int step = 0; step < 60; step++) {
            session.step(SyntheticScores.noisy(SyntheticScores.at(c, 0.5 * step), 0.5, random), step * 2L);
        }
        double before = session.lastPosition().trackPosition();
        // the new piece sorts first, so every ordinal moves: the state must name pieces by id
        PieceLibrary bigger = PieceLibrary.of(List.of(SyntheticScores.piece("0-new", 80, 9, -1, -1),
                SyntheticScores.piece("a", 80, 1, -1, -1), SyntheticScores.piece("b", 80, 2, -1, -1),
                SyntheticScores.piece("c", 80, 3, -1, -1)));
        MatcherSession restored = MatcherSession.restore(bigger, config, session.saveState());
        assertThat(restored.pieceId()).isEqualTo("c");
        assertThat(restored.lastPosition().trackPosition()).isEqualTo(before);
        MatcherSession.Output next = restored.step(SyntheticScores.at(c, 30), 120L);
        assertThat(next.position().pieceId()).isEqualTo("c");
        assertThat(next.position().trackPosition()).isCloseTo(30, offset(3.0));
    }

    @Test
    void corruptStateIsRefusedWithAClearError() {
        PieceLibrary library = library();
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        byte[] saved = MatcherSession.following(library, "a", config).saveState();
        assertThatThrownBy(() -> MatcherSession.restore(library, config, java.util.Arrays.copyOf(saved, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session state");
        assertThatThrownBy(() -> MatcherSession.restore(library, config, new byte[] {0, 0, 0, 7}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 7");
    }

    @Test
    void resyncToAPrintedPlaceLandsOnThatPlace() {
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER));
        ScoreTrack a = library.track(0);
        ScoreTrack.Place target = a.locate(150.25);
        session.resync("a", target.pageIndex(), target.systemIndex(), target.pageXPx());
        MatcherSession.Output out = session.step(SyntheticScores.at(a, 150.25), 2L);
        assertThat(out.position().trackPosition()).isCloseTo(150.25, offset(1.5));
        assertThatThrownBy(() -> session.resync("a", 99, 0, 10f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page 99");
    }
}
