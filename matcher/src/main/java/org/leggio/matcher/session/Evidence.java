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
     * Where the evidence has found the players in another piece of the library: the session follows that piece
     * from there. Asked once after each {@link #refine} when nothing else moved the follower; it looks when it
     * is due (it may cost milliseconds) and asks {@code candidates} for the pieces to search then. Null (the
     * default): nowhere.
     *
     * @param candidates the library's other pieces worth searching, best first (those identification votes for)
     */
    default OtherPiece otherPiece(java.util.function.Supplier<int[]> candidates) {
        return null;
    }

    /**
     * The players' tempo in a piece the session is changing to on its own evidence (identification's, which tells
     * the piece and roughly where the music of a look-back ago lies in it, not how fast the players go there).
     * NaN (the default): not known.
     *
     * @param pieceOrdinal the piece, in the session's library
     * @param matchedTrackPosition where in it the music of {@code lookbackSeconds} ago lies, on its following track
     * @param lookbackSeconds how long before now that music was played
     * @return quarter notes per second, or NaN
     */
    default double tempoIn(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
        return Double.NaN;
    }

    /**
     * Where the evidence places the players in a piece identification has just named, once and not surely (its
     * first disagreement with the follower, short of a clear difference), when they fit there better than anywhere
     * in the followed piece: the session then changes piece at once, a verification sooner, at the evidence's place
     * and tempo. Null (the default): no second opinion; identification verifies once more.
     *
     * @param pieceOrdinal the piece named, in the session's library
     * @param matchedTrackPosition where in it identification puts the music of {@code lookbackSeconds} ago, on its
     *     following track
     * @param lookbackSeconds how long before now that music was played
     */
    default OtherPiece confirmOtherPiece(int pieceOrdinal, double matchedTrackPosition, double lookbackSeconds) {
        return null;
    }

    /**
     * The players found in another piece.
     *
     * @param pieceOrdinal the piece, in the session's library
     * @param trackPosition where they are now, on its following track
     * @param beatsPerSecond their tempo there, quarter notes per second, as far as known
     * @param margin how much better the evidence fits there than anywhere in the followed piece (its own units)
     */
    record OtherPiece(int pieceOrdinal, double trackPosition, double beatsPerSecond, double margin) {}

    /**
     * The position the session reports and turns pages on, given its follower's (by default that one).
     * Must keep the piece and frame, and the state but for one case: a LOST position may come back FOLLOWING where
     * the evidence itself places the players (the score's notes, while the embeddings match nowhere well).
     */
    default TrackedPosition refine(TrackedPosition position) {
        return position;
    }
}
