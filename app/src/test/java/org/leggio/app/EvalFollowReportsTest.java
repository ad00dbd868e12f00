package org.leggio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.matcher.eval.Report;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PageTurn;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

/** The page the evaluation takes the viewer to show, from a session's outputs. */
class EvalFollowReportsTest {

    private static MatcherSession.Output at(int step, String pieceId, int page, PageTurn turn) {
        TrackedPosition p = new TrackedPosition(2L * step + 1, SessionState.FOLLOWING, pieceId,
                new ScoreTrack.Place(page, 0, 100, 100, "1", step), step, 40, 120, 1, 0.9f, null);
        return new MatcherSession.Output(p, null, turn);
    }

    @Test
    void pagesChangeByTheSessionsTurnsAndWithThePieceFollowed() {
        List<MatcherSession.Output> outputs = new ArrayList<>();
        outputs.add(at(0, "a", 2, null));
        // the position is on page 3 but no turn yet (not confident): page 2 stays shown
        outputs.add(at(1, "a", 3, null));
        outputs.add(at(2, "a", 3, new PageTurn("a", 2, 3, PageTurn.Kind.FULL, 0, 0.9f)));
        // a half turn shows the next page's top only: the page shown stays
        outputs.add(at(3, "a", 3, new PageTurn("a", 3, 4, PageTurn.Kind.HALF, 2, 0.9f)));
        // the session switches to piece b on its page 0 and emits no turn: the viewer shows b's page 0
        outputs.add(at(4, "b", 0, null));
        outputs.add(at(5, "b", 1, null));
        List<Report> reports = EvalFollowCommand.reports(outputs);
        assertEquals(List.of(2, 2, 3, 3, 0, 0), reports.stream().map(Report::page).toList());
    }
}
