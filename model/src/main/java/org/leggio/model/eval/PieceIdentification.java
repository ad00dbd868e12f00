package org.leggio.model.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.leggio.model.eval.internal.Vectors;

/**
 * Identifies which database piece each query piece is, from embeddings only. Typical use: audio
 * embeddings of a performance as queries, sheet embeddings of all candidate scores as the database
 * (audio → sheet, "score identification"); pass the sets the other way round for performance
 * identification. Every query piece must also be a database piece (the truth to rank); the
 * database may hold more (distractors).
 *
 * <p><b>Query snippets.</b> From each query piece, {@code m = min(querySnippets, length)} rows at
 * indices {@code floor(k · (length − 1) / (m − 1))} — the papers' evenly spaced 100 snippets.
 *
 * <p><b>Voting</b> (PAPER-SPEC §6.2). Each query snippet's {@code neighbours} nearest database rows
 * by cosine distance (ties: lower database row first) each give one vote to their piece. Pieces
 * are ranked by votes (descending), then by the summed cosine similarity of their votes
 * (descending), then by piece id ({@link String#compareTo}); every database piece is ranked,
 * including those without votes (which then order by id). The rank of the true piece is its
 * position. (ucasr lists only pieces with votes and gives an unvoted true piece that list's
 * length; here it ranks after every voted piece.)
 *
 * <p><b>DTW</b> (PAPER-SPEC §6.3, a reconstruction). The query snippets, in order, against each
 * database piece's full ordered sequence: standard DTW over the cost {@code C[i][j] = 1 − cos},
 * steps (1,1), (1,0), (0,1) with equal weight, {@code D[i][j] = C[i][j] + min(D[i−1][j−1],
 * D[i−1][j], D[i][j−1])}, whole sequences aligned end to end (no subsequence matching). The
 * normalised cost is {@code D[end] / L}, L the number of cells on the optimal path (between {@code
 * max(m, n)} and {@code m + n − 1}); on exactly equal predecessors the path prefers the diagonal,
 * then (i−1, j), then (i, j−1). Pieces are ranked by normalised cost (ascending), then by piece id.
 *
 * <p>Cost: one pass of m × (database rows) dot products per query piece, shared by both methods;
 * query pieces run in parallel on the common {@link java.util.concurrent.ForkJoinPool}. Stateless
 * and thread-safe.
 */
public final class PieceIdentification {
    private PieceIdentification() {}

    /**
     * Both methods.
     *
     * @throws IllegalArgumentException if the embedding sizes differ or a query piece is not in the database
     */
    public static IdentificationReport identify(PieceEmbeddings queries, PieceEmbeddings database, IdentificationConfig config) {
        List<PieceScores> scores = score(queries, database, config, true, true);
        return new IdentificationReport(result("vote", scores, database, true), result("dtw", scores, database, false),
                queries.pieces().size(), database.pieces().size(), config);
    }

    /** Voting only; see the class description. */
    public static IdentificationResult vote(PieceEmbeddings queries, PieceEmbeddings database, IdentificationConfig config) {
        return result("vote", score(queries, database, config, true, false), database, true);
    }

    /** DTW only; see the class description. */
    public static IdentificationResult dtw(PieceEmbeddings queries, PieceEmbeddings database, IdentificationConfig config) {
        return result("dtw", score(queries, database, config, false, true), database, false);
    }

    /**
     * The normalised DTW cost of aligning {@code query} with {@code reference} end to end, as in the
     * class description: in [0, 2], 0 for identical directions along the path. Rows need not be
     * normalised.
     *
     * @param query {@code [m][d]}, m ≥ 1
     * @param reference {@code [n][d]}, n ≥ 1
     */
    public static double dtwCost(float[][] query, float[][] reference) {
        Objects.requireNonNull(query, "query can't be null");
        Objects.requireNonNull(reference, "reference can't be null");
        if (query.length == 0 || reference.length == 0) {
            throw new IllegalArgumentException("query and reference must not be empty but have " + query.length + " and "
                    + reference.length + " rows");
        }
        float[] q = Vectors.normalisedFlat(query, "query");
        float[] r = Vectors.normalisedFlat(reference, "reference");
        int d = q.length / query.length;
        if (r.length / reference.length != d) {
            throw new IllegalArgumentException("query rows have " + d + " values but reference rows have " + r.length / reference.length);
        }
        float[][] sims = new float[query.length][reference.length];
        for (int i = 0; i < query.length; i++) {
            for (int j = 0; j < reference.length; j++) {
                sims[i][j] = Vectors.dot(q, i * d, r, j * d, d);
            }
        }
        return dtw(sims, 0, reference.length);
    }

    /** Per query piece: its id, votes and vote similarity per database piece, and DTW cost per database piece. */
    private record PieceScores(String pieceId, int[] votes, double[] voteSimilarity, double[] dtwCost) {}

