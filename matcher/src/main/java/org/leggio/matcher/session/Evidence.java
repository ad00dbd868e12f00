package org.leggio.matcher.session;

/**
 * What a session can learn from evidence it does not hold itself (the score's notes, see {@code
 * org.leggio.matcher.notes.NoteRefiner}): a finer position, and a second opinion on jumps. Called on the
 * session's thread, after each step of the follower and whenever identification has decided that the
 * follower should jump within the piece.
 */
public interface Evidence {
    /** No outside evidence: the session decides on its embeddings alone. */
    Evidence NONE = new Evidence() {
        @Override
        public boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition) {
            return true;
        }
    };

    /**
     * Whether the follower may jump.
     *
     * @param pieceId the followed piece
     * @param fromTrackPosition where the players are thought to be now, on the piece's following track
     * @param toTrackPosition where the jump would put them now, on the same track
     */
    boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition);

    /**
     * The position the session reports and turns pages on, given its follower's (by default that one).
     * Must keep the state, piece and frame.
     */
    default TrackedPosition refine(TrackedPosition position) {
        return position;
    }
}
