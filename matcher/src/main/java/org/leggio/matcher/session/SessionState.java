package org.leggio.matcher.session;

/** A listening session's state, as it goes on the wire ({@code FollowState} in session.proto). */
public enum SessionState {
    /** Nothing to match yet (silence, or no piece in the library matches). */
    IDLE,
    /** Music is heard; candidates are being compared. */
    IDENTIFYING,
    /** Following a piece with confidence. */
    FOLLOWING,
    /** Was following; the audio no longer matches near the last position. */
    LOST
}
