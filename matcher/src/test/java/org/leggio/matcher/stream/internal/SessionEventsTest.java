package org.leggio.matcher.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.leggio.matcher.follow.FollowState;
import org.leggio.matcher.follow.FollowerPosition;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.proto.v1.PositionUpdate;
import org.junit.jupiter.api.Test;

class SessionEventsTest {
    @Test
    void aTempoTheFollowerDoesNotKnowYetIsSentAsUnknown() {
        for (boolean known : new boolean[] {true, false}) {
            FollowerPosition behind = new FollowerPosition(19, FollowState.FOLLOWING, 130, 118, 6, 0.8f, 0.9f, 0.9,
                    0.2, known);
            TrackedPosition p = new TrackedPosition(19, SessionState.FOLLOWING, "p",
                    new ScoreTrack.Place(0, 1, 10, 20, "3", 8), 130, 60, 96, 1.1, 0.8f, behind);
            PositionUpdate update = SessionEvents.position("s", p, SessionEvents.state(p.state()), 19, 950_000)
                    .build();
            assertThat(update.getTempoRelative()).isEqualTo(known ? 1.1f : 0f);
            assertThat(update.getTempoStripPxPerSecond()).isEqualTo(known ? 60f : 0f);
            assertThat(update.getScoreBeats()).as("the place is sent all the same").isEqualTo(8);
        }
    }
}
