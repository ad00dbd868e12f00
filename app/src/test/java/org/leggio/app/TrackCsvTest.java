package org.leggio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.leggio.matcher.follow.FollowState;
import org.leggio.matcher.follow.FollowerPosition;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.junit.jupiter.api.Test;

class TrackCsvTest {
    private static final ScoreTrack.Place PLACE = new ScoreTrack.Place(1, 2, 310.5f, 1310.5f, "12", 44.25);

    @Test
    void writesTheTempoOnlyOnceTheFollowerKnowsThePlayers() {
        assertEquals("1.00,FOLLOWING,2,3,310.5,1310.5,12,44.250,96.0,0.800", TrackCsv.row(position(true)));
        assertEquals("1.00,FOLLOWING,2,3,310.5,1310.5,12,44.250,,0.800", TrackCsv.row(position(false)),
                "a fit of the first few matches is no tempo");
    }

    private static TrackedPosition position(boolean tempoKnown) {
        FollowerPosition behind = new FollowerPosition(19, FollowState.FOLLOWING, 130, 118, 6, 0.8f, 0.9f, 0.9, 0.2,
                tempoKnown);
        return new TrackedPosition(19, SessionState.FOLLOWING, "p", PLACE, 130, 60, 96, 1.1, 0.8f, behind);
    }
}
