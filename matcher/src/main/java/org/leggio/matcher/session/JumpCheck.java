package org.leggio.matcher.session;

/**
 * A second opinion on a jump within the followed piece, from evidence the session does not hold (the
 * score's notes, see {@code org.leggio.matcher.notes.NoteRefiner}). Called on the session's thread, only
 * when identification has already decided that the follower should jump.
 */
@FunctionalInterface
public interface JumpCheck {
    /** Allows every jump: the session decides on its embeddings alone. */
    JumpCheck NONE = (pieceId, fromTrackPosition, toTrackPosition) -> true;

    /**
     * Whether the follower may jump.
     *
     * @param pieceId the followed piece
     * @param fromTrackPosition where the players are thought to be now, on the piece's following track
     * @param toTrackPosition where the jump would put them now, on the same track
     */
    boolean allows(String pieceId, double fromTrackPosition, double toTrackPosition);
}
