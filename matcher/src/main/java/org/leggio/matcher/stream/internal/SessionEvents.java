package org.leggio.matcher.stream.internal;

import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.session.PageTurn;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.matcher.session.Verdict;
import org.leggio.proto.v1.Candidate;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.Identification;
import org.leggio.proto.v1.PageTurnKind;
import org.leggio.proto.v1.PositionUpdate;

/** Maps the pure matcher's answers to the wire messages of {@code session.proto}. Stateless. */
final class SessionEvents {
    private SessionEvents() {
    }

    static FollowState state(SessionState state) {
        return switch (state) {
            case IDLE -> FollowState.FOLLOW_STATE_IDLE;
            case IDENTIFYING -> FollowState.FOLLOW_STATE_IDENTIFYING;
            case FOLLOWING -> FollowState.FOLLOW_STATE_FOLLOWING;
            case LOST -> FollowState.FOLLOW_STATE_LOST;
        };
    }

    /** A position update; {@code state} overrides the position's own (PAUSED, or IDLE at the end). */
    static PositionUpdate.Builder position(String sessionId, TrackedPosition p, FollowState state, long frameIndex,
            long captureTimeMicros) {
        PositionUpdate.Builder b = PositionUpdate.newBuilder().setSessionId(sessionId).setState(state)
                .setFrameIndex(frameIndex).setCaptureTimeMicros(captureTimeMicros).setScoreBeats(Double.NaN);
        if (p == null) {
            return b;
        }
        // a follower's first tempi (a fit of a few matches) are no tempo to show: 0, unknown, until it has one
        b.setPieceId(p.pieceId()).setConfidence(p.confidence())
                .setTempoStripPxPerSecond((float) (p.tempoKnown() ? finite(p.tempoStripPxPerSecond()) : 0))
                .setTempoRelative((float) (p.tempoKnown() ? finite(p.tempoRelative()) : 0));
        ScoreTrack.Place place = p.place();
        if (place != null) {
            b.setPageIndex(place.pageIndex()).setSystemIndex(place.systemIndex()).setPageXPx(place.pageXPx())
                    .setStripXPx(place.stripXPx()).setBarLabel(place.barLabel() == null ? "" : place.barLabel())
                    .setScoreBeats(place.scoreBeats());
        }
        return b;
    }

    /** A page turn; the predicted end of the page is the capture time plus the seconds to it (none when NaN). */
    static org.leggio.proto.v1.PageTurn.Builder pageTurn(String sessionId, PageTurn turn, long frameIndex,
            long captureTimeMicros) {
        long ahead = Math.round(finite(Math.max(0, turn.secondsToEndOfPage())) * 1e6);
        return org.leggio.proto.v1.PageTurn.newBuilder().setSessionId(sessionId).setPieceId(turn.pieceId())
                .setFromPageIndex(turn.fromPage()).setToPageIndex(turn.toPage()).setKind(kind(turn.kind()))
                .setPredictedEndOfPageMicros(captureTimeMicros + ahead).setConfidence(turn.confidence())
                .setFrameIndex(frameIndex).setCaptureTimeMicros(captureTimeMicros);
    }

    private static PageTurnKind kind(PageTurn.Kind kind) {
        return switch (kind) {
            case FULL -> PageTurnKind.PAGE_TURN_KIND_FULL;
            case HALF -> PageTurnKind.PAGE_TURN_KIND_HALF;
        };
    }

    static Identification.Builder identification(String sessionId, Verdict verdict, PieceLibrary library,
            int maxCandidates, long frameIndex, long captureTimeMicros) {
        Verdict.Candidate best = verdict.best();
        Identification.Builder b = Identification.newBuilder().setSessionId(sessionId).setPieceId(best.pieceId())
                .setMetadata(library.piece(best.pieceOrdinal()).getMetadata()).setConfidence(verdict.confidence())
                .setMargin((float) Math.max(0, Math.min(1, verdict.margin()))).setFrameIndex(frameIndex)
                .setCaptureTimeMicros(captureTimeMicros);
        for (Verdict.Candidate c : verdict.candidates().subList(0, Math.min(maxCandidates, verdict.candidates().size()))) {
            b.addCandidates(Candidate.newBuilder().setPieceId(c.pieceId())
                    .setScore((float) Math.max(0, Math.min(1, 1 - c.cost())))
                    .setStripXPx(library.coarseTrack(c.pieceOrdinal()).stripXPx(c.endPosition())));
        }
        return b;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
