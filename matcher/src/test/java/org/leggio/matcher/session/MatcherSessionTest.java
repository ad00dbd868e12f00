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
import org.leggio.proto.v1.RepeatStructure;
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
    void aEvidenceIsAskedWhereFromAndWhereToAndCanRefuseTheJump() {
        List<double[]> asked = new java.util.ArrayList<>();
        double[] refused = restartEightBarsBack((piece, from, to, far) -> {
            asked.add(new double[] {from, to, far ? 1 : 0});
            return false;
        });
        // asked about the restart, in positions of now: from about where the players would have been, to
        // about where they are
        assertThat(asked).isNotEmpty();
        double[] first = asked.get(0);
        assertThat(first[1]).isLessThan(first[0] - 60);
        assertThat(first[2]).as("8 bars back (about 17 s of music) is not a far jump").isZero();
        int[] jumps = new int[1];
        double[] allowed = restartEightBarsBack(new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public void jumped() {
                jumps[0]++;
            }
        });
        assertThat(jumps[0]).as("told of the start and of the re-seed").isGreaterThanOrEqualTo(2);
        for (int step = 340; step < 500; step++) {
            double truth = 6 * step / EPS - 100;
            assertThat(Math.abs(allowed[step] - truth)).as("allowed, re-acquired at %d", step).isLessThan(3);
            assertThat(Math.abs(refused[step] - truth)).as("refused, still away at %d", step).isGreaterThan(3);
        }
    }

    /** Plays piece a, restarting 100 positions back at 30 s; the reported track positions, one per 0.1 s. */
    private static double[] restartEightBarsBack(Evidence check) {
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER), check);
        ScoreTrack a = library.track(0);
        Random random = new Random(2);
        double[] reported = new double[500];
        for (int step = 0; step < reported.length; step++) {
            double t = step / EPS;
            double truth = t < 30 ? 6 * t : 6 * t - 100;
            reported[step] = session.step(SyntheticScores.noisy(SyntheticScores.at(a, truth), 0.5, random),
                    step * 2L).position().trackPosition();
        }
        return reported;
    }

    /**
     * Plays a 200-bar piece at 6 positions/s from its start; from 20 s on, {@code from20} gives the true
     * position (null: the plain performance). Returns the reported track positions, one per 0.1 s.
     */
    private static double[] playLong(SessionConfig config, java.util.function.DoubleUnaryOperator from20) {
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("long", 200, 21, -1, -1)));
        MatcherSession session = MatcherSession.following(library, "long", config);
        ScoreTrack track = library.track(0);
        Random random = new Random(22);
        double[] reported = new double[450];
        for (int step = 0; step < reported.length; step++) {
            double t = step / EPS;
            double truth = t < 20 ? 6 * t : from20.applyAsDouble(t);
            reported[step] = session.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.5, random),
                    step * 2L).position().trackPosition();
        }
        return reported;
    }

    @Test
    void aBriefLookAlikeFarAwayDoesNotPullTheSessionThere() {
        // for 2.5 s the audio sounds like music 3 minutes further on (1,200 positions at 6/s), then goes on
        // where the players are: a returning theme that briefly matches a later place better than the right one
        java.util.function.DoubleUnaryOperator quote = t -> t < 22.5 ? 1200 + 6 * (t - 20) : 6 * t;
        double[] withRule = playLong(SessionConfig.defaults(FOLLOWER), quote);
        double[] withoutRule = playLong(SessionConfig.defaults(FOLLOWER).withFarJumps(1e9, 2), quote);
        double worstWith = 0;
        double worstWithout = 0;
        for (int step = 30; step < withRule.length; step++) {
            worstWith = Math.max(worstWith, Math.abs(withRule[step] - 6.0 * step / EPS));
            worstWithout = Math.max(worstWithout, Math.abs(withoutRule[step] - 6.0 * step / EPS));
        }
        // without the far-jump rule the session re-seeds into the look-alike (the trap is real)
        assertThat(worstWithout).isGreaterThan(500);
        assertThat(worstWith).isLessThan(40);
    }

    /**
     * A 200-bar piece whose positions 1,450-1,750 (a recapitulation) are an exact copy of 100-400 (the exposition,
     * four minutes earlier). The players, in the recapitulation, go back 100 positions (17 s of music) at 25 s:
     * the music they go back to fits its look-alike in the exposition exactly as well, and a tie goes to the
     * earlier place. The session must take the near place, not the far look-alike.
     */
    @Test
    void aRestartInARecapitulationIsFollowedThereNotInItsLookAlikeFarAway() {
        double[] kept = restartInRecapitulation(SessionConfig.defaults(FOLLOWER));
        double[] nothingFar = restartInRecapitulation(SessionConfig.defaults(FOLLOWER).withFarJumps(1e9, 2));
        // with every jump near, the tie takes the session into the exposition (the trap is real)
        assertThat(java.util.Arrays.stream(nothingFar).min().orElseThrow()).isLessThan(500);
        assertThat(java.util.Arrays.stream(kept).min().orElseThrow()).as("never in the look-alike").isGreaterThan(1400);
        double reacquired = Double.NaN;
        for (int step = 250; step < kept.length && Double.isNaN(reacquired); step++) {
            if (Math.abs(kept[step] - (1550 + 6 * (step / EPS - 25))) < 3) {
                reacquired = step / EPS - 25;
            }
        }
        assertThat(reacquired).as("re-acquired at the near place, s after the restart").isLessThan(8);
    }

    /** Plays the recapitulation piece from 1,500 at 6 positions/s, back to 1,550 at 25 s; one position per 0.1 s. */
    private static double[] restartInRecapitulation(SessionConfig config) {
        ScoreIndex plain = SyntheticScores.piece("recap", 200, 41, -1, -1);
        ScoreIndex.Builder piece = plain.toBuilder();
        int dim = plain.getFollowGrid().getEmbeddingDim();
        for (int p = 0; p < 300; p++) {
            for (int d = 0; d < dim; d++) {
                float v = plain.getFollowGrid().getEmbeddings((100 + p) * dim + d);
                piece.getFollowGridBuilder().setEmbeddings((1450 + p) * dim + d, v);
                piece.getIdentifyGridBuilder().setEmbeddings((1450 + p) * dim + d, v);
            }
        }
        PieceLibrary library = PieceLibrary.of(List.of(piece.build()));
        MatcherSession session = MatcherSession.following(library, "recap", config);
        session.resync("recap", 1500.0);
        ScoreTrack track = library.track(0);
        Random random = new Random(42);
        double[] reported = new double[500];
        for (int step = 0; step < reported.length; step++) {
            double t = step / EPS;
            double truth = t < 25 ? 1500 + 6 * t : 1550 + 6 * (t - 25);
            reported[step] = session.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.5, random),
                    step * 2L).position().trackPosition();
        }
        return reported;
    }

    /**
     * A 200-bar piece whose bars 11-110 are repeated (1,000 positions, nearly 3 minutes at 6 positions a second):
     * the players skip the repeat at the end of its first playing (track position 1,100) and go on after the
     * second (2,100). The jump skips the whole repeat, yet it is the other way at a branch point of the played
     * order, so the far-jump rules (four verifications, a win over the whole span) do not hold it up: it is
     * re-acquired sooner than a jump as long from the middle of the second playing (1,300 to 2,300), a far one
     * (1.7 s against 5.3 s; 4.7 s for the skip without the branch rule).
     */
    @Test
    void aSkippedRepeatIsNoFarJump() {
        ScoreIndex piece = SyntheticScores.piece("r", 200, 31, 10, 109);
        double skipped = reacquiredAfterJump(piece, 1100, 2100);
        double farJump = reacquiredAfterJump(piece, 1300, 2300);
        assertThat(skipped).as("skipped repeat re-acquired after, s").isLessThan(3);
        assertThat(farJump).as("a far jump as long, s").isGreaterThan(skipped + 1);
    }

    /**
     * Seconds after the jump until the session reports within 3 positions of the players, who play the piece's
     * track at 6 positions a second up to {@code fromPosition}, then from {@code toPosition} on.
     */
    private static double reacquiredAfterJump(ScoreIndex piece, double fromPosition, double toPosition) {
        PieceLibrary library = PieceLibrary.of(List.of(piece));
        MatcherSession session = MatcherSession.following(library, piece.getPieceId(), SessionConfig.defaults(FOLLOWER));
        ScoreTrack track = library.track(0);
        Random random = new Random(32);
        double atSeconds = fromPosition / 6;
        for (int step = 0; step < (int) ((atSeconds + 30) * EPS); step++) {
            double t = step / EPS;
            double truth = t < atSeconds ? 6 * t : toPosition + 6 * (t - atSeconds);
            double reported = session.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.5, random),
                    step * 2L).position().trackPosition();
            if (t > atSeconds && Math.abs(reported - truth) < 3) {
                return t - atSeconds;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void aRealFarJumpIsStillFollowed() {
        // at 20 s the players jump 3 minutes ahead and stay there
        double[] reported = playLong(SessionConfig.defaults(FOLLOWER), t -> 1200 + 6 * (t - 20));
        double reacquired = Double.NaN;
        for (int step = 200; step < reported.length && Double.isNaN(reacquired); step++) {
            double t = step / EPS;
            if (Math.abs(reported[step] - (1200 + 6 * (t - 20))) < 3) {
                reacquired = t - 20;
            }
        }
        // four verifications a second apart, then a win over the whole 10-s span
        assertThat(reacquired).isLessThanOrEqualTo(8.0);
    }

    @Test
    void aOnePieceLibraryAnnouncesItsPieceWhereItIsPlayed() {
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("b", 80, 2, -1, -1)));
        MatcherSession session = new MatcherSession(library, SessionConfig.defaults(FOLLOWER));
        ScoreTrack b = library.track(0);
        Random random = new Random(4);
        Verdict announced = null;
        for (int step = 0; step < 150 && announced == null; step++) {
            double truth = 200 + 5.0 * step / EPS;
            announced = session.step(SyntheticScores.noisy(SyntheticScores.at(b, truth), 0.6, random), step * 2L)
                    .identification();
            if (announced != null) {
                assertThat(step / EPS).isLessThanOrEqualTo(7.0);
                assertThat(announced.best().cost())
                        .isLessThanOrEqualTo(SessionConfig.defaults(FOLLOWER).identifier().loneMaxCost());
            }
        }
        assertThat(announced).isNotNull();
    }

    @Test
    void aOnePieceLibraryDoesNotTakeAnotherPieceOfTheSameSoundForIt() {
        // the library's only piece and the music heard share a general sound (as two piano pieces do): every
        // audio embedding leans towards the piece's mean, so the piece matches it well enough for maxCost, and with
        // no runner-up no margin can refuse it
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("a", 80, 1, -1, -1)));
        ScoreTrack a = library.track(0);
        float[] mean = new float[SyntheticScores.DIM];
        for (int p = 0; p < a.length(); p++) {
            float[] v = SyntheticScores.at(a, p);
            for (int d = 0; d < mean.length; d++) {
                mean[d] += v[d];
            }
        }
        mean = SyntheticScores.normalise(mean);
        ScoreTrack other = ScoreTrack.of(SyntheticScores.piece("other", 80, 7, -1, -1));
        MatcherSession session = new MatcherSession(library, SessionConfig.defaults(FOLLOWER));
        Identifier probe = new Identifier(library, SessionConfig.defaults(FOLLOWER).identifier());
        Random random = new Random(5);
        for (int step = 0; step < 300; step++) {
            float[] own = SyntheticScores.noisy(SyntheticScores.at(other, 100 + 5.0 * step / EPS), 0.3, random);
            float[] heard = new float[mean.length];
            for (int d = 0; d < heard.length; d++) {
                heard[d] = 0.6f * mean[d] + 0.6f * own[d];
            }
            MatcherSession.Output out = session.step(SyntheticScores.normalise(heard), step * 2L);
            probe.step(SyntheticScores.normalise(heard), false);
            assertThat(out.identification()).as("step " + step).isNull();
            assertThat(out.position().place()).isNull();
        }
        assertThat(session.pieceId()).isEmpty();
        // what makes this hard: the piece matches within maxCost, which alone would have announced it
        Verdict verdict = probe.verify(new int[] {0}, 200);
        System.out.println("lone look-alike cost " + verdict.best().cost());
        assertThat(verdict.best().cost()).isLessThan(SessionConfig.defaults(FOLLOWER).identifier().maxCost())
                .isGreaterThan(SessionConfig.defaults(FOLLOWER).identifier().loneMaxCost());
        assertThat(verdict.announced()).isFalse();
    }

    @Test
    void switchesToAnotherPieceThePlayersJumpInto() {
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER));
        Random random = new Random(6);
        double switchedAfter = Double.NaN;
        for (int step = 0; step < 400; step++) {
            double t = step / EPS;
            // 20 s of piece a, then piece b from position 300 (a medley, or the next piece of a concert)
            boolean inB = t >= 20;
            ScoreTrack track = library.track(inB ? 1 : 0);
            double truth = inB ? 300 + 6 * (t - 20) : 6 * t;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.5, random),
                    step * 2L);
            if (!inB) {
                assertThat(out.identification()).as("no announcement while a is played").isNull();
            } else if (Double.isNaN(switchedAfter) && session.pieceId().equals("b")
                    && Math.abs(out.position().trackPosition() - truth) < 3) {
                switchedAfter = t - 20;
            }
        }
        System.out.println("switched to the other piece after " + switchedAfter + " s");
        assertThat(switchedAfter).as("seconds to follow b at the right place").isLessThanOrEqualTo(8.0);
        assertThat(session.pieceId()).isEqualTo("b");
    }

    @Test
    void aPassageThatSoundsMuchLikeAnotherPieceDoesNotTakeASureFollowerThere() {
        // 6 s of piece a that sound 55 % like piece b (soft, plain music fits many pieces alike): identification
        // prefers b by a little, the follower is sure of its place in a (confidence near 1); with no more margin
        // asked of another piece for a sure follower, the session changes to b (checked with the margin at 0)
        PieceLibrary library = library();
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER));
        Random random = new Random(6);
        for (int step = 0; step < 400; step++) {
            double t = step / EPS;
            float[] a = SyntheticScores.at(library.track(0), 6 * t);
            float[] heard = a;
            if (t >= 20 && t < 26) {
                float[] b = SyntheticScores.at(library.track(1), 300 + 6 * (t - 20));
                heard = new float[a.length];
                for (int d = 0; d < a.length; d++) {
                    heard[d] = (float) (0.45 * a[d] + 0.55 * b[d]);
                }
            }
            MatcherSession.Output out = session.step(SyntheticScores.noisy(heard, 0.5, random), step * 2L);
            if (step == 199) {
                assertThat(out.position().confidence()).as("sure of its place before").isGreaterThanOrEqualTo(
                        (float) MatcherSession.SURE_CONFIDENCE);
            }
            assertThat(session.pieceId()).as("piece followed at %.1f s", t).isEqualTo("a");
        }
    }

    @Test
    void aChangeOfPieceByIdentificationStartsTheFollowerAtTheTempoTheEvidenceTells() {
        // 20 s of piece a, then b from position 300 at 6 positions a second; identification changes piece, and the
        // evidence (the notes, in a session) tells the players' tempo in b around identification's place
        PieceLibrary library = library();
        ScoreTrack b = library.track(1);
        assertThat(b.hasBars()).isTrue();
        double playersBeatsPerSecond = 6 * (b.scoreBeats(301) - b.scoreBeats(300));
        Asked asked = new Asked();
        double[] now = new double[1];
        Evidence tellsTheTempo = new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public double tempoIn(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
                asked.record(pieceOrdinal, matchedTrackPosition, lookbackSeconds, now[0]);
                return playersBeatsPerSecond;
            }
        };
        TrackedPosition first = firstInB(library, tellsTheTempo, now, 0.5, true).position();
        asked.assertAboutBAtIdentificationsPlace();
        assertThat(first.tempoKnown()).as("the tempo told is the follower's from its first position").isTrue();
        assertThat(first.tempoBpm() / 60).isCloseTo(playersBeatsPerSecond, offset(1e-9));

        // with no tempo told, the new follower has none for its first positions
        TrackedPosition untold = firstInB(library, Evidence.NONE, new double[1], 0.5, true).position();
        assertThat(untold.tempoKnown()).isFalse();
    }

    @Test
    void anotherPieceNamedOnceIsTakenASecondSoonerWhereTheEvidenceConfirmsIt() {
        // 20 s of piece a, then b from position 300 at 6 positions a second, noisy enough that identification's first
        // verification naming b is short of a clear difference: it verifies once more, a second later, unless the
        // evidence (the notes, in a session) confirms b and places the players in it
        PieceLibrary library = library();
        Asked asked = new Asked();
        double[] now = new double[1];
        Evidence confirms = new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public OtherPiece confirmOtherPiece(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
                asked.record(pieceOrdinal, matchedTrackPosition, lookbackSeconds, now[0]);
                return new OtherPiece(pieceOrdinal, 300 + 6 * (now[0] - 20), 1.0, 0.1);
            }
        };
        InB confirmed = firstInB(library, confirms, now, 0.8, false);
        asked.assertAboutBAtIdentificationsPlace();
        assertThat(confirmed.seconds()).as("in b from the step after the one confirmed")
                .isCloseTo(asked.seconds + 1 / EPS, offset(1e-9));
        assertThat(confirmed.position().trackPosition()).as("where the evidence placed the players")
                .isCloseTo(300 + 6 * (confirmed.seconds() - 20), offset(6.0));
        // with no confirmation, b waits for identification's second verification
        InB unconfirmed = firstInB(library, Evidence.NONE, new double[1], 0.8, false);
        assertThat(unconfirmed.seconds()).as("a verification later").isGreaterThanOrEqualTo(confirmed.seconds() + 0.9);
    }

    /** What the evidence was last asked about a piece identification named (ordinal, place, look-back, when). */
    private static final class Asked {
        private int pieceOrdinal = -1;
        private double matchedTrackPosition = Double.NaN;
        private double lookbackSeconds = Double.NaN;
        private double seconds = Double.NaN;

        void record(int ordinal, double matched, double lookback, double whenSeconds) {
            pieceOrdinal = ordinal;
            matchedTrackPosition = matched;
            lookbackSeconds = lookback;
            seconds = whenSeconds;
        }

        /** Asked about b, with identification's place: the truth a look-back ago (its embeddings are centred). */
        void assertAboutBAtIdentificationsPlace() {
            assertThat(pieceOrdinal).as("asked about b").isEqualTo(1);
            assertThat(lookbackSeconds).isEqualTo(FOLLOWER.lookbackSeconds());
            assertThat(matchedTrackPosition).as("identification's place, against the truth a look-back ago")
                    .isCloseTo(300 + 6 * (seconds - 20 - FOLLOWER.lookbackSeconds()), offset(8.0));
        }
    }

    /** A session's first position in b, and when (s). */
    private record InB(double seconds, TrackedPosition position) {}

    /**
     * The first position a session following a reports in b ({@code afterAnnouncement}: not the announcement's own), the
     * players changing to b at 20 s (at its 300), the audio embeddings at {@code noise}.
     */
    private static InB firstInB(PieceLibrary library, Evidence evidence, double[] now, double noise,
            boolean afterAnnouncement) {
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER), evidence);
        Random random = new Random(6);
        for (int step = 0; step < 400; step++) {
            double t = step / EPS;
            now[0] = t;
            boolean inB = t >= 20;
            double truth = inB ? 300 + 6 * (t - 20) : 6 * t;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(
                    SyntheticScores.at(library.track(inB ? 1 : 0), truth), noise, random), step * 2L);
            if (out.position().pieceId().equals("b") && (!afterAnnouncement || out.identification() == null)) {
                return new InB(t, out.position());
            }
        }
        throw new AssertionError("never followed b");
    }

    @Test
    void followsAnotherPieceWhereTheEvidenceFindsThePlayersAtOnce() {
        // 20 s of piece a, then piece b from position 300; the evidence finds b one second after the change, once
        PieceLibrary library = library();
        int[] candidatesAsked = new int[1];
        int[] stepNow = new int[1];
        double[] truth = new double[1];
        Evidence notes = new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public OtherPiece otherPiece(java.util.function.Supplier<int[]> candidates) {
                if (stepNow[0] != 210) {
                    return null;
                }
                int[] asked = candidates.get();
                candidatesAsked[0] = asked.length;
                assertThat(asked).as("the followed piece is no candidate").doesNotContain(0);
                return new OtherPiece(1, truth[0], 6 * library.track(1).scoreBeats(301) - 6 * library.track(1)
                        .scoreBeats(300), 0.1);
            }
        };
        MatcherSession session = MatcherSession.following(library, "a", SessionConfig.defaults(FOLLOWER), notes);
        Random random = new Random(6);
        MatcherSession.Output announcedAt = null;
        for (int step = 0; step < 240; step++) {
            stepNow[0] = step;
            double t = step / EPS;
            boolean inB = t >= 20;
            truth[0] = inB ? 300 + 6 * (t - 20) : 6 * t;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(
                    SyntheticScores.at(library.track(inB ? 1 : 0), truth[0]), 0.5, random), step * 2L);
            if (step == 210) {
                announcedAt = out;
            }
            if (step > 210) {
                assertThat(out.position().pieceId()).as("step %d", step).isEqualTo("b");
                assertThat(Math.abs(out.position().trackPosition() - truth[0])).as("error at step %d", step)
                        .isLessThan(8);
            }
        }
        assertThat(candidatesAsked[0]).isEqualTo(2);
        assertThat(announcedAt.identification()).isNotNull();
        assertThat(announcedAt.identification().best().pieceId()).isEqualTo("b");
        assertThat(announcedAt.position().pieceId()).as("reported in b at once").isEqualTo("b");
        assertThat(announcedAt.position().state()).isEqualTo(SessionState.FOLLOWING);
        assertThat(Math.abs(announcedAt.position().trackPosition() - 306)).isLessThan(1);
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
    void outsideEvidenceRefinesWhatIsReportedAndWherePagesTurn() {
        // evidence that knows the players are 20 positions further than the follower thinks
        PieceLibrary library = library();
        ScoreTrack c = library.track(2);
        Evidence ahead = new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public TrackedPosition refine(TrackedPosition p) {
                if (p.place() == null) {
                    return p;
                }
                double moved = p.trackPosition() + 20;
                return new TrackedPosition(p.frameIndex(), p.state(), p.pieceId(), c.locate(moved), moved,
                        p.tempoStripPxPerSecond(), p.tempoBpm(), p.tempoRelative(), p.confidence(), p.evidence());
            }
        };
        MatcherSession plain = MatcherSession.following(library, "c", SessionConfig.defaults(FOLLOWER));
        MatcherSession refined = MatcherSession.following(library, "c", SessionConfig.defaults(FOLLOWER), ahead);
        Random random = new Random(4);
        double plainTurnAt = Double.NaN;
        double refinedTurnAt = Double.NaN;
        for (int step = 0; step < 450; step++) {
            double truth = 8.0 * step / EPS;
            float[] embedding = SyntheticScores.noisy(SyntheticScores.at(c, truth), 0.4, random);
            MatcherSession.Output a = plain.step(embedding, step * 2L);
            MatcherSession.Output b = refined.step(embedding, step * 2L);
            if (a.position().place() != null) {
                assertThat(b.position().trackPosition()).isCloseTo(a.position().trackPosition() + 20, offset(1e-9));
            }
            if (Double.isNaN(plainTurnAt) && a.pageTurn() != null && a.pageTurn().kind() == PageTurn.Kind.FULL) {
                plainTurnAt = truth;
            }
            if (Double.isNaN(refinedTurnAt) && b.pageTurn() != null && b.pageTurn().kind() == PageTurn.Kind.FULL) {
                refinedTurnAt = truth;
            }
        }
        // the page turns when the refined position reaches the next page: 20 positions (2.5 s) earlier
        assertThat(plainTurnAt - refinedTurnAt).isCloseTo(20.0, offset(4.0));
    }

    @Test
    void goesBackWhereTheEvidenceFindsThePlayersAndTurnsThePageBackAtOnce() {
        // the players reach position 240 (page 2), restart from 100 (page 1); the evidence recognises it 5
        // steps (half a second) after the restart, once
        PieceLibrary library = library();
        ScoreTrack c = library.track(2);
        int[] backAtStep = new int[2];
        int[] turnedBackAtStep = new int[2];
        for (int run = 0; run < 2; run++) {
            boolean tell = run == 0;
            double[] truth = new double[1];
            int[] stepNow = new int[1];
            Evidence replays = new Evidence() {
                @Override
                public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                    return true;
                }

                @Override
                public double relocation() {
                    return tell && stepNow[0] == 305 ? truth[0] : Double.NaN;
                }
            };
            MatcherSession session = MatcherSession.following(library, "c", SessionConfig.defaults(FOLLOWER),
                    replays);
            Random random = new Random(5);
            backAtStep[run] = -1;
            turnedBackAtStep[run] = -1;
            for (int step = 0; step < 420; step++) {
                stepNow[0] = step;
                truth[0] = step < 300 ? 0.8 * step : 100 + 0.8 * (step - 300);
                MatcherSession.Output out = session.step(
                        SyntheticScores.noisy(SyntheticScores.at(c, truth[0]), 0.4, random), step * 2L);
                if (step > 300 && backAtStep[run] < 0 && out.position().place() != null
                        && Math.abs(out.position().trackPosition() - truth[0]) < 8) {
                    backAtStep[run] = step;
                }
                if (step > 300 && turnedBackAtStep[run] < 0 && out.pageTurn() != null
                        && out.pageTurn().toPage() < out.pageTurn().fromPage()) {
                    turnedBackAtStep[run] = step;
                }
            }
        }
        assertThat(backAtStep[0]).as("back with the players, step").isBetween(306, 308);
        assertThat(turnedBackAtStep[0]).as("page turned back, step").isBetween(306, 308);
        assertThat(backAtStep[1]).as("without the evidence, identification takes longer").isGreaterThan(310);
    }

    /**
     * Where the evidence moves the follower, the follower keeps the tempo the session reported (the refined one),
     * not one it fits anew from its first few matches there. Here the evidence says the players go twice as fast as
     * the follower measured; right after the move the follower's own tempo is the evidence's.
     */
    @Test
    void aFollowerMovedByTheEvidenceKeepsTheReportedTempo() {
        PieceLibrary library = library();
        ScoreTrack c = library.track(2);
        assertThat(c.hasBars()).isTrue();
        double[] truth = new double[1];
        int[] stepNow = new int[1];
        Evidence twiceAsFast = new Evidence() {
            @Override
            public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
                return true;
            }

            @Override
            public TrackedPosition refine(TrackedPosition p) {
                return new TrackedPosition(p.frameIndex(), p.state(), p.pieceId(), p.place(), p.trackPosition(),
                        p.tempoStripPxPerSecond(), 2 * p.tempoBpm(), p.tempoRelative(), p.confidence(), p.evidence());
            }

            @Override
            public double relocation() {
                return stepNow[0] == 305 ? truth[0] : Double.NaN;
            }
        };
        MatcherSession session = MatcherSession.following(library, "c", SessionConfig.defaults(FOLLOWER), twiceAsFast);
        Random random = new Random(5);
        double before = Double.NaN;
        double after = Double.NaN;
        for (int step = 0; step < 310; step++) {
            stepNow[0] = step;
            truth[0] = step < 300 ? 0.8 * step : 100 + 0.8 * (step - 300);
            MatcherSession.Output out = session.step(
                    SyntheticScores.noisy(SyntheticScores.at(c, truth[0]), 0.4, random), step * 2L);
            double tempo = out.position().evidence().tempoPositionsPerSecond();
            before = step == 300 ? tempo : before;
            after = step == 309 ? tempo : after;
        }
        assertThat(before).as("the follower's own tempo, positions a second").isCloseTo(8.0, offset(1.5));
        assertThat(after / before).as("after the move, against before").isCloseTo(2.0, offset(0.3));
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
            if (out.pageTurn() != null && out.pageTurn().kind() == PageTurn.Kind.FULL) {
                turns++;
                assertThat(out.pageTurn().toPage()).isEqualTo(out.pageTurn().fromPage() + 1);
                assertThat(out.pageTurn().secondsToEndOfPage()).isZero();
                // a page is 1,600 px = 200 positions: the turn comes when the truth crosses it
                assertThat(truth).isCloseTo(200.0 * out.pageTurn().toPage(), offset(4.0));
            }
        }
        assertThat(turns).isEqualTo(1);
    }

    /**
     * Pieces a and b and "two", of 40 bars: two pages of 200 positions, each page's second system (from
     * position 100 of the page) in its bottom half.
     */
    @Test
    void aHalfTurnWaitsForATempoToPredictTheEndOfThePage() {
        PieceLibrary library = libraryWithTwoPages();
        MatcherSession session = MatcherSession.following(library, "two", SessionConfig.defaults(FOLLOWER));
        ScoreTrack two = library.track(2);
        // a musician taps the bottom system of page 0 (position 120) and plays on from there at 8 positions/s
        session.resync("two", 120);
        Random random = new Random(7);
        List<PageTurn> halves = new java.util.ArrayList<>();
        for (int step = 0; step < 100; step++) {
            double truth = 120 + 8.0 * step / EPS;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(two, truth), 0.4, random),
                    step * 2L);
            if (out.pageTurn() != null && out.pageTurn().kind() == PageTurn.Kind.HALF) {
                halves.add(out.pageTurn());
                // the end of page 0 (position 199) is (199 - truth) / 8 s away
                assertThat(out.pageTurn().secondsToEndOfPage()).as("predicted, not 'now'")
                        .isCloseTo((199 - truth) / 8, offset(1.5));
            }
        }
        assertThat(halves).hasSize(1);
    }

    private static PieceLibrary libraryWithTwoPages() {
        return PieceLibrary.of(List.of(SyntheticScores.piece("a", 80, 1, -1, -1),
                SyntheticScores.piece("b", 80, 2, -1, -1), SyntheticScores.piece("two", 40, 5, -1, -1)));
    }

    /** Noisy embeddings of piece "two" played at 8 positions (3.2 quarter notes) per second from its start. */
    private static List<float[]> playTwoPages(ScoreTrack two, int steps) {
        Random random = new Random(6);
        List<float[]> inputs = new java.util.ArrayList<>();
        for (int step = 0; step < steps; step++) {
            inputs.add(SyntheticScores.noisy(SyntheticScores.at(two, 8.0 * step / EPS), 0.4, random));
        }
        return inputs;
    }

    /** The outputs of a session following "two" through {@code inputs} with {@code config}. */
    private static List<MatcherSession.Output> followTwo(SessionConfig config, List<float[]> inputs) {
        MatcherSession session = MatcherSession.following(libraryWithTwoPages(), "two", config);
        List<MatcherSession.Output> outputs = new java.util.ArrayList<>();
        for (int step = 0; step < inputs.size(); step++) {
            outputs.add(session.step(inputs.get(step), step * 2L));
        }
        return outputs;
    }

    @Test
    void theReportedConfidenceIsMappedAndPagesTurnWhereTheyDid() {
        ScoreTrack two = libraryWithTwoPages().track(2);
        Random random = new Random(9);
        List<float[]> inputs = new java.util.ArrayList<>();
        for (int step = 0; step < 490; step++) {
            inputs.add(SyntheticScores.noisy(SyntheticScores.at(two, 8.0 * step / EPS), 2.0, random));
        }
        SessionConfig own = SessionConfig.defaults(FOLLOWER).withReportedConfidence(ConfidenceMap.IDENTITY);
        assertThat(own.turnConfidence()).isCloseTo(0.5, offset(1e-6));
        List<MatcherSession.Output> ownOutputs = followTwo(own, inputs);
        List<MatcherSession.Output> reported = followTwo(SessionConfig.defaults(FOLLOWER), inputs);
        int turns = 0;
        float lowestTurnConfidence = 1;
        for (int i = 0; i < inputs.size(); i++) {
            TrackedPosition a = ownOutputs.get(i).position();
            TrackedPosition b = reported.get(i).position();
            assertThat(b.trackPosition()).isEqualTo(a.trackPosition());
            assertThat(b.state()).isEqualTo(a.state());
            assertThat(b.confidence()).isCloseTo(ConfidenceMap.DEFAULT.apply(a.confidence()), offset(1e-6f));
            PageTurn turnA = ownOutputs.get(i).pageTurn();
            PageTurn turnB = reported.get(i).pageTurn();
            assertThat(turnB == null).as("a turn at step %d in one and not the other", i).isEqualTo(turnA == null);
            if (turnA != null) {
                turns++;
                assertThat(turnB.toPage()).isEqualTo(turnA.toPage());
                assertThat(turnB.kind()).isEqualTo(turnA.kind());
                assertThat(turnB.confidence()).isCloseTo(ConfidenceMap.DEFAULT.apply(turnA.confidence()), offset(1e-6f));
                lowestTurnConfidence = Math.min(lowestTurnConfidence, turnA.confidence());
            }
        }
        assertThat(turns).isEqualTo(2);
        // unclear audio: a turn came at an own confidence below the reported turn confidence (about 0.73), which
        // must have been compared as reported
        assertThat(lowestTurnConfidence).isBetween(0.5f, (float) SessionConfig.TURN_CONFIDENCE);
    }

    @Test
    void halfTurnsAheadOfTheEndOfThePageThenTurnsItFully() {
        PieceLibrary library = libraryWithTwoPages();
        MatcherSession session = MatcherSession.following(library, "two", SessionConfig.defaults(FOLLOWER));
        ScoreTrack two = library.track(2);
        List<float[]> inputs = playTwoPages(two, 490);
        List<PageTurn> turns = new java.util.ArrayList<>();
        List<Double> turnTimes = new java.util.ArrayList<>();
        for (int step = 0; step < inputs.size(); step++) {
            MatcherSession.Output out = session.step(inputs.get(step), step * 2L);
            if (out.pageTurn() != null) {
                turns.add(out.pageTurn());
                turnTimes.add(step / EPS);
            }
        }
        assertThat(turns).extracting(PageTurn::kind).containsExactly(PageTurn.Kind.HALF, PageTurn.Kind.FULL);
        assertThat(turns).allSatisfy(t -> {
            assertThat(t.fromPage()).isZero();
            assertThat(t.toPage()).isEqualTo(1);
        });
        // the half turn comes as the players reach the bottom system (position 100, at 12.5 s) ...
        PageTurn half = turns.get(0);
        assertThat(turnTimes.get(0)).isBetween(12.4, 13.5);
        // ... predicting the end of the page, position 199, which the players reach at 199 / 8 = 24.875 s
        assertThat(half.secondsToEndOfPage()).isPositive();
        assertThat(turnTimes.get(0) + half.secondsToEndOfPage()).isCloseTo(199 / 8.0, offset(0.5));
        // the full turn when the players cross onto page 1 (position 200, at 25 s)
        assertThat(turnTimes.get(1)).isCloseTo(25.0, offset(0.5));
        assertThat(turns.get(1).secondsToEndOfPage()).isZero();
        // no half turn on the last page, although the players went deep into its bottom half
        TrackedPosition last = session.lastPosition();
        assertThat(last.place().pageIndex()).isEqualTo(1);
        assertThat(two.inBottomHalf(last.trackPosition())).isTrue();
        assertThat(last.trackPosition()).isGreaterThan(380);
    }

    @Test
    void aRepeatBackToAnEarlierPageGetsNoHalfTurn() {
        // 40 bars played 1-35, then 16-40 again: 60 played bars of 10 positions. Page 0 (bars 1-20) at
        // positions 0-199, page 1 (bars 21-35) at 200-349, its bottom system (bars 31-35) from 300, then
        // back to page 0's bottom system (bars 16-20) at 350-399, and page 1 (bars 21-40) at 400-599
        RepeatStructure.Builder order = RepeatStructure.newBuilder();
        java.util.stream.IntStream.rangeClosed(0, 34).forEach(order::addUnfoldedBarIndices);
        java.util.stream.IntStream.rangeClosed(15, 39).forEach(order::addUnfoldedBarIndices);
        ScoreIndex repeated = SyntheticScores.piece("repeated", 40, 7, -1, -1).toBuilder().setRepeats(order).build();
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("a", 80, 1, -1, -1), repeated));
        MatcherSession session = MatcherSession.following(library, "repeated", SessionConfig.defaults(FOLLOWER));
        ScoreTrack track = library.track(1);
        assertThat(track.length()).isEqualTo(600);
        Random random = new Random(8);
        List<PageTurn> turns = new java.util.ArrayList<>();
        List<Double> truths = new java.util.ArrayList<>();
        for (int step = 0; step < 740; step++) {
            double truth = 8.0 * step / EPS;
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(track, truth), 0.4,
                    random), step * 2L);
            if (out.pageTurn() != null) {
                turns.add(out.pageTurn());
                truths.add(truth);
            }
        }
        // no half turn in page 1's bottom system the first time (page 0 comes next), a full turn back to page
        // 0 as the players go there (as before half turns), a half turn to page 1 right away (they are in
        // page 0's bottom system), none on the last run of page 1
        assertThat(turns).extracting(t -> t.kind() + " " + t.fromPage() + "->" + t.toPage())
                .containsExactly("HALF 0->1", "FULL 0->1", "FULL 1->0", "HALF 0->1", "FULL 0->1");
        assertThat(truths.get(0)).isCloseTo(100, offset(4.0));
        assertThat(truths.get(1)).isCloseTo(200, offset(4.0));
        assertThat(truths.get(2)).isCloseTo(350, offset(4.0));
        assertThat(truths.get(3)).isCloseTo(350, offset(4.0));
        assertThat(truths.get(4)).isCloseTo(400, offset(4.0));
        // the second half turn predicts the end of the run (399) from where it was issued, at 8 positions/s
        assertThat(turns.get(3).secondsToEndOfPage()).isCloseTo((399 - truths.get(3)) / 8, offset(0.5));
        assertThat(session.lastPosition().trackPosition()).isGreaterThan(580);
    }

    /**
     * Players hold a long note near the end of page 0 of "two" (8 positions/s up to position 190, then 0.1/s
     * for 15 s, then on at 8/s), heard through a centred model's 2.1-s look-back: the reported position, the
     * match carried on by the tempo, runs onto page 1 and falls back as the tempo drops. The follower never
     * went back, so the page must not either.
     */
    private static List<PageTurn> fullTurnsThroughARitardando(SessionConfig config) {
        PieceLibrary library = libraryWithTwoPages();
        MatcherSession session = MatcherSession.following(library, "two", config);
        ScoreTrack two = library.track(2);
        Random random = new Random(9);
        List<PageTurn> turns = new java.util.ArrayList<>();
        for (int step = 0; step < 500; step++) {
            double heard = Math.max(0, step / EPS - 2.1);
            double truth = heard < 23.75 ? 8 * heard : heard < 38.75 ? 190 + 0.1 * (heard - 23.75)
                    : 191.5 + 8 * (heard - 38.75);
            MatcherSession.Output out = session.step(SyntheticScores.noisy(SyntheticScores.at(two, truth), 0.4, random),
                    step * 2L);
            if (out.pageTurn() != null && out.pageTurn().kind() == PageTurn.Kind.FULL) {
                turns.add(out.pageTurn());
            }
        }
        return turns;
    }

    @Test
    void aPageIsNotTurnedBackWhenOnlyTheTempoExtrapolationFallsBack() {
        FollowerConfig lookingBack = FollowerConfig.centred(84, 2);
        assertThat(lookingBack.lookbackSeconds()).isCloseTo(2.1, offset(0.01));
        List<PageTurn> atOnce = fullTurnsThroughARitardando(SessionConfig.defaults(lookingBack).withBackwardTurnSeconds(0));
        assertThat(atOnce).as("the scenario: without the hold the page goes forward, back and forward again")
                .extracting(t -> t.fromPage() + "->" + t.toPage()).startsWith("0->1", "1->0", "0->1");

        List<PageTurn> held = fullTurnsThroughARitardando(SessionConfig.defaults(lookingBack));
        assertThat(held).extracting(t -> t.fromPage() + "->" + t.toPage()).containsExactly("0->1");
    }

    @Test
    void aRestoredStateRemembersTheHalfTurn() {
        PieceLibrary library = libraryWithTwoPages();
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        MatcherSession original = MatcherSession.following(library, "two", config);
        List<float[]> inputs = playTwoPages(library.track(2), 300);
        MatcherSession copy = null;
        int halves = 0;
        int fulls = 0;
        for (int step = 0; step < inputs.size(); step++) {
            if (step == 150) {
                // past the half turn (at about 12.5 s), before the full turn (at 25 s)
                assertThat(halves).isEqualTo(1);
                copy = MatcherSession.restore(library, config, original.saveState());
            }
            MatcherSession.Output expected = original.step(inputs.get(step), step * 2L);
            if (copy == null) {
                halves += expected.pageTurn() != null && expected.pageTurn().kind() == PageTurn.Kind.HALF ? 1 : 0;
                continue;
            }
            MatcherSession.Output actual = copy.step(inputs.get(step), step * 2L);
            assertThat(actual.pageTurn()).isEqualTo(expected.pageTurn());
            if (actual.pageTurn() != null) {
                assertThat(actual.pageTurn().kind()).isEqualTo(PageTurn.Kind.FULL);
                fulls++;
            }
        }
        assertThat(fulls).isEqualTo(1);
    }

    @Test
    void aVersion1StateRestoresWithoutAHalfTurnIssued() throws java.io.IOException {
        PieceLibrary library = libraryWithTwoPages();
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        MatcherSession original = MatcherSession.following(library, "two", config);
        List<float[]> inputs = playTwoPages(library.track(2), 160);
        for (int step = 0; step < 150; step++) {
            original.step(inputs.get(step), step * 2L);
        }
        MatcherSession old = MatcherSession.restore(library, config, asVersion1(original.saveState()));
        assertThat(old.pieceId()).isEqualTo("two");
        assertThat(old.lastPosition()).usingRecursiveComparison().ignoringFields("evidence")
                .isEqualTo(original.lastPosition());
        // a version-1 session knew nothing of half turns: in the bottom half of page 0, it issues one now
        MatcherSession.Output expected = original.step(inputs.get(150), 300L);
        MatcherSession.Output actual = old.step(inputs.get(150), 300L);
        assertThat(Double.compare(actual.position().trackPosition(), expected.position().trackPosition())).isZero();
        assertThat(expected.pageTurn()).isNull();
        assertThat(actual.pageTurn()).isNotNull();
        assertThat(actual.pageTurn().kind()).isEqualTo(PageTurn.Kind.HALF);
        assertThat(actual.pageTurn().toPage()).isEqualTo(1);
    }

    /**
     * A current state in the layout of version 1, which lacked the half-turned page after the shown page, the
     * hold on backward turns after it (version 4), the last known tempo after that (version 5) and the identifier's
     * lone-candidate streak at the end (none here: six bytes, 0 and an empty piece id).
     */
    private static byte[] asVersion1(byte[] saved) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        assertThat(in.readInt()).isEqualTo(5);
        out.writeInt(1);
        out.writeUTF(in.readUTF()); // followed piece
        out.writeInt(in.readInt()); // disagreeing
        out.writeInt(in.readInt()); // silent steps
        out.writeUTF(in.readUTF()); // pending piece
        out.writeInt(in.readInt()); // pending position
        out.writeInt(in.readInt()); // shown page
        assertThat(in.readInt()).as("half-turned page").isZero();
        in.readDouble(); // version 4: where the shown page was shown
        assertThat(in.readBoolean()).as("no jump since").isFalse();
        assertThat(in.readInt()).as("no backward steps").isZero();
        in.readDouble(); // version 5: the last known tempo
        byte[] rest = in.readAllBytes();
        assertThat(java.util.Arrays.copyOfRange(rest, rest.length - 6, rest.length)).as("no lone streak")
                .containsExactly(0, 0, 0, 0, 0, 0);
        out.write(rest, 0, rest.length - 6);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void aRestoredStateKeepsTheLonePiecesStreak() {
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("b", 80, 2, -1, -1)));
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        MatcherSession original = new MatcherSession(library, config);
        ScoreTrack b = library.track(0);
        Random random = new Random(8);
        List<float[]> inputs = new java.util.ArrayList<>();
        for (int step = 0; step < 150; step++) {
            inputs.add(SyntheticScores.noisy(SyntheticScores.at(b, 200 + 5.0 * step / EPS), 0.6, random));
        }
        int announcedAt = -1;
        for (int step = 0; step < inputs.size() && announcedAt < 0; step++) {
            announcedAt = original.step(inputs.get(step), step * 2L).identification() != null ? step : -1;
        }
        assertThat(announcedAt).isPositive();
        // again, saved one verification before the announcement (the streak then stands at 2) and restored
        MatcherSession first = new MatcherSession(library, config);
        int saveAt = announcedAt - 10;
        for (int step = 0; step <= saveAt; step++) {
            first.step(inputs.get(step), step * 2L);
        }
        MatcherSession restored = MatcherSession.restore(library, config, first.saveState());
        int restoredAnnouncedAt = -1;
        for (int step = saveAt + 1; step < inputs.size() && restoredAnnouncedAt < 0; step++) {
            restoredAnnouncedAt = restored.step(inputs.get(step), step * 2L).identification() != null ? step : -1;
        }
        assertThat(restoredAnnouncedAt).isEqualTo(announcedAt);
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
    void aSessionRestoredAtAnyStepWhileIdentifyingReportsWhatTheOriginalDoes() {
        // between verifications an identifying session reports the state of the last one (IDENTIFYING or
        // IDLE): a restore must keep it, not fall back to IDLE. Two pieces with the same music: it is heard,
        // never announced (no margin), so the session stays IDENTIFYING
        PieceLibrary library = PieceLibrary.of(List.of(SyntheticScores.piece("b", 80, 2, -1, -1),
                SyntheticScores.piece("twin", 80, 2, -1, -1)));
        SessionConfig config = SessionConfig.defaults(FOLLOWER);
        ScoreTrack b = library.track(0);
        Random random = new Random(5);
        List<float[]> inputs = new java.util.ArrayList<>();
        for (int step = 0; step < 80; step++) {
            inputs.add(SyntheticScores.noisy(SyntheticScores.at(b, 100 + 0.5 * step), 0.6, random));
        }
        MatcherSession original = new MatcherSession(library, config);
        List<byte[]> states = new java.util.ArrayList<>();
        List<SessionState> expected = new java.util.ArrayList<>();
        for (int step = 0; step < inputs.size(); step++) {
            states.add(original.saveState());
            expected.add(original.step(inputs.get(step), step * 2L).position().state());
        }
        assertThat(expected).contains(SessionState.IDENTIFYING);
        for (int from = 0; from < inputs.size(); from++) {
            MatcherSession copy = MatcherSession.restore(library, config, states.get(from));
            for (int step = from; step < Math.min(inputs.size(), from + 5); step++) {
                assertThat(copy.step(inputs.get(step), step * 2L).position().state())
                        .as("restored before step %d, step %d", from, step).isEqualTo(expected.get(step));
            }
        }
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
