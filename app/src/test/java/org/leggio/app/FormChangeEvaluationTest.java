package org.leggio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.dataset.follow.TruthNote;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

class FormChangeEvaluationTest {

    private static FollowingPerformance performance(String pieceId, String folder, String player) {
        return new FollowingPerformance(pieceId, folder, Path.of(folder, "score.musicxml"), Path.of(player + ".npy"),
                player, 1.0, List.of());
    }

    @Test
    void theOtherPieceIsAnotherPieceNotTheSameMusicWithoutItsRepeats() {
        List<FollowingPerformance> performances = List.of(
                performance("Beethoven_21-1", "Beethoven/Piano_Sonatas/21-1", "A"),
                performance("Beethoven_21-1", "Beethoven/Piano_Sonatas/21-1_no_repeat", "B"),
                performance("Beethoven_26-2", "Beethoven/Piano_Sonatas/26-2", "C"));
        assertEquals("C", FormChangeEvaluation.otherPiece(performances, 0).performanceId());
        assertEquals("C", FormChangeEvaluation.otherPiece(performances, 1).performanceId());
        assertEquals("A", FormChangeEvaluation.otherPiece(performances, 2).performanceId());
    }

    @Test
    void aSplitOfOnePieceHasNoOtherPiece() {
        List<FollowingPerformance> performances = List.of(performance("P", "X/p", "A"),
                performance("P", "X/p_no_repeat", "B"));
        assertNull(FormChangeEvaluation.otherPiece(performances, 0));
    }

    private static TrackedPosition at(double seconds, String pieceId) {
        SessionState state = pieceId.isEmpty() ? SessionState.IDENTIFYING : SessionState.FOLLOWING;
        return new TrackedPosition(Math.round(seconds * 20), state, pieceId, null, 0, 0, Double.NaN, Double.NaN,
                0.5f, null);
    }

    private static TruthNote note(double seconds, String pieceId) {
        return new TruthNote(seconds, pieceId, 0, 0, "1", 0, 0, 0);
    }

    @Test
    void countsSwitchesToAPieceNotPlayedButNotLateSwitchesToTheOnePlayed() {
        // played: folder A until 30 s, then folder B; followed: library ids a and b
        List<TruthNote> notes = List.of(note(0, "A"), note(10, "A"), note(30, "B"), note(40, "B"), note(60, "B"));
        List<TrackedPosition> positions = List.of(at(0, "a"), at(20, "b"), at(25, "a"), at(33, "a"), at(35, "b"),
                at(45, ""), at(50, "a"), at(55, "b"));
        // b at 20 s (A played) and a at 50 s (B played) are wrong; a at 25 s and b at 35 s and 55 s are right
        assertEquals(2, FormChangeEvaluation.wrongPieceSwitches(positions, notes, "a"));
        assertEquals(0, FormChangeEvaluation.wrongPieceSwitches(List.of(at(0, "a"), at(31, "a"), at(36, "b")), notes,
                "a"));
    }
}
