package org.leggio.model.eval;

/**
 * Snippet retrieval over n matched audio–sheet pairs, both directions (PAPER-SPEC §6.1).
 *
 * @param pairs n
 * @param audioToSheet ranks of the true sheet snippet for each audio query
 * @param sheetToAudio ranks of the true audio window for each sheet query
 * @param meanTrueCosine mean cosine similarity of the n matched pairs
 * @param meanAllCosine mean cosine similarity over all n × n (audio, sheet) combinations, matched
 *     pairs included
 */
public record RetrievalResult(int pairs, RankSummary audioToSheet, RankSummary sheetToAudio, double meanTrueCosine,
        double meanAllCosine) {}
