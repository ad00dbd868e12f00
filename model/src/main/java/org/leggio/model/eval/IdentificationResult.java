package org.leggio.model.eval;

import java.util.List;

/**
 * Piece identification by one method over all query pieces.
 *
 * @param method {@code "vote"} or {@code "dtw"}
 * @param summary ranks of the true piece: {@code recallAt1} is top-1 accuracy, {@code recallAt5}
 *     top-5, {@code mrr} the MRR over query pieces
 * @param outcomes one per query piece, in query order
 */
public record IdentificationResult(String method, RankSummary summary, List<Outcome> outcomes) {
    /** Copies {@code outcomes}. */
    public IdentificationResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * The result for one query piece.
     *
     * @param pieceId the query piece
     * @param rank 1-based rank of the query piece among all database pieces
     * @param predictedPieceId the database piece ranked first
     * @param score of the query piece itself: its vote count (vote) or its normalised DTW cost (dtw)
     */
    public record Outcome(String pieceId, int rank, String predictedPieceId, double score) {}
}
