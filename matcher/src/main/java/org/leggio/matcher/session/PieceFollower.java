package org.leggio.matcher.session;

import org.leggio.matcher.follow.FollowState;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.FollowerPosition;
import org.leggio.matcher.follow.OnlineDtwFollower;
import org.leggio.matcher.follow.ScoreTrack;

/**
 * Follows one known piece and reports positions in score terms (page, system, bar, beat, tempo).
 * Not thread-safe; one per session.
 */
public final class PieceFollower {
    private final ScoreTrack track;
    private final OnlineDtwFollower follower;

    public PieceFollower(ScoreTrack track, FollowerConfig config) {
        this.track = track;
        this.follower = new OnlineDtwFollower(track, config);
    }

    public ScoreTrack track() {
        return track;
    }

    public OnlineDtwFollower follower() {
        return follower;
    }

    /** Consumes one audio embedding; see {@link OnlineDtwFollower#step}. */
    public TrackedPosition step(float[] embedding, long frameIndex) {
        return describe(follower.step(embedding, frameIndex));
    }

    /** Maps a follower answer to score terms. */
    public TrackedPosition describe(FollowerPosition p) {
        ScoreTrack.Place place = track.locate(p.trackPosition());
        double pxPerSecond = p.tempoPositionsPerSecond() * track.stridePx();
        double beatsPerPosition = beatsPerPosition(p.trackPosition());
        double bpm = 60 * p.tempoPositionsPerSecond() * beatsPerPosition;
        double notated = track.notatedBeatsPerSecond((int) Math.round(p.trackPosition()));
        double relative = notated > 0 ? bpm / 60 / notated : Double.NaN;
        SessionState state = p.state() == FollowState.FOLLOWING ? SessionState.FOLLOWING : SessionState.LOST;
        return new TrackedPosition(p.frameIndex(), state, track.pieceId(), place, p.trackPosition(), pxPerSecond, bpm,
                relative, p.confidence(), p);
    }

    /** Local score-beat density around a position (a bar's beats spread over its width). */
    private double beatsPerPosition(double position) {
        if (!track.hasBars()) {
            return Double.NaN;
        }
        double span = 8;
        double from = Math.max(0, position - span);
        double to = Math.min(track.length() - 1, position + span);
        return to > from ? (track.scoreBeats(to) - track.scoreBeats(from)) / (to - from) : Double.NaN;
    }
}
