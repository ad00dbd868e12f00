package org.leggio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.dataset.follow.FollowingPerformance;

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
}
