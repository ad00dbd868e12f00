package org.leggio.model.eval;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@link RetrievalEvaluation} measured, with what it measured it on.
 *
 * @param modelId {@link org.leggio.model.ModelInfo#modelId()} of the embedder
 * @param embeddingDim size of its embeddings
 * @param audioContextFrames T of the audio windows, 20 fps frames
 * @param pairSet the pair set's directory, or {@code "(in memory)"}
 * @param pairSetDescription the manifest's description
 * @param totalPairs pairs in the set
 * @param selection how the evaluated pairs were chosen: {@code "all"}, {@code "evenly spaced"} or
 *     {@code "random, seed S"}
 * @param date when the evaluation finished (UTC, whole seconds)
 * @param retrieval snippet retrieval, both directions, over the evaluated pairs ({@link
 *     RetrievalResult#pairs()} = n)
 * @param identification piece identification, audio queries against the sheet database, over the
 *     pieces among the evaluated pairs
 */
public record EvaluationReport(String modelId, int embeddingDim, int audioContextFrames, String pairSet,
        String pairSetDescription, int totalPairs, String selection, Instant date, RetrievalResult retrieval,
        IdentificationReport identification) {

    /** The report as pretty-printed JSON with snake_case keys (per-piece outcomes included). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model_id", modelId);
        o.addProperty("embedding_dim", embeddingDim);
        o.addProperty("audio_context_frames", audioContextFrames);
        o.addProperty("pair_set", pairSet);
        o.addProperty("pair_set_description", pairSetDescription);
        o.addProperty("total_pairs", totalPairs);
        o.addProperty("n", retrieval.pairs());
        o.addProperty("pieces", identification.queryPieces());
        o.addProperty("selection", selection);
        o.addProperty("date", date.toString());
        JsonObject r = new JsonObject();
        r.add("audio_to_sheet", json(retrieval.audioToSheet()));
        r.add("sheet_to_audio", json(retrieval.sheetToAudio()));
        r.addProperty("mean_cosine_true_pairs", retrieval.meanTrueCosine());
        r.addProperty("mean_cosine_all_pairs", retrieval.meanAllCosine());
        o.add("retrieval", r);
        JsonObject id = new JsonObject();
        id.addProperty("direction", "audio → sheet");
        id.addProperty("query_pieces", identification.queryPieces());
        id.addProperty("candidate_pieces", identification.candidatePieces());
        id.addProperty("query_snippets_per_piece", identification.config().querySnippets());
        id.addProperty("neighbours", identification.config().neighbours());
        id.add("vote", json(identification.vote()));
        id.add("dtw", json(identification.dtw()));
        o.add("identification", id);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(o);
    }

    private static JsonObject json(RankSummary s) {
        JsonObject o = new JsonObject();
        o.addProperty("queries", s.queries());
        o.addProperty("mrr", s.mrr());
        o.addProperty("r_at_1", s.recallAt1());
        o.addProperty("r_at_5", s.recallAt5());
        o.addProperty("r_at_10", s.recallAt10());
        o.addProperty("r_at_25", s.recallAt25());
        o.addProperty("median_rank", s.medianRank());
        o.addProperty("mean_rank", s.meanRank());
        return o;
    }

    private static JsonObject json(IdentificationResult result) {
        JsonObject o = json(result.summary());
        JsonArray outcomes = new JsonArray();
        for (IdentificationResult.Outcome outcome : result.outcomes()) {
            JsonObject e = new JsonObject();
            e.addProperty("piece_id", outcome.pieceId());
            e.addProperty("rank", outcome.rank());
            e.addProperty("predicted_piece_id", outcome.predictedPieceId());
            e.addProperty("score", outcome.score());
            outcomes.add(e);
        }
        o.add("outcomes", outcomes);
        return o;
    }

    /**
     * The report as Markdown: a header list and one table with a row per retrieval direction and per
     * identification method (for those rows R@k is top-k accuracy over the query pieces).
     */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Retrieval evaluation: ").append(modelId).append("\n\n");
        b.append("- pair set: `").append(pairSet).append('`');
        if (!pairSetDescription.isEmpty()) {
            b.append(" (").append(pairSetDescription).append(')');
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "- pairs: %d of %d (%s), pieces: %d, T = %d frames, d = %d%n", retrieval.pairs(),
                totalPairs, selection, identification.queryPieces(), audioContextFrames, embeddingDim));
        b.append("- date: ").append(date).append('\n');
        b.append(String.format(Locale.ROOT, "- mean cosine: matched pairs %.4f, all %d × %d pairs %.4f%n%n", retrieval.meanTrueCosine(),
                retrieval.pairs(), retrieval.pairs(), retrieval.meanAllCosine()));
        b.append("| direction | MRR | R@1 | R@5 | R@10 | R@25 | median rank |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        row(b, "audio → sheet", retrieval.audioToSheet());
        row(b, "sheet → audio", retrieval.sheetToAudio());
        String pieces = identification.queryPieces() + " of " + identification.candidatePieces() + " pieces";
        row(b, "piece identification, vote (audio → sheet, " + pieces + ")", identification.vote().summary());
        row(b, "piece identification, DTW (audio → sheet, " + pieces + ")", identification.dtw().summary());
        b.append(String.format(Locale.ROOT, "%nIdentification: up to %d evenly spaced audio snippets per piece; "
                + "vote: %d nearest sheet snippets each; DTW: cost 1 − cos, normalised by path length.%n",
                identification.config().querySnippets(), identification.config().neighbours()));
        return b.toString();
    }

    private static void row(StringBuilder b, String label, RankSummary s) {
        double median = s.medianRank();
        String medianText = median == Math.rint(median) ? String.valueOf((long) median) : String.format(Locale.ROOT, "%.1f", median);
        b.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n", label, s.mrr(), s.recallAt1(),
                s.recallAt5(), s.recallAt10(), s.recallAt25(), medianText));
    }
}
