package org.leggio.matcher.follow;

/** What the follower believes about the performance. */
public enum FollowState {
    /** The position is tracked and the confidence is high enough to act on. */
    FOLLOWING,
    /** The audio no longer matches the score near the last position (silence, noise, a jump). */
    LOST
}
