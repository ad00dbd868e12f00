package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.SessionEvent;

/** Checks on a session's events as a reader of leggio.positions sees them. */
final class Events {
    private Events() {
    }

    /** Every event numbered 0, 1, 2, … with no gap and no duplicate. */
    static void assertGapFree(List<SessionEvent> events) {
        for (int n = 0; n < events.size(); n++) {
            assertThat(sequenceOf(events.get(n))).as("sequence number of event %d", n).isEqualTo(n);
        }
    }

    /**
     * A reported confidence at which the matcher counts as confident: its follower's LOST threshold (0.4 of its own
     * confidence) as a session reports it (odds times e, {@code ConfidenceMap.DEFAULT}).
     */
    static final double CONFIDENT = 0.64;

    /** Where the matcher is confident, it is within a beat of the performance (median). */
    static void assertFollowsTheBeats(List<SessionEvent> events) {
        List<Double> errors = new ArrayList<>();
        double furthest = 0;
        for (SessionEvent event : events) {
            PositionUpdate p = event.getPosition();
            if (!event.hasPosition() || p.getState() != FollowState.FOLLOW_STATE_FOLLOWING) {
                continue;
            }
            double truth = GeneratedEtude.beatAt((p.getFrameIndex() + 1) / 20.0);
            furthest = Math.max(furthest, p.getScoreBeats());
            if (p.getConfidence() >= CONFIDENT && truth > 6 && truth < GeneratedEtude.BARS * 3 - 1) {
                errors.add(Math.abs(p.getScoreBeats() - truth));
            }
        }
        Collections.sort(errors);
        // the generated etude is music the model knows poorly (verification costs 0.6-0.9), so the matcher is
        // confident on a fifth of it at best: this asks that it follows at all, the median below that it is right
        assertThat(errors.size()).isGreaterThan(50);
        assertThat(errors.get(errors.size() / 2)).as("median beat error while confident").isLessThan(1.0);
        assertThat(furthest).as("well into the piece").isGreaterThan(GeneratedEtude.BARS * 3 / 2.0);
    }

    static long sequenceOf(SessionEvent event) {
        return switch (event.getEventCase()) {
            case POSITION -> event.getPosition().getSequenceNumber();
            case PAGE_TURN -> event.getPageTurn().getSequenceNumber();
            case IDENTIFICATION -> event.getIdentification().getSequenceNumber();
            default -> -1;
        };
    }

    /** Writes the position updates as CSV (kept under target/ for a person to look at). */
    static void writeCsv(java.nio.file.Path file, List<SessionEvent> events) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("sequence,frame,state,piece,page,system,bar,score_beats,confidence\n");
        for (SessionEvent e : events) {
            if (e.hasPosition()) {
                PositionUpdate p = e.getPosition();
                csv.append(p.getSequenceNumber()).append(',').append(p.getFrameIndex()).append(',')
                        .append(p.getState()).append(',').append(p.getPieceId()).append(',').append(p.getPageIndex())
                        .append(',').append(p.getSystemIndex()).append(',').append(p.getBarLabel()).append(',')
                        .append(p.getScoreBeats()).append(',').append(p.getConfidence()).append('\n');
            } else {
                csv.append(sequenceOf(e)).append(",,").append(e.getEventCase()).append('\n');
            }
        }
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, csv);
    }
}
