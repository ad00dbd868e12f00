package org.leggio.model.eval;

/**
 * Piece identification by both methods, with the settings used.
 *
 * @param vote snippet voting (PAPER-SPEC §6.2)
 * @param dtw sequence alignment cost (PAPER-SPEC §6.3)
 * @param queryPieces number of query pieces
 * @param candidatePieces number of database pieces
 * @param config the settings
 */
public record IdentificationReport(IdentificationResult vote, IdentificationResult dtw, int queryPieces, int candidatePieces,
        IdentificationConfig config) {}
