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
}
