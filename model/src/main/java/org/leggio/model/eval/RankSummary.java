package org.leggio.model.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * Summary of the 1-based ranks of the true item over a set of queries, each with exactly one
 * relevant item (PAPER-SPEC §6.1). Used for snippet retrieval (query = a snippet, rank among N
 * snippets) and for piece identification (query = a piece, rank among the candidate pieces: R@1 is
 * then top-1 accuracy, R@5 top-5).
 *
 * @param label what was ranked, e.g. {@code "audio → sheet"}
 * @param queries number of queries
 * @param recallAt1 fraction of queries with rank ≤ 1, in [0, 1]
 * @param recallAt5 fraction with rank ≤ 5
 * @param recallAt10 fraction with rank ≤ 10
 * @param recallAt25 fraction with rank ≤ 25
 * @param mrr mean reciprocal rank, (1/n) Σ 1/rank, in (0, 1]
 * @param medianRank median rank; for an even count, the mean of the two middle ranks (as
 *     {@code numpy.median}), so it may end in .5
 * @param meanRank mean rank
 */
public record RankSummary(String label, int queries, double recallAt1, double recallAt5, double recallAt10,
        double recallAt25, double mrr, double medianRank, double meanRank) {

    /**
     * Summarises {@code ranks}.
     *
     * @throws IllegalArgumentException if {@code ranks} is empty or holds a rank {@code < 1}
     */
    public static RankSummary of(String label, int[] ranks) {
        Objects.requireNonNull(label, "label can't be null");
        Objects.requireNonNull(ranks, "ranks can't be null");
        if (ranks.length == 0) {
            throw new IllegalArgumentException("ranks must not be empty");
        }
        int[] sorted = ranks.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1) {
            throw new IllegalArgumentException("ranks are 1-based but one was " + sorted[0]);
        }
        int n = sorted.length;
        double reciprocal = 0;
        double sum = 0;
        for (int r : sorted) {
            reciprocal += 1.0 / r;
            sum += r;
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
        return new RankSummary(label, n, recall(sorted, 1), recall(sorted, 5), recall(sorted, 10), recall(sorted, 25),
                reciprocal / n, median, sum / n);
    }

    private static double recall(int[] sorted, int k) {
        int count = 0;
        while (count < sorted.length && sorted[count] <= k) {
            count++;
        }
        return (double) count / sorted.length;
    }
}
