package org.leggio.model.eval;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.leggio.model.eval.internal.Vectors;

/**
 * Cross-modal snippet retrieval metrics (PAPER-SPEC §6.1) over n matched pairs: row i of the audio
 * embeddings belongs with row i of the sheet embeddings.
 *
 * <p><b>Metric.</b> Cosine distance {@code 1 − cos(a, s)}; inputs need not be normalised, every row
 * is scaled to unit length first. Ranking by ascending cosine distance is ranking by descending
 * cosine similarity, and ranks are computed on the similarity (in float32, as the network runs).
 *
 * <p><b>Rank.</b> The rank of query i is {@code 1 + |{j ≠ i : cos(q_i, c_j) > cos(q_i, c_i)}|}: only
 * candidates <em>strictly</em> closer than the true partner count, so ties favour the query (the
 * rule of the reference Les Graces check, README §2.3). Audio → sheet queries each audio row
 * against all sheet rows; sheet → audio the reverse. See {@link RankSummary} for R@k, MRR and the
 * median of an even count.
 *
 * <p><b>Cost.</b> One pass over the n × n similarities serves both directions: n = 10 000, d = 32
 * is 10⁸ dot products, about 1.5 s on two cores (JIT warm-up included). Memory: O(n · d) plus an
 * int[n] per task. Work is split into row blocks run as a few tasks per thread of the common
 * {@link ForkJoinPool}; the results, sums included, do not depend on the split.
 *
 * <p>Stateless and thread-safe. Inputs are not modified.
 */
public final class RetrievalMetrics {
    private static final int ROW_BLOCK = 64;
    private static final int COLUMN_TILE = 512;

    private RetrievalMetrics() {}

    /**
     * Ranks and summarises both directions.
     *
     * @param audio {@code [n][d]} audio embeddings, n ≥ 1
     * @param sheet {@code [n][d]} sheet embeddings, row i matching audio row i
     * @throws IllegalArgumentException for differing shapes, an empty input, a non-finite value or
     *     an all-zero row (its cosine is undefined), naming the input and row
     */
    public static RetrievalResult evaluate(float[][] audio, float[][] sheet) {
        Objects.requireNonNull(audio, "audio can't be null");
        Objects.requireNonNull(sheet, "sheet can't be null");
        Pass pass = pass(audio, "audio", sheet, "sheet");
        int n = audio.length;
        double trueSum = 0;
        for (float c : pass.diagonal) {
            trueSum += c;
        }
        return new RetrievalResult(n, RankSummary.of("audio → sheet", pass.rowRanks), RankSummary.of("sheet → audio", pass.columnRanks),
                trueSum / n, pass.sum / ((double) n * n));
    }

    /**
     * The rank of each query's true candidate ({@code candidates[i]} for {@code queries[i]}), under
     * the rule in the class description.
     *
     * @return {@code ranks[i]} in 1 … n
     * @throws IllegalArgumentException as {@link #evaluate}
     */
    public static int[] ranks(float[][] queries, float[][] candidates) {
        Objects.requireNonNull(queries, "queries can't be null");
        Objects.requireNonNull(candidates, "candidates can't be null");
        return pass(queries, "queries", candidates, "candidates").rowRanks;
    }

    private record Pass(float[] diagonal, int[] rowRanks, int[] columnRanks, double sum) {}

    private static Pass pass(float[][] rows, String rowName, float[][] columns, String columnName) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(rowName + " must not be empty");
        }
        if (rows.length != columns.length) {
            throw new IllegalArgumentException(rowName + " has " + rows.length + " rows but " + columnName + " has " + columns.length);
        }
        int n = rows.length;
        float[] a = Vectors.normalisedFlat(rows, rowName);
        float[] s = Vectors.normalisedFlat(columns, columnName);
        int d = a.length / n;
        if (s.length / n != d) {
            throw new IllegalArgumentException(rowName + " rows have " + d + " values but " + columnName + " rows have " + s.length / n);
        }
        float[] diagonal = new float[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = Vectors.dot(a, i * d, s, i * d, d);
        }
        float[] sT = Vectors.transpose(s, n, d);
        int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        int chunks = Math.min(blocks, 4 * ForkJoinPool.getCommonPoolParallelism());
        int[] rowRanks = new int[n];
        double[] rowSums = new double[n];
        List<int[]> columnCounts = IntStream.range(0, chunks).parallel()
                .mapToObj(c -> chunk(a, sT, diagonal, d, c, chunks, rowRanks, rowSums)).toList();
        int[] columnRanks = new int[n];
        for (int[] counts : columnCounts) {
            for (int j = 0; j < n; j++) {
                columnRanks[j] += counts[j];
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            rowRanks[i]++;
            columnRanks[i]++;
            sum += rowSums[i];
        }
        return new Pass(diagonal, rowRanks, columnRanks, sum);
    }

    /**
     * Row blocks {@code chunk, chunk + chunks, …}: writes the number of strictly better candidates
     * and the similarity sum of each of their rows into {@code rowCounts} and {@code rowSums} (rows
     * of different chunks are disjoint) and returns the counts of strictly better queries per column.
     */
    private static int[] chunk(float[] a, float[] sT, float[] diagonal, int d, int chunk, int chunks, int[] rowCounts,
            double[] rowSums) {
        int n = diagonal.length;
        int[] columnCounts = new int[n];
        float[] c = new float[COLUMN_TILE];
        for (int first = chunk * ROW_BLOCK; first < n; first += chunks * ROW_BLOCK) {
            int end = Math.min(n, first + ROW_BLOCK);
            for (int j0 = 0; j0 < n; j0 += COLUMN_TILE) {
                int j1 = Math.min(n, j0 + COLUMN_TILE);
                for (int i = first; i < end; i++) {
                    Vectors.dotRow(a, i * d, sT, n, d, j0, j1, c);
                    float own = diagonal[i];
                    int better = 0;
                    float rowSum = 0;
                    for (int j = j0; j < j1; j++) {
                        float cj = c[j - j0];
                        rowSum += cj;
                        better += cj > own ? 1 : 0;
                        columnCounts[j] += cj > diagonal[j] ? 1 : 0;
                    }
                    // j == i gives exactly diagonal[i] (same summation order), so the true pair never counts.
                    rowCounts[i] += better;
                    rowSums[i] += rowSum;
                }
            }
        }
        return columnCounts;
    }
}
