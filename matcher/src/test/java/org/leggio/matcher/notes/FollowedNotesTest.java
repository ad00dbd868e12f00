package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.ScoreIndex;
import org.junit.jupiter.api.Test;

class FollowedNotesTest {
    private static final OtherPieceConfig SEARCHING = OtherPieceConfig.defaults().withEnabled(true);
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);

    @Test
    void refinesWithTheNotesOfWhicheverPieceIsFollowedFromWhenItCameToIt() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        // "a" carries its notes in its score index, "b" none
        PieceLibrary library = PieceLibrary.of(List.of(
                SyntheticScores.piece("a", 24, 1, -1, -1).toBuilder().setNotes(performance.playedNotes()).build(),
                SyntheticScores.piece("b", 24, 1, -1, -1)));
        FollowedNotes notes = FollowedNotes.ofLibrary(library,
                CHROMA, NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1));
        assertThat(notes.active()).isFalse();
        notes.follow("b");
        assertThat(notes.active()).as("no notes known for b").isFalse();
        // the session comes to "a" at 10 s (frame 200): the refiner hears the music from then on
        int cameAt = 200;
        for (int f = 0; f < cameAt; f++) {
            notes.pushFrame(performance.frame(f));
        }
        notes.follow("a");
        assertThat(notes.pieceId()).isEqualTo("a");
        ScoreTrack track = library.track(0);
        int frame = cameAt + 100;
        for (int f = cameAt; f <= frame; f++) {
            notes.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(frame / 20.0);
        double tempo = SyntheticPerformance.tempo(truth);
        TrackedPosition coarse = position(track, "a", performance.beatAt(frame / 20.0 - 0.4), tempo * 60, frame);
        TrackedPosition refined = notes.refine(coarse);
        assertThat(Math.abs(refined.place().scoreBeats() - truth) / tempo).as("error, s").isLessThan(0.1);
        assertThat(Math.abs(coarse.place().scoreBeats() - truth) / tempo).isGreaterThan(0.3);

        notes.follow("");
        assertThat(notes.pieceId()).as("identifying again: kept").isEqualTo("a");
        notes.follow("b");
        assertThat(notes.active()).isFalse();
        TrackedPosition inB = position(library.track(1), "b", 10, 120, frame + 2);
        assertThat(notes.refine(inB)).isSameAs(inB);
        assertThat(notes.relocation()).isNaN();
        assertThat(notes.allows("b", 1, 50, true)).isTrue();
    }

    @Test
    void findsThePlayersInAnotherPieceByItsNotesAndNotInARestartOfTheirOwn() {
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(96, 23);
        PieceLibrary library = twoPieces(a, b);
        int cut = 300;
        // the players change to b at 15 s, entering it at its 10 s
        Evidence.OtherPiece inB = null;
        double foundAfterSeconds = Double.NaN;
        double truthInB = Double.NaN;
        FollowedNotes notes = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults().withAnchorWeight(1),
                SEARCHING);
        notes.follow("a");
        for (int f = 0; f < cut + 100 && inB == null; f++) {
            boolean played = f < cut;
            notes.pushFrame(played ? a.frame(f) : b.frame(f - cut + 200));
            if (f % 2 == 1) {
                // the session still follows a, at the tempo and place it had before the change
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                notes.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
                inB = notes.otherPiece(() -> new int[] {1});
                if (played) {
                    assertThat(inB).as("another piece while a is played, frame %d", f).isNull();
                } else if (inB != null) {
                    foundAfterSeconds = (f + 1 - cut) / 20.0;
                    truthInB = b.beatAt((f + 1 - cut + 200) / 20.0);
                }
            }
        }
        assertThat(inB).as("b found").isNotNull();
        assertThat(inB.pieceOrdinal()).isEqualTo(1);
        assertThat(foundAfterSeconds).as("seconds after the change").isLessThanOrEqualTo(2.5);
        double foundBeats = library.track(1).scoreBeats(inB.trackPosition());
        assertThat(Math.abs(foundBeats - truthInB)).as("beats off in b").isLessThan(1.0);
        // the session comes to b: its refiner has heard the newest seconds already and refines at once
        notes.follow("b");
        int next = cut + (int) Math.round(foundAfterSeconds * 20);
        notes.pushFrame(b.frame(next - cut + 200));
        double truthNext = b.beatAt((next + 1 - cut + 200) / 20.0);
        TrackedPosition behind = position(library.track(1), "b", truthNext - 0.8, inB.beatsPerSecond() * 60, next);
        double refinedNext = notes.refine(behind).place().scoreBeats();
        assertThat(Math.abs(refinedNext - truthNext)).as("refined in b one frame after the change, beats")
                .isLessThan(0.4);
        FollowedNotes unprimed = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(), SEARCHING);
        unprimed.follow("b");
        unprimed.pushFrame(b.frame(next - cut + 200));
        assertThat(unprimed.refine(behind)).as("a refiner that has heard one frame cannot refine").isSameAs(behind);

        // switched off, the same change finds nothing
        FollowedNotes off = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(),
                SEARCHING.withEnabled(false));
        off.follow("a");
        for (int f = 0; f < cut + 100; f++) {
            off.pushFrame(f < cut ? a.frame(f) : b.frame(f - cut + 200));
            if (f % 2 == 1) {
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                off.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
                assertThat(off.otherPiece(() -> new int[] {1})).isNull();
            }
        }

        // the players restart 8 s back in a: a's own notes explain it, so no other piece
        FollowedNotes restart = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(), SEARCHING);
        restart.follow("a");
        for (int f = 0; f < cut + 100; f++) {
            restart.pushFrame(a.frame(f < cut ? f : f - 160));
            if (f % 2 == 1) {
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                restart.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
                assertThat(restart.otherPiece(() -> new int[] {1})).as("frame %d", f).isNull();
            }
        }
    }

    @Test
    void aPlaceThatFittedTheMusicBeforeAsWellAsNowIsNoChangeOfPiece() {
        // b's beats 12-72 are one chord struck every quarter note: a place there fits any stretch of it alike
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        List<SyntheticPerformance.Note> notes = notesOutside(23, 12, 72);
        for (int beat = 12; beat < 72; beat++) {
            for (int pitch : new int[] {48, 60, 64, 67}) {
                notes.add(new SyntheticPerformance.Note(beat, 1, pitch));
            }
        }
        SyntheticPerformance b = new SyntheticPerformance(notes, 96, Double.NaN, 0);
        PieceLibrary library = twoPieces(a, b);
        // the players change to b's chords at 15 s, but b is searched only from 25 s on (say identification did not
        // vote for it before): by then the music heard 3-8 s before is the same chord, which the place found
        // explains as well as the newest
        assertThat(firstFindSeconds(library, a, b, SEARCHING, 500)).as("with the check").isNaN();
        // without it, b is taken once the search has learnt how well a usually fits (2 s of looks and more)
        double unchecked = firstFindSeconds(library, a, b, SEARCHING.withEarlierMargin(0), 500);
        assertThat(unchecked).as("without the check").isBetween(25.0, 40.0);
    }

    @Test
    void aPieceFoundIsNotRefusedForFittingTheMusicBeforeElsewhere() {
        // b holds, at its beats 60-76, the notes a's players played in the seconds before they changed to b (a's
        // beats 14-30): the music before the change fits b there, far from where the players came into b
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        List<SyntheticPerformance.Note> notes = notesOutside(23, 60, 76);
        a.notes.stream().filter(n -> n.onsetBeats() >= 14 && n.onsetBeats() < 30)
                .forEach(n -> notes.add(new SyntheticPerformance.Note(n.onsetBeats() + 46, n.durationBeats(),
                        n.midiPitch())));
        SyntheticPerformance b = new SyntheticPerformance(notes, 96, Double.NaN, 0);
        assertThat(a.beatAt(15)).as("a's beat at the change").isBetween(26.0, 34.0);
        PieceLibrary library = twoPieces(a, b);
        // the change at 15 s is found at the place the players came to, as where b holds none of a's notes
        assertThat(firstFindSeconds(library, a, b, SEARCHING, 0)).as("found, seconds into the audio")
                .isBetween(15.5, 17.5);
        // as built: the 2 s of a heard until a second before the change fit b best in its copy of a's notes
        NoteAligner inB = new NoteAligner(b.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        for (int f = 0; f < 280; f++) {
            inB.pushFrame(a.frame(f));
        }
        double before = inB.alignAnywhere(inB.noteTemplate(), SyntheticPerformance.tempo(a.beatAt(14)), 40, 1);
        assertThat(before).as("where in b the music before the change fits").isBetween(60.0, 77.0);
    }

    @Test
    void aFindIsConfirmedByALookSoonerThanTheRoutineOnes() {
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(96, 23);
        PieceLibrary library = twoPieces(a, b);
        double routine = firstFindSeconds(library, a, b, SEARCHING.withConfirmSeconds(0.5), 0);
        double sooner = firstFindSeconds(library, a, b, SEARCHING.withConfirmSeconds(0.25), 0);
        assertThat(routine).as("the change at 15 s found, confirmed at a routine look").isBetween(15.0, 18.0);
        assertThat(routine - sooner).as("seconds saved").isCloseTo(0.25, org.assertj.core.api.Assertions.within(0.051));
        assertThatThrownBy(() -> SEARCHING.withConfirmSeconds(0.6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confirmSeconds");
    }

    @Test
    void aFindProposedOnLessAudioComesALookSooner() {
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(96, 23);
        PieceLibrary library = twoPieces(a, b);
        double whole = firstFindSeconds(library, a, b, SEARCHING.withFirstWindowSeconds(2.0), 0);
        double proposedSooner = firstFindSeconds(library, a, b, SEARCHING.withFirstWindowSeconds(1.0), 0);
        // the change at 15 s: proposed on 2 s of audio, mostly b's, and confirmed a look later
        assertThat(whole).as("proposed on the whole window").isBetween(16.5, 18.0);
        assertThat(whole - proposedSooner).as("seconds saved").isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.051));
        assertThat(proposedSooner).as("not before 1 s of b was heard").isGreaterThan(16.0);
        assertThatThrownBy(() -> SEARCHING.withFirstWindowSeconds(2.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("firstWindowSeconds");
    }

    @Test
    void aFindCarriesThePlayersTempoNotTheSearchsGuess() {
        // b's score marks 2 quarter notes a second, and the players take it at 1.2: the search guesses 2 (the
        // score's tempo at the players' ratio in a, 1) and fits them anyway, as it fits half to twice its guess
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 23), 96, beats -> 1.2);
        PieceLibrary library = twoPieces(a, b);
        assertThat(FollowedNotes.medianNotatedTempo(library.track(1))).isCloseTo(2.0, within(1e-9));
        int cut = 300;
        FollowedNotes notes = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(), SEARCHING);
        notes.follow("a");
        Evidence.OtherPiece inB = null;
        double truthInB = Double.NaN;
        for (int f = 0; f < cut + 200 && inB == null; f++) {
            notes.pushFrame(f < cut ? a.frame(f) : b.frame(f - cut + 200));
            if (f % 2 == 1) {
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                notes.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
                inB = notes.otherPiece(() -> new int[] {1});
                truthInB = b.beatAt((f + 1 - cut + 200) / 20.0);
            }
        }
        assertThat(inB).as("b found").isNotNull();
        assertThat(inB.beatsPerSecond()).as("the players' tempo in b").isCloseTo(1.2, withinPercentage(20));
        assertThat(library.track(1).scoreBeats(inB.trackPosition())).as("where in b").isCloseTo(truthInB, within(1.0));
    }

    @Test
    void aPieceWhoseScoreMarksNoTempoIsSearchedAtTempiAroundTheGuess() {
        // b's score marks no tempo (timed at the engraving's default, 2 quarter notes a second), and the players take
        // it at 0.7: the search guesses 2 (at their ratio in a, 1), and one search fits half to twice its tempo only
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 23), 96, beats -> 0.7);
        PieceLibrary unmarked = twoPieces(a, b);
        PieceLibrary marked = PieceLibrary.of(List.of(unmarked.piece(0), timedAt(unmarked.piece(1), 2.02)));
        assertThat(FollowedNotes.tempoMarked(unmarked.track(1))).isFalse();
        assertThat(FollowedNotes.tempoMarked(marked.track(1))).isTrue();
        Evidence.OtherPiece inUnmarked = firstFind(unmarked, a, b);
        Evidence.OtherPiece inMarked = firstFind(marked, a, b);
        assertThat(inUnmarked).as("b found").isNotNull();
        assertThat(inUnmarked.beatsPerSecond()).as("the players' tempo in b").isCloseTo(0.7, withinPercentage(10));
        // the same score with a tempo marked is searched at its guess alone: found, at the slowest tempo it fits
        assertThat(inMarked).isNotNull();
        assertThat(inMarked.beatsPerSecond()).as("held to half the guess").isGreaterThan(0.95);
        assertThat(inUnmarked.margin()).as("b's notes fit better at the players' tempo")
                .isGreaterThan(inMarked.margin());
    }

    @Test
    void identificationsNamingOfAnotherPieceIsConfirmedWhereTheNotesFitThereBetter() {
        // the players change from a to b at 15 s (b at 1.2 quarter notes a second); identification names b with the
        // place of the music a look-back (2.1 s) ago, before the change (a wrong naming) and 3 s after it
        SyntheticPerformance a = new SyntheticPerformance(96, 11);
        SyntheticPerformance b = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 23), 96, beats -> 1.2);
        PieceLibrary library = twoPieces(a, b);
        FollowedNotes notes = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(), SEARCHING);
        notes.follow("a");
        int cut = 300;
        double lookback = 2.1;
        for (int f = 0; f < cut + 60; f++) {
            notes.pushFrame(f < cut ? a.frame(f) : b.frame(f - cut + 200));
            if (f % 2 == 1) {
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                notes.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
            }
            double inB = (f + 1 - cut + 200) / 20.0; // seconds into b's performance
            double matched = library.track(1).positionAtBeats(b.beatAt(Math.max(0, inB - lookback)));
            if (f == cut - 21) {
                assertThat(notes.confirmOtherPiece(1, matched, lookback)).as("still in a").isNull();
            }
            if (f == cut + 59) {
                Evidence.OtherPiece confirmed = notes.confirmOtherPiece(1, matched, lookback);
                assertThat(confirmed).as("3 s into b").isNotNull();
                assertThat(library.track(1).scoreBeats(confirmed.trackPosition())).as("where the players are now")
                        .isCloseTo(b.beatAt(inB), within(1.0));
                assertThat(confirmed.beatsPerSecond()).isCloseTo(1.2, withinPercentage(20));
                assertThat(confirmed.margin()).isPositive();
            }
        }
    }

    /** The same piece, its score timed at {@code beatsPerSecond} quarter notes a second (a tempo marked). */
    private static ScoreIndex timedAt(ScoreIndex piece, double beatsPerSecond) {
        ScoreIndex.Builder timed = piece.toBuilder();
        for (int b = 0; b < timed.getBarsCount(); b++) {
            Bar bar = timed.getBars(b);
            timed.setBars(b, bar.toBuilder().setStartScoreMillis(1000 * bar.getStartBeats() / beatsPerSecond));
        }
        return timed.build();
    }

    /** 96 beats of random notes ({@code seed}) but those starting in [{@code fromBeats}, {@code toBeats}); mutable. */
    private static List<SyntheticPerformance.Note> notesOutside(long seed, double fromBeats, double toBeats) {
        return new java.util.ArrayList<>(SyntheticPerformance.randomNotes(96, seed).stream()
                .filter(n -> n.onsetBeats() < fromBeats || n.onsetBeats() >= toBeats).toList());
    }

    /** Pieces "a" and "b", with the notes of the two performances. */
    private static PieceLibrary twoPieces(SyntheticPerformance a, SyntheticPerformance b) {
        return PieceLibrary.of(List.of(
                SyntheticScores.piece("a", 24, 1, -1, -1).toBuilder().setNotes(a.playedNotes()).build(),
                SyntheticScores.piece("b", 24, 2, -1, -1).toBuilder().setNotes(b.playedNotes()).build()));
    }

    /** A find of another piece, and the seconds into the audio it came after. */
    private record Find(double seconds, Evidence.OtherPiece found) {}

    /**
     * Seconds into the audio when the search first finds another piece (NaN: never, within 40 s); the players
     * change from a to b at 15 s, and b is searched from frame {@code searchedFrom} on.
     */
    private static double firstFindSeconds(PieceLibrary library, SyntheticPerformance a, SyntheticPerformance b,
            OtherPieceConfig search, int searchedFrom) {
        Find find = firstFind(library, a, b, search, searchedFrom);
        return find == null ? Double.NaN : find.seconds();
    }

    /** The first find of another piece as {@link #firstFindSeconds} has it, b searched from the start (null: none). */
    private static Evidence.OtherPiece firstFind(PieceLibrary library, SyntheticPerformance a, SyntheticPerformance b) {
        Find find = firstFind(library, a, b, SEARCHING, 0);
        return find == null ? null : find.found();
    }

    private static Find firstFind(PieceLibrary library, SyntheticPerformance a, SyntheticPerformance b,
            OtherPieceConfig search, int searchedFrom) {
        int cut = 300;
        FollowedNotes notes = FollowedNotes.ofLibrary(library, CHROMA, NoteAlignerConfig.defaults(), search);
        notes.follow("a");
        for (int f = 0; f < 800; f++) {
            notes.pushFrame(f < cut ? a.frame(f) : b.frame(f - cut + 200));
            if (f % 2 == 1) {
                double beats = a.beatAt(Math.min(f, cut) / 20.0);
                notes.refine(position(library.track(0), "a", beats, SyntheticPerformance.tempo(beats) * 60, f));
                int[] candidates = f < searchedFrom ? new int[0] : new int[] {1};
                Evidence.OtherPiece found = notes.otherPiece(() -> candidates);
                if (found != null) {
                    return new Find((f + 1) / 20.0, found);
                }
            }
        }
        return null;
    }

    private static TrackedPosition position(ScoreTrack track, String pieceId, double beats, double tempoBpm,
            long frameIndex) {
        double trackPosition = track.positionAtBeats(beats);
        return new TrackedPosition(frameIndex, SessionState.FOLLOWING, pieceId, track.locate(trackPosition),
                trackPosition, 40, tempoBpm, 1.0, 0.8f, null);
    }
}
