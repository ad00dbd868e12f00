package org.leggio.matcher.session;

import org.leggio.matcher.follow.ScoreTrack;

/**
 * Where a session is, for one audio embedding: the content of a {@code PositionUpdate}.
 *
 * @param frameIndex the embedding's last audio frame (20 frames per second)
 * @param state the session's state
 * @param pieceId the followed piece ("" when none)
 * @param place page, system, page x, strip x, bar, score beat (null when no piece)
 * @param trackPosition position on the piece's track (see {@link ScoreTrack}), fractional
 * @param tempoStripPxPerSecond speed along the strip, px per second
 * @param tempoBpm quarter notes per minute (NaN when the score has no bars)
 * @param tempoRelative tempo relative to the notated tempo (NaN when unknown)
 * @param confidence in [0, 1]; as a session reports it (following or lost), calibrated to be about the share of such
 *     positions that are within a beat of the players ({@link SessionConfig#reportedConfidence}); while identifying,
 *     identification's
 * @param evidence the follower's answer behind this position (null when not following)
 */
public record TrackedPosition(long frameIndex, SessionState state, String pieceId, ScoreTrack.Place place,
        double trackPosition, double tempoStripPxPerSecond, double tempoBpm, double tempoRelative, float confidence,
        org.leggio.matcher.follow.FollowerPosition evidence) {

    /**
     * Whether the tempo fields are the players' tempo, for a display: not while the follower has just started or
     * changed piece and its tempo is a fit of its first few matches ({@link
     * org.leggio.matcher.follow.FollowerPosition#tempoKnown}); a position placed without the follower (another
     * piece found by its notes, one held through a pause) keeps the tempo it carries.
     */
    public boolean tempoKnown() {
        return evidence == null || evidence.tempoKnown();
    }

    /** Seconds of audio up to the end of this embedding's window. */
    public double timeSeconds() {
        return (frameIndex + 1) / 20.0;
    }
}
