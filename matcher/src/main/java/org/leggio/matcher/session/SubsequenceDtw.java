package org.leggio.matcher.session;

import org.leggio.matcher.follow.ScoreTrack;

/**
 * Subsequence DTW of the last seconds of audio embeddings against a whole track, with the follower's
 * step rule (each embedding advances 0..maxStep positions), so every path has one step per embedding
 * and costs compare across pieces and end positions without normalisation trouble. O(embeddings ×
 * track length) time, O(track length) memory.
 */
public final class SubsequenceDtw {
    /**
     * The end column of an alignment.
     *
     * @param meanCost per end position: the best path's mean cosine distance
     * @param bestEnd end position of the best path
     */
    public record Alignment(double[] meanCost, int bestEnd) {
        public double bestCost() {
            return meanCost[bestEnd];
        }

        /** The best mean cost among end positions within {@code radius} of {@code position}. */
        public double bestCostNear(double position, int radius) {
            int end = bestEndNear(position, radius);
            return end < 0 ? Double.POSITIVE_INFINITY : meanCost[end];
        }

        /** The end position of least mean cost within {@code radius} of {@code position} (−1: none there). */
        public int bestEndNear(double position, int radius) {
            int centre = (int) Math.round(position);
            int best = -1;
            for (int j = Math.max(0, centre - radius); j <= Math.min(meanCost.length - 1, centre + radius); j++) {
                if (best < 0 || meanCost[j] < meanCost[best]) {
                    best = j;
                }
            }
            return best;
        }
    }

    private SubsequenceDtw() {}

    /**
     * Aligns {@code embeddings[first..]} (in time order, unit length) anywhere in {@code track}.
     *
     * @param stepPenalty cost per position advanced (as the follower's)
     */
    public static Alignment align(float[][] embeddings, int count, ScoreTrack track, int maxStep, float stepPenalty) {
        int n = track.length();
        double[] cost = new double[n];
        double[] next = new double[n];
        float[] similarity = new float[n];
        track.similarities(embeddings[0], similarity);
        for (int j = 0; j < n; j++) {
            cost[j] = 1 - similarity[j];
        }
        for (int t = 1; t < count; t++) {
            track.similarities(embeddings[t], similarity);
            // the first maxStep positions have fewer predecessors; the rest run without the bounds test
            for (int j = 0; j < Math.min(maxStep, n); j++) {
                double from = cost[j];
                for (int k = 1; k <= j; k++) {
                    from = Math.min(from, cost[j - k] + k * stepPenalty);
                }
                next[j] = (1 - similarity[j]) + from;
            }
            for (int j = maxStep; j < n; j++) {
                double from = cost[j];
                for (int k = 1; k <= maxStep; k++) {
                    from = Math.min(from, cost[j - k] + k * stepPenalty);
                }
                next[j] = (1 - similarity[j]) + from;
            }
            double[] swap = cost;
            cost = next;
            next = swap;
        }
        int best = 0;
        for (int j = 0; j < n; j++) {
            cost[j] /= count;
            if (cost[j] < cost[best]) {
                best = j;
            }
        }
        return new Alignment(cost, best);
    }
}