    private static List<PieceScores> score(PieceEmbeddings queries, PieceEmbeddings database, IdentificationConfig config,
            boolean vote, boolean dtw) {
        Objects.requireNonNull(queries, "queries can't be null");
        Objects.requireNonNull(database, "database can't be null");
        Objects.requireNonNull(config, "config can't be null");
        if (queries.dim() != database.dim()) {
            throw new IllegalArgumentException("query embeddings have " + queries.dim() + " values but database embeddings have "
                    + database.dim());
        }
        for (String piece : queries.pieces()) {
            if (!database.pieces().contains(piece)) {
                throw new IllegalArgumentException("query piece '" + piece
                        + "' is not in the database; every query piece must be a candidate");
            }
        }
        int[] pieceOfRow = new int[database.rowCount()];
        for (int p = 0; p < database.pieces().size(); p++) {
            for (int row = database.start(p); row < database.end(p); row++) {
                pieceOfRow[row] = p;
            }
        }
        float[] databaseT = Vectors.transpose(database.flatRows(), database.rowCount(), database.dim());
        return IntStream.range(0, queries.pieces().size()).parallel()
                .mapToObj(q -> scorePiece(queries, q, databaseT, database, pieceOfRow, config, vote, dtw)).toList();
    }

    private static PieceScores scorePiece(PieceEmbeddings queries, int q, float[] databaseT, PieceEmbeddings database,
            int[] pieceOfRow, IdentificationConfig config, boolean vote, boolean dtw) {
        int length = queries.end(q) - queries.start(q);
        int[] picked = Vectors.evenlySpaced(length, Math.min(config.querySnippets(), length));
        int d = queries.dim();
        int rows = database.rowCount();
        float[][] sims = new float[picked.length][rows];
        for (int i = 0; i < picked.length; i++) {
            Vectors.dotRow(queries.flatRows(), (queries.start(q) + picked[i]) * d, databaseT, rows, d, 0, rows, sims[i]);
        }
        int pieces = database.pieces().size();
        int[] votes = new int[pieces];
        double[] voteSimilarity = new double[pieces];
        double[] costs = new double[pieces];
        if (vote) {
            int k = Math.min(config.neighbours(), rows);
            for (float[] row : sims) {
                for (int j : nearest(row, k)) {
                    votes[pieceOfRow[j]]++;
                    voteSimilarity[pieceOfRow[j]] += row[j];
                }
            }
        }
        if (dtw) {
            for (int p = 0; p < pieces; p++) {
                costs[p] = dtw(sims, database.start(p), database.end(p));
            }
        }
        return new PieceScores(queries.pieces().get(q), votes, voteSimilarity, costs);
    }

    /** Indices of the k largest values, largest first; among equal values the lower index first. */
    private static int[] nearest(float[] row, int k) {
        int[] index = new int[k];
        float[] value = new float[k];
        int count = 0;
        for (int j = 0; j < row.length; j++) {
            float v = row[j];
            if (count == k && v <= value[k - 1]) {
                continue;
            }
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && value[pos - 1] < v) {
                value[pos] = value[pos - 1];
                index[pos] = index[pos - 1];
                pos--;
            }
            value[pos] = v;
            index[pos] = j;
        }
        return index;
    }

    /** Normalised DTW cost of all rows of {@code sims} against its columns [from, to). */
    private static double dtw(float[][] sims, int from, int to) {
        int n = to - from;
        double[] cost = new double[n];
        double[] prevCost = new double[n];
        int[] length = new int[n];
        int[] prevLength = new int[n];
        for (int i = 0; i < sims.length; i++) {
            float[] row = sims[i];
            for (int j = 0; j < n; j++) {
                double c = 1.0 - row[from + j];
                if (i == 0 && j == 0) {
                    cost[j] = c;
                    length[j] = 1;
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                int bestLength = 0;
                if (i > 0 && j > 0) {
                    best = prevCost[j - 1];
                    bestLength = prevLength[j - 1];
                }
                if (i > 0 && prevCost[j] < best) {
                    best = prevCost[j];
                    bestLength = prevLength[j];
                }
                if (j > 0 && cost[j - 1] < best) {
                    best = cost[j - 1];
                    bestLength = length[j - 1];
                }
                cost[j] = c + best;
                length[j] = bestLength + 1;
            }
            double[] t = prevCost;
            prevCost = cost;
            cost = t;
            int[] u = prevLength;
            prevLength = length;
            length = u;
        }
        return prevCost[n - 1] / prevLength[n - 1];
    }

    private static IdentificationResult result(String method, List<PieceScores> scores, PieceEmbeddings database, boolean byVotes) {
        List<String> ids = database.pieces();
        List<IdentificationResult.Outcome> outcomes = new ArrayList<>();
        int[] ranks = new int[scores.size()];
        for (int q = 0; q < scores.size(); q++) {
            PieceScores s = scores.get(q);
            Comparator<Integer> order = byVotes
                    ? Comparator.<Integer>comparingInt(p -> -s.votes()[p]).thenComparingDouble(p -> -s.voteSimilarity()[p])
                    : Comparator.<Integer>comparingDouble(p -> s.dtwCost()[p]);
            List<Integer> ranking = IntStream.range(0, ids.size()).boxed().sorted(order.thenComparing(ids::get)).toList();
            String truth = s.pieceId();
            int truthIndex = ids.indexOf(truth);
            ranks[q] = ranking.indexOf(truthIndex) + 1;
            outcomes.add(new IdentificationResult.Outcome(truth, ranks[q], ids.get(ranking.get(0)),
                    byVotes ? s.votes()[truthIndex] : s.dtwCost()[truthIndex]));
        }
        return new IdentificationResult(method, RankSummary.of("piece identification (" + method + ")", ranks), outcomes);
    }
}
