package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.junit.jupiter.api.Test;

class NoteRefinerTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);

    @Test
    void movesAFollowingPositionToTheNotesAndLeavesEverythingElse() {
        // 24 bars of 4 quarter notes on the synthetic track; the performance covers its 96 beats
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        // a lost position passes unchanged only while the notes are not asked to vouch for their place (next test)
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1)
                        .withFollower(NoteFollowerConfig.defaults().withLostFitTolerance(0)));
        int frame = 400;
        for (int f = 0; f <= frame; f++) {
            refiner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double tempo = SyntheticPerformance.tempo(truth);
        double guessBeats = performance.beatAt(frame / 20.0 - 0.4);
        TrackedPosition coarse = position(track, SessionState.FOLLOWING, "p", guessBeats, tempo * 60);

        TrackedPosition refined = refiner.refine(coarse);
        assertThat(Math.abs(refined.place().scoreBeats() - truth) / tempo).isLessThan(0.1);
        assertThat(refined.trackPosition()).isGreaterThan(coarse.trackPosition());
        assertThat(refined.place().pageIndex()).isEqualTo(track.locate(refined.trackPosition()).pageIndex());
        assertThat(refined.confidence()).isEqualTo(coarse.confidence());
        assertThat(refined.frameIndex()).isEqualTo(coarse.frameIndex());

        TrackedPosition lost = position(track, SessionState.LOST, "p", guessBeats, tempo * 60);
        assertThat(refiner.refine(lost)).isSameAs(lost);
        TrackedPosition other = position(track, SessionState.FOLLOWING, "another piece", guessBeats, tempo * 60);
        assertThat(refiner.refine(other)).isSameAs(other);
        // past the start, a position without a tempo cannot be refined
        long later = frame + NoteRefiner.START_SECONDS * 20;
        TrackedPosition noTempo = position(track, SessionState.FOLLOWING, "p", guessBeats, Double.NaN, later);
        assertThat(refiner.refine(noTempo)).isSameAs(noTempo);
    }

    @Test
    void refinesFromTheStartAtTheScoresTempoWhenTheSessionHasNone() {
        // the synthetic score is notated at 2 quarter notes a second; the players swing ±30 % around it
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1));
        List<Double> errorsSeconds = new ArrayList<>();
        for (int f = 0; f <= 200; f++) {
            refiner.pushFrame(performance.frame(f));
            if (f >= 80 && f % 2 == 0) {
                // the session has followed for a few seconds, half a second behind, and knows no tempo yet
                double guessBeats = performance.beatAt(f / 20.0 - 0.5);
                TrackedPosition refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", guessBeats, 0, f));
                double truth = performance.beatAt(f / 20.0);
                errorsSeconds.add(Math.abs(refined.place().scoreBeats() - truth) / SyntheticPerformance.tempo(truth));
            }
        }
        errorsSeconds.sort(Double::compare);
        assertThat(errorsSeconds.get(errorsSeconds.size() / 2)).as("median error, s (the guess: 0.5 s)").isLessThan(0.1);
    }

    @Test
    void allowsAJumpOnlyToNotesThatFitTheAudioBetter() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 13);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        int frame = 500;
        for (int f = 0; f <= frame; f++) {
            refiner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double elsewhere = truth > 48 ? truth - 30 : truth + 30;
        assertThat(refiner.allows("p", track.positionAtBeats(truth), track.positionAtBeats(elsewhere), false))
                .as("no tempo known yet: cannot judge, allows").isTrue();
        refiner.refine(position(track, SessionState.FOLLOWING, "p", truth, SyntheticPerformance.tempo(truth) * 60));
        assertThat(refiner.allows("p", track.positionAtBeats(truth), track.positionAtBeats(elsewhere), false)).isFalse();
        assertThat(refiner.allows("p", track.positionAtBeats(elsewhere), track.positionAtBeats(truth), false)).isTrue();
        assertThat(refiner.allows("another piece", track.positionAtBeats(truth), track.positionAtBeats(elsewhere), false))
                .as("not this refiner's piece").isTrue();
    }

    @Test
    void aFarJumpMeetsTheFarMargin() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 13);
        // any near jump passes (margin −10), no far one (margin 10)
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                NoteAlignerConfig.defaults().withJumpMargin(-10).withFarJumpMargin(10));
        int frame = 500;
        for (int f = 0; f <= frame; f++) {
            refiner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        refiner.refine(position(track, SessionState.FOLLOWING, "p", truth, SyntheticPerformance.tempo(truth) * 60));
        double from = track.positionAtBeats(truth > 48 ? truth - 30 : truth + 30);
        assertThat(refiner.allows("p", from, track.positionAtBeats(truth), false)).isTrue();
        assertThat(refiner.allows("p", from, track.positionAtBeats(truth), true)).isFalse();
    }

    @Test
    void findsThePlayersAcrossALeapOfTheFollower() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 19);
        double[] errorSeconds = new double[5];
        for (int run = 0; run < 5; run++) {
            // each position refined on its own: run 0: the leap searched; 1: leapSearch off; 2: the session says
            // it jumped there on purpose; with the note follower: 3: leapSearch off; 4: a jump on purpose
            NoteAlignerConfig config = NoteAlignerConfig.defaults().withLatencySeconds(0).withLeapSearch(run == 0)
                    .withFollower(NoteFollowerConfig.defaults().withEnabled(run >= 3));
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, config);
            int leapFrame = 440;
            for (int f = 0; f <= leapFrame; f++) {
                refiner.pushFrame(performance.frame(f));
                // followed well up to 20 s; then 2 s unsure (nothing refined)
                if (f >= 60 && f <= 400 && f % 2 == 0) {
                    double beats = performance.beatAt(f / 20.0);
                    refiner.refine(position(track, SessionState.FOLLOWING, "p", beats,
                            SyntheticPerformance.tempo(beats) * 60, f));
                }
            }
            if (run == 2 || run == 4) {
                refiner.jumped();
            }
            // the follower lands 4 s of music ahead of the players
            double truth = performance.beatAt(leapFrame / 20.0);
            double landed = performance.beatAt(leapFrame / 20.0 + 4);
            TrackedPosition refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", landed,
                    SyntheticPerformance.tempo(truth) * 60, leapFrame));
            errorSeconds[run] = Math.abs(refined.place().scoreBeats() - truth) / SyntheticPerformance.tempo(truth);
        }
        assertThat(errorSeconds[0]).as("searched across the leap, s").isLessThan(0.15);
        assertThat(errorSeconds[1]).as("without the search the refinement stays near the landing, s")
                .isGreaterThan(2);
        assertThat(errorSeconds[2]).as("a jump made on purpose is taken as it is, s").isGreaterThan(2);
        assertThat(errorSeconds[3]).as("the note follower did not leap, s").isLessThan(0.15);
        assertThat(errorSeconds[4]).as("the note follower is placed where the session jumped, s").isGreaterThan(2);
    }

    @Test
    void theNoteFollowerGoesOnWhereTheEmbeddingFollowerStalls() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 23);
        double[] errorSeconds = new double[2];
        for (int run = 0; run < 2; run++) {
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig
                    .defaults().withFollower(NoteFollowerConfig.defaults().withEnabled(run == 1)));
            TrackedPosition refined = null;
            for (int f = 0; f <= 600; f++) {
                refiner.pushFrame(performance.frame(f));
                if (f >= 60 && f % 2 == 0) {
                    // followed well up to 20 s, then the embedding follower stands still for 10 s
                    double beats = performance.beatAt(Math.min(f, 400) / 20.0);
                    refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", beats,
                            SyntheticPerformance.tempo(beats) * 60, f));
                }
            }
            double truth = performance.beatAt(600 / 20.0);
            errorSeconds[run] = Math.abs(refined.place().scoreBeats() - truth) / SyntheticPerformance.tempo(truth);
        }
        assertThat(errorSeconds[0]).as("each position refined on its own, s").isGreaterThan(2);
        assertThat(errorSeconds[1]).as("the note follower, s").isLessThan(0.15);
    }

    @Test
    void whileTheEmbeddingFollowerIsLostTheNotesVouchForTheirPlace() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        // a steady 2 quarter notes a second (how the notes fit while lost is measured against how they fit before)
        SyntheticPerformance performance = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 31), 96,
                b -> 2.0);
        SyntheticPerformance otherMusic = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 32), 96,
                b -> 2.0);
        // 0: the notes vouch; 1: never asked to; 2: as 0, but from 20 s on the players play other music
        TrackedPosition[] last = new TrackedPosition[3];
        TrackedPosition[] given = new TrackedPosition[3];
        double[] relocatedBeats = {Double.NaN, Double.NaN, Double.NaN};
        for (int run = 0; run < 3; run++) {
            // the synthetic notes fit their own audio 0.18–0.26 per frame from passage to passage, other music 0.43:
            // a tolerance over that spread (the default 1.3 was chosen on real recordings)
            NoteFollowerConfig follower = NoteFollowerConfig.defaults().withLostFitTolerance(run == 1 ? 0 : 1.6);
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                    NoteAlignerConfig.defaults().withFollower(follower));
            for (int f = 0; f <= 600; f++) {
                refiner.pushFrame(run == 2 && f > 400 ? otherMusic.frame(f) : performance.frame(f));
                if (f < 60 || f % 2 != 0) {
                    continue;
                }
                // followed well for 20 s; then the embedding follower is lost, stuck 20 beats ahead
                double beats = f <= 400 ? performance.beatAt(f / 20.0) : performance.beatAt(400 / 20.0) + 20;
                given[run] = position(track, f <= 400 ? SessionState.FOLLOWING : SessionState.LOST, "p", beats,
                        120, f);
                last[run] = refiner.refine(given[run]);
                double relocation = refiner.relocation();
                if (f > 400 && Double.isNaN(relocatedBeats[run]) && Double.isFinite(relocation)) {
                    relocatedBeats[run] = track.scoreBeats(relocation) - performance.beatAt(f / 20.0);
                }
            }
        }
        double truth = performance.beatAt(600 / 20.0);
        assertThat(last[0].state()).isEqualTo(SessionState.FOLLOWING);
        assertThat(Math.abs(last[0].place().scoreBeats() - truth) / 2).as("vouched for, error s").isLessThan(0.15);
        assertThat(last[0].confidence()).isGreaterThanOrEqualTo(NoteRefiner.VOUCHED_CONFIDENCE);
        assertThat(Math.abs(relocatedBeats[0])).as("the embedding follower re-synced there, beats off").isLessThan(0.5);
        assertThat(last[1]).as("not asked to vouch").isSameAs(given[1]);
        assertThat(last[2]).as("other music: the notes do not vouch").isSameAs(given[2]);
    }

    @Test
    void theNoteFollowerMovesToTheEmbeddingFollowerWhereTheNotesFitThereBetter() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 29);
        // the note follower is placed 8 s of music ahead; from then on the follower is right
        double moved = secondsOffAfterAMisplacedStart(track, performance, NoteAlignerConfig.defaults()
                .withFollower(NoteFollowerConfig.defaults().withSwitchSteps(5)), 200, 8, 400);
        double never = secondsOffAfterAMisplacedStart(track, performance, NoteAlignerConfig.defaults()
                .withFollower(NoteFollowerConfig.defaults().withSwitchSteps(1000)), 200, 8, 400);
        assertThat(moved).as("moved to the embedding follower, s").isLessThan(0.15);
        assertThat(never).as("never moved, s").isGreaterThan(2);
    }

    /**
     * Seconds off the players at {@code endFrame}, for a refiner given the players' place at every second frame from
     * {@code fromFrame} on, except at {@code fromFrame} itself: there {@code offsetSeconds} of music off (negative:
     * behind), where its note follower starts.
     */
    private static double secondsOffAfterAMisplacedStart(ScoreTrack track, SyntheticPerformance performance,
            NoteAlignerConfig config, int fromFrame, double offsetSeconds, int endFrame) {
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, config);
        TrackedPosition refined = null;
        for (int f = 0; f <= endFrame; f++) {
            refiner.pushFrame(performance.frame(f));
            if (f >= fromFrame && f % 2 == 0) {
                double beats = performance.beatAt(f / 20.0 + (f == fromFrame ? offsetSeconds : 0));
                refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", beats,
                        SyntheticPerformance.tempo(beats) * 60, f));
            }
        }
        double truth = performance.beatAt(endFrame / 20.0);
        return Math.abs(refined.place().scoreBeats() - truth) / SyntheticPerformance.tempo(truth);
    }

    /**
     * The note follower is placed some way behind the players, the embedding follower right from then on: it is
     * outvoted to the players' place from 12 s of music behind, but not from 45 s (more than {@link
     * NoteRefiner#FAR_OUTVOTE_SECONDS}), where only a skip could have taken the players, and a skip is the
     * session's to judge; there the notes keep their own path.
     */
    @Test
    void theNoteFollowerIsNotOutvotedToAPlaceFarAhead() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 60, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(240, 29);
        double near = secondsOffAfterAMisplacedStart(track, performance, NoteAlignerConfig.defaults(), 1000, -12, 1100);
        double far = secondsOffAfterAMisplacedStart(track, performance, NoteAlignerConfig.defaults(), 1000, -45, 1100);
        assertThat(near).as("outvoted from 12 s behind, s off").isLessThan(0.15);
        assertThat(far).as("kept its own path 45 s behind, s off").isGreaterThan(20);
    }

    @Test
    void aStalledPathIsJudgedAtThePlayersTempoToo() {
        // dense music at 2 quarter notes a second; the note follower's path has stalled 12 beats behind (its own
        // tempo 0.1), the embedding follower is right
        SyntheticPerformance performance = denseMusic(5);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        for (int f = 0; f < 600; f++) {
            aligner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(600 / 20.0);
        double margin = NoteAlignerConfig.defaults().jumpMargin();
        double stalled = 0.1;

        assertThat(NoteRefiner.fitsBetterThere(aligner, truth - 12, truth, stalled, 2.0, margin))
                .as("the players' place, at their tempo, outvotes the stalled path").isTrue();
        // at the stalled path's tempo alone both places are held still, and held still they fit alike badly
        assertThat(NoteRefiner.fitsBetterThere(aligner, truth - 12, truth, stalled, Double.NaN, margin))
                .as("judged at the stalled tempo only").isFalse();
        // the other way round: a path that is right is not outvoted by a wrong guess at either tempo
        assertThat(NoteRefiner.fitsBetterThere(aligner, truth, truth - 12, 2.0, 2.0, margin)).isFalse();
        assertThat(NoteRefiner.fitsBetterThere(aligner, truth, truth - 12, 2.0, 0.1, margin)).isFalse();
    }

    /** 96 quarter notes of dense music (four random notes a beat over two octaves), played at 2 quarter notes a second. */
    private static SyntheticPerformance denseMusic(long seed) {
        List<SyntheticPerformance.Note> notes = new ArrayList<>();
        Random random = new Random(seed);
        for (double b = 0; b < 96; b += 0.25) {
            notes.add(new SyntheticPerformance.Note(b, 0.25, 60 + random.nextInt(24)));
        }
        return new SyntheticPerformance(notes, 96, b -> 2.0);
    }

    @Test
    void anOutvoteBackAtSlowTempiIsRefusedWhereTheNotesFitAtTheUsualTempo() {
        // dense music at the players' usual 2 quarter notes a second; the tempi an outvote would be judged at are still
        // a slow passage's (0.6 and 0.8)
        SyntheticPerformance performance = denseMusic(7);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        double r = NoteRefiner.JUMP_CHECK_RADIUS_SECONDS;
        // how the notes usually fit: the worst of their fits at the players' place, every 5 s
        double usualFit = 0;
        for (int f = 0; f < 600; f++) {
            aligner.pushFrame(performance.frame(f));
            if (f >= 100 && f % 100 == 0) {
                usualFit = Math.max(usualFit, aligner.costNear(performance.beatAt((f + 1) / 20.0), 2.0, r));
            }
        }
        double truth = performance.beatAt(600 / 20.0);

        assertThat(NoteRefiner.resumedTheUsualTempo(aligner, truth, 0.6, 0.8, 2.0, usualFit))
                .as("the note follower with the players: no outvote back").isTrue();
        assertThat(NoteRefiner.resumedTheUsualTempo(aligner, truth + 12, 0.6, 0.8, 2.0, usualFit))
                .as("a note follower that ran 12 beats ahead fits badly there: outvoted as before").isFalse();
        assertThat(NoteRefiner.resumedTheUsualTempo(aligner, truth, 1.5, 0.8, 2.0, usualFit))
                .as("a tempo near the usual one: no slow passage").isFalse();
        assertThat(NoteRefiner.resumedTheUsualTempo(aligner, truth, 0.6, 0.8, Double.NaN, usualFit))
                .as("no usual tempo yet").isFalse();
    }

    @Test
    void asksTheSessionToGoBackWhenThePlayersReplayWhatTheyJustPlayed() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 31);
        // on; on in a refiner started mid-session (a service starts one when it identifies the piece, so the
        // session's frame numbers do not start at its first frame); off
        for (int run = 0; run < 3; run++) {
            boolean on = run < 2;
            long sessionFrames = run == 1 ? 12_345 : 0;
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig
                    .defaults().withReplay(ReplayConfig.defaults().withEnabled(on)));
            // 30 s played and followed; then the players restart from 14 s, and the embedding follower goes on
            // as if nothing happened
            double asked = Double.NaN;
            long askedAtFrame = -1;
            for (int f = 0; f < 700 && askedAtFrame < 0; f++) {
                int played = f < 600 ? f : 280 + (f - 600);
                refiner.pushFrame(performance.frame(played));
                if (f >= 60 && f % 2 == 0) {
                    double guess = performance.beatAt(f / 20.0);
                    refiner.refine(position(track, SessionState.FOLLOWING, "p", guess,
                            SyntheticPerformance.tempo(guess) * 60, sessionFrames + f));
                    double relocation = refiner.relocation();
                    if (Double.isFinite(relocation)) {
                        asked = relocation;
                        askedAtFrame = f;
                    }
                }
            }
            if (!on) {
                assertThat(askedAtFrame).as("replays not looked for").isEqualTo(-1);
                continue;
            }
            assertThat(askedAtFrame).as("asked within 3 s of the restart, run " + run).isBetween(600L, 660L);
            double truth = performance.beatAt((280 + (askedAtFrame - 600)) / 20.0);
            assertThat(Math.abs(track.scoreBeats(asked) - truth) / SyntheticPerformance.tempo(truth))
                    .as("error of the place asked for, s").isLessThan(0.2);
            assertThat(refiner.relocation()).as("asking clears it").isNaN();
            // the session re-seeds its follower; its first position after is still a guess far off, yet the
            // notes are followed from where the replay was found
            refiner.jumped();
            long next = askedAtFrame + 2;
            refiner.pushFrame(performance.frame((int) (280 + (next - 1 - 600))));
            refiner.pushFrame(performance.frame((int) (280 + (next - 600))));
            double farGuess = performance.beatAt(next / 20.0);
            TrackedPosition after = refiner.refine(position(track, SessionState.FOLLOWING, "p", farGuess,
                    SyntheticPerformance.tempo(farGuess) * 60, sessionFrames + next));
            double truthAfter = performance.beatAt((280 + (next - 600)) / 20.0);
            assertThat(Math.abs(after.place().scoreBeats() - truthAfter) / SyntheticPerformance.tempo(truthAfter))
                    .as("error after the jump, s").isLessThan(0.2);
        }
    }

    @Test
    void aNearExactCopyOfMusicTheScoreHasOnceNeedsNoSayOfTheNotes() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance once = new SyntheticPerformance(96, 31);
        // the same length of music as a written repeat unfolds it: 48 beats, then the same 48 again
        List<SyntheticPerformance.Note> twice = new ArrayList<>(SyntheticPerformance.randomNotes(48, 31));
        for (SyntheticPerformance.Note n : SyntheticPerformance.randomNotes(48, 31)) {
            twice.add(new SyntheticPerformance.Note(n.onsetBeats() + 48, n.durationBeats(), n.midiPitch()));
        }
        SyntheticPerformance repeated = new SyntheticPerformance(twice, 96, Double.NaN, 0);
        // 0: a restart in music played once; 1: the same, every copy left to the notes; 2: straight through
        // the written repeat, whose second playing copies the first. The notes never fit a place clearly better
        // here (a far-jump margin no fit can reach), as in renderings whose notes tell little
        for (int run = 0; run < 3; run++) {
            SyntheticPerformance performance = run < 2 ? once : repeated;
            ReplayConfig replay = ReplayConfig.defaults().withUniqueCostPerFrame(run == 1 ? 0 : 0.02);
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig
                    .defaults().withFarJumpMargin(5).withReplay(replay));
            long askedAtFrame = -1;
            double asked = Double.NaN;
            int frames = run < 2 ? 700 : (int) (performance.seconds() * 20) - 10;
            for (int f = 0; f < frames && askedAtFrame < 0; f++) {
                int played = run == 2 || f < 600 ? f : 280 + (f - 600);
                refiner.pushFrame(performance.frame(played));
                if (f >= 60 && f % 2 == 0) {
                    double guess = performance.beatAt(f / 20.0);
                    refiner.refine(position(track, SessionState.FOLLOWING, "p", guess,
                            SyntheticPerformance.tempo(guess) * 60, f));
                    double relocation = refiner.relocation();
                    if (Double.isFinite(relocation)) {
                        asked = relocation;
                        askedAtFrame = f;
                    }
                }
            }
            if (run > 0) {
                assertThat(askedAtFrame).as("run " + run + ": never asked").isEqualTo(-1);
                continue;
            }
            assertThat(askedAtFrame).as("asked within 3 s of the restart").isBetween(600L, 660L);
            double truth = once.beatAt((280 + (askedAtFrame - 600)) / 20.0);
            assertThat(Math.abs(track.scoreBeats(asked) - truth) / SyntheticPerformance.tempo(truth))
                    .as("error of the place asked for, s").isLessThan(0.2);
        }
    }

    @Test
    void aCopyOfAHandfulOfNotesIsNoProofThatTheScoreHasThemOnlyOnce() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        // one note every two beats, each held: a few seconds of it hold fewer notes than it takes to tell that
        // they recur nowhere else (a phrase back with one note changed would pass for music played once)
        java.util.Random random = new java.util.Random(31);
        List<SyntheticPerformance.Note> sparse = new ArrayList<>();
        for (int b = 0; b < 96; b += 2) {
            sparse.add(new SyntheticPerformance.Note(b, 2, 60 + random.nextInt(20)));
        }
        SyntheticPerformance performance = new SyntheticPerformance(sparse, 96, Double.NaN, 0);
        // the same restart as above (back from frame 600 to 280), copies near-exact, the notes' say out of reach
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults()
                .withFarJumpMargin(5).withReplay(ReplayConfig.defaults().withUniqueCostPerFrame(0.02)));
        double lastTruth = Double.NaN;
        for (int f = 0; f < 700; f++) {
            int played = f < 600 ? f : 280 + (f - 600);
            refiner.pushFrame(performance.frame(played));
            if (f >= 60 && f % 2 == 0) {
                double guess = performance.beatAt(f / 20.0);
                lastTruth = performance.beatAt(played / 20.0);
                refiner.refine(position(track, SessionState.FOLLOWING, "p", guess,
                        SyntheticPerformance.tempo(guess) * 60, f));
                assertThat(refiner.relocation()).as("frame " + f + ": moved on a copy of "
                        + performance.scoreNotes().struckBetween(lastTruth - 8, lastTruth) + " notes").isNaN();
            }
        }
        assertThat(lastTruth).as("the restart was played").isLessThan(performance.beatAt(600 / 20.0) - 10);
    }

    @Test
    void musicTheScoreHasTwiceIsPlacedAtItsPlayingNearestThePlayers() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        // 48 beats, then the same 48 again (a written repeat, unfolded)
        List<SyntheticPerformance.Note> twice = new ArrayList<>(SyntheticPerformance.randomNotes(48, 37));
        for (SyntheticPerformance.Note n : SyntheticPerformance.randomNotes(48, 37)) {
            twice.add(new SyntheticPerformance.Note(n.onsetBeats() + 48, n.durationBeats(), n.midiPitch()));
        }
        SyntheticPerformance performance = new SyntheticPerformance(twice, 96, Double.NaN, 0);
        // the note follower's own place is not asked for while lost (it would be right here, and asked first)
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults()
                .withFollower(NoteFollowerConfig.defaults().withLostFitTolerance(0)));
        // followed up to beat 40; then the session is lost there (its position held) while the players go on
        // through the repeat: the newest audio copies the first playing, but they are at the second
        double asked = Double.NaN;
        long askedAtFrame = -1;
        for (int f = 0; f < (int) (performance.seconds() * 20) - 10 && askedAtFrame < 0; f++) {
            refiner.pushFrame(performance.frame(f));
            if (f < 60 || f % 2 != 0) {
                continue;
            }
            double truth = performance.beatAt(f / 20.0);
            boolean lost = truth > 40;
            double tempoBpm = SyntheticPerformance.tempo(truth) * 60;
            refiner.refine(position(track, lost ? SessionState.LOST : SessionState.FOLLOWING, "p",
                    lost ? 40 : truth, tempoBpm, f));
            double relocation = refiner.relocation();
            if (Double.isFinite(relocation)) {
                asked = relocation;
                askedAtFrame = f;
            }
        }
        assertThat(askedAtFrame).as("asked").isPositive();
        double truth = performance.beatAt(askedAtFrame / 20.0);
        assertThat(truth).as("in the second playing").isGreaterThan(48);
        assertThat(Math.abs(track.scoreBeats(asked) - truth) / SyntheticPerformance.tempo(truth))
                .as("error of the place asked for, s").isLessThan(0.3);
    }

    /**
     * Bars 5-8 of 20 (written beats 16-32) are repeated: the follower walks the unfolded order (96 beats, a branch
     * point at unfolded beat 32 to 48 and at 48 back to 32). The players skip the repeat, take it as written, or
     * take it once more, at 2 quarter notes a second, while the embedding follower walks on as if they took it
     * once. Replays are not looked for, so only the branch check can move them.
     */
    @Test
    void findsWhichWayThePlayersWentWhereTheScoreBranches() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 20, 1, 4, 7));
        assertThat(track.junctions()).containsExactly(new ScoreTrack.Junction(32, 48), new ScoreTrack.Junction(48, 32));
        List<SyntheticPerformance.Note> written = SyntheticPerformance.randomNotes(80, 43);
        List<SyntheticPerformance.Note> unfolded = unfold(written, 32, 16, 1);
        java.util.function.DoubleUnaryOperator steady = b -> 2;
        ScoreNotes scoreNotes = new SyntheticPerformance(unfolded, 96, steady).scoreNotes();
        // 0: skipped; 1: skipped, the check off; 2: taken as written; 3: taken twice
        for (int run = 0; run < 4; run++) {
            List<SyntheticPerformance.Note> played = run < 2 ? written : run == 2 ? unfolded : unfold(written, 32, 16, 2);
            int beats = run < 2 ? 80 : run == 2 ? 96 : 112;
            SyntheticPerformance performance = new SyntheticPerformance(played, beats, steady);
            NoteRefiner refiner = new NoteRefiner(track, scoreNotes, CHROMA, NoteAlignerConfig.defaults()
                    .withReplay(ReplayConfig.defaults().withEnabled(false))
                    .withRepeats(RepeatConfig.defaults().withEnabled(run != 1)));
            long askedAtFrame = -1;
            double asked = Double.NaN;
            int frames = (int) (performance.seconds() * 20) - 10;
            for (int f = 0; f < frames && askedAtFrame < 0; f++) {
                refiner.pushFrame(performance.frame(f));
                if (f >= 60 && f % 2 == 0) {
                    double walkedOn = Math.min(95, f / 10.0);
                    refiner.refine(position(track, SessionState.FOLLOWING, "p", walkedOn, 120, f));
                    double relocation = refiner.relocation();
                    if (Double.isFinite(relocation)) {
                        asked = relocation;
                        askedAtFrame = f;
                    }
                }
            }
            if (run == 1 || run == 2) {
                assertThat(askedAtFrame).as("run " + run + ": never asked").isEqualTo(-1);
                continue;
            }
            // skipped: from beat 32 (16 s) the players are 16 beats further on; twice: from beat 48 (24 s) 16 back
            double playedBeats = askedAtFrame / 10.0;
            long branchFrame = run == 0 ? 320 : 480;
            double truth = run == 0 ? playedBeats + 16 : playedBeats - 16;
            assertThat(askedAtFrame).as("run " + run + ": asked within 3 s").isBetween(branchFrame, branchFrame + 60);
            assertThat(Math.abs(track.scoreBeats(asked) - truth) / 2).as("run " + run + ": error, s").isLessThan(0.3);
        }
    }

    /**
     * A written repeat played as written, with the follower 2.5 s behind in its second playing (and no note
     * follower to put it right): the newest audio copies the first playing, where the notes fit better than near
     * the lagging place, but that is the same place on the page, so the session is not sent back to the first
     * playing. Without the rule (NoteRefiner's same-place check) the replay is asked for at frame 430.
     */
    @Test
    void theSecondPlayingOfARepeatIsNoReplayOfTheFirst() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 20, 1, 4, 7));
        List<SyntheticPerformance.Note> unfolded = unfold(SyntheticPerformance.randomNotes(80, 47), 32, 16, 1);
        SyntheticPerformance performance = new SyntheticPerformance(unfolded, 96, b -> 2);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults()
                .withFollower(NoteFollowerConfig.defaults().withEnabled(false))
                .withRepeats(RepeatConfig.defaults().withEnabled(false)));
        int frames = (int) (performance.seconds() * 20) - 10;
        for (int f = 0; f < frames; f++) {
            refiner.pushFrame(performance.frame(f));
            if (f >= 60 && f % 2 == 0) {
                double truth = f / 10.0;
                double guess = truth >= 40 && truth < 48 ? truth - 5 : truth;
                refiner.refine(position(track, SessionState.FOLLOWING, "p", guess, 120, f));
                assertThat(refiner.relocation()).as("frame " + f).isNaN();
            }
        }
    }

    /**
     * The written notes with the span {@code [end - length, end)} played {@code times} more times after {@code
     * end}, everything later moved on.
     */
    private static List<SyntheticPerformance.Note> unfold(List<SyntheticPerformance.Note> written, double end,
            double length, int times) {
        List<SyntheticPerformance.Note> out = new ArrayList<>();
        for (SyntheticPerformance.Note n : written) {
            double onset = n.onsetBeats();
            if (onset < end) {
                out.add(n);
                if (onset >= end - length) {
                    for (int t = 1; t <= times; t++) {
                        out.add(new SyntheticPerformance.Note(onset + t * length, n.durationBeats(), n.midiPitch()));
                    }
                }
            } else {
                out.add(new SyntheticPerformance.Note(onset + times * length, n.durationBeats(), n.midiPitch()));
            }
        }
        return out;
    }

    @Test
    void theNoteFollowerHoldsThroughAPauseAndGoesOnWhereThePlayersResume() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 23);
        NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        float[] silence = new float[performance.frame(0).length];
        // 20 s played and followed, then 5 s of silence (the session steps nothing then), then the players go on
        // from where they stopped; the embedding follower's guesses are 0.5 s ahead of them throughout
        int stopAt = 400;
        int pause = 100;
        List<Double> errorsAfter = new ArrayList<>();
        for (int f = 0; f < stopAt + pause + 40; f++) {
            boolean paused = f >= stopAt && f < stopAt + pause;
            int played = f < stopAt ? f : f - pause;
            refiner.pushFrame(paused ? silence : performance.frame(played));
            if (paused || f < 60 || f % 2 != 0) {
                continue;
            }
            double truth = performance.beatAt(played / 20.0);
            double guess = performance.beatAt(played / 20.0 + 0.5);
            TrackedPosition refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", guess,
                    SyntheticPerformance.tempo(truth) * 60, f));
            if (f >= stopAt + pause) {
                errorsAfter.add(Math.abs(refined.place().scoreBeats() - truth) / SyntheticPerformance.tempo(truth));
            }
        }
        errorsAfter.sort(Double::compare);
        // stepping through the pause at the tempo, the path was 7 s ahead on resuming
        assertThat(errorsAfter.get(errorsAfter.size() - 1)).as("worst error in the 2 s after resuming, s")
                .isLessThan(1.0);
        assertThat(errorsAfter.get(errorsAfter.size() / 2)).as("median error then, s").isLessThan(0.15);
    }

    @Test
    void aRefinedPositionDoesNotWaverBackwards() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 24, 1, -1, -1));
        SyntheticPerformance performance = new SyntheticPerformance(96, 17);
        int[] wobbles = new int[3];
        List<Double> heldErrors = new ArrayList<>();
        List<Double> followedErrors = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            // each position refined on its own, 0: without the hold, 1: with it; 2: the note follower, no hold
            double hold = run == 1 ? NoteAlignerConfig.defaults().holdBackSeconds() : 0;
            NoteRefiner refiner = new NoteRefiner(track, performance.scoreNotes(), CHROMA,
                    NoteAlignerConfig.defaults().withLatencySeconds(0).withHoldBackSeconds(hold)
                            .withFollower(NoteFollowerConfig.defaults().withEnabled(run == 2)));
            java.util.Random random = new java.util.Random(3);
            double previous = Double.NaN;
            for (int f = 0; f < 900; f++) {
                refiner.pushFrame(performance.frame(f));
                if (f < 60 || f % 2 == 0) {
                    continue;
                }
                double truth = performance.beatAt(f / 20.0);
                double tempo = SyntheticPerformance.tempo(truth);
                // a follower within ±0.3 s, wandering from step to step
                double guess = performance.beatAt(f / 20.0 + 0.3 * (2 * random.nextDouble() - 1));
                TrackedPosition refined = refiner.refine(position(track, SessionState.FOLLOWING, "p", guess,
                        tempo * 60, f));
                double beats = refined.place().scoreBeats();
                if (beats < previous - 1e-6) {
                    wobbles[run]++;
                }
                if (run >= 1) {
                    (run == 1 ? heldErrors : followedErrors).add(Math.abs(beats - truth) / tempo);
                }
                previous = beats;
            }
        }
        assertThat(wobbles[0]).as("without the hold the alignment wavers").isGreaterThan(5);
        assertThat(wobbles[1]).isLessThan(wobbles[0] / 4);
        heldErrors.sort(Double::compare);
        assertThat(heldErrors.get(heldErrors.size() / 2)).as("median error with the hold, s").isLessThan(0.1);
        // the note follower's path is continuous: it does not waver with the embedding follower's guesses
        assertThat(wobbles[2]).isLessThan(wobbles[0] / 4);
        followedErrors.sort(Double::compare);
        assertThat(followedErrors.get(followedErrors.size() / 2)).as("median error followed, s").isLessThan(0.1);
    }

    private static TrackedPosition position(ScoreTrack track, SessionState state, String pieceId, double beats,
            double tempoBpm) {
        return position(track, state, pieceId, beats, tempoBpm, 400);
    }

    private static TrackedPosition position(ScoreTrack track, SessionState state, String pieceId, double beats,
            double tempoBpm, long frameIndex) {
        double trackPosition = track.positionAtBeats(beats);
        return new TrackedPosition(frameIndex, state, pieceId, track.locate(trackPosition), trackPosition, 40,
                tempoBpm, 1.0, 0.8f, null);
    }
}
