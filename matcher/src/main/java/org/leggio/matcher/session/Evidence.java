package org.leggio.matcher.session;

/**
 * What a session can learn from evidence it does not hold itself (the score's notes, see {@code
 * org.leggio.matcher.notes.NoteRefiner}): a finer position, a second opinion on jumps, and where the players went
 * back to. Called on the session's thread, after each step of the follower and whenever identification has
 * decided that the follower should jump within the piece.
 */
public interface Evidence {
    /** No outside evidence: the session decides on its embeddings alone. */
    Evidence NONE = new Evidence() {
        @Override
        public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far) {
            return true;
        }
    };

    /**
     * Whether the follower may jump.
     *
     * @param pieceId the followed piece
     * @param fromTrackPosition where the players are thought to be now, on the piece's following track
     * @param toTrackPosition where the jump would put them now, on the same track
     * @param far whether the jump skips more than the session's {@code farJumpSeconds} of music (far
     *     look-alikes are where wrong jumps come from, so far jumps may be held to a stricter test)
     */
    boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition, boolean far);

    /**
     * Tells that the session has just moved its follower on purpose (a re-seed, a re-sync, a new piece), so
     * that the next position's distance from the last one is no sign of a follower running ahead. By default
     * nothing.
     */
    default void jumped() {}

    /**
     * Where the evidence has found the players, far from where the session thinks they are (they went back to
     * music they have just played), as a position of now on the followed piece's following track; the session
     * re-seeds its follower there. NaN (the default): nowhere. Asked once after each {@link #refine}; asking
     * clears it.
     */
    default double relocation() {
        return Double.NaN;
    }

    /**
     * The position the session reports and turns pages on, given its follower's (by default that one).
     * Must keep the state, piece and frame.
     */
    default TrackedPosition refine(TrackedPosition position) {
        return position;
    }
}
