package org.leggio.matcher.session;

import java.util.List;

/**
 * The outcome of one verification: candidates ranked by DTW cost over the last seconds.
 *
 * @param candidates best first
 * @param announced whether the best is confident enough to act on (cost low enough, margin large enough)
 * @param margin runner-up's cost minus the best's (the whole library's second piece; +∞ with one candidate)
 * @param confidence in [0, 1], from the margin and cost
 */
public record Verdict(List<Candidate> candidates, boolean announced, double margin, float confidence) {
    /**
     * One verified piece.
     *
     * @param pieceOrdinal the piece in the {@link PieceLibrary}
     * @param pieceId its id
     * @param endPosition where the verified audio ends on the piece's coarse (identification-grid) track,
     *     see {@link PieceLibrary#coarseTrack}
     * @param cost mean cosine distance of the best path
     * @param alignment the whole end column (costs of paths ending anywhere on the track)
     */
    public record Candidate(int pieceOrdinal, String pieceId, int endPosition, double cost,
            SubsequenceDtw.Alignment alignment) {}

    public Candidate best() {
        return candidates.get(0);
    }
}
