package org.leggio.matcher.session;

/**
 * Settings of library identification.
 *
 * @param neighbours snippets retrieved per audio embedding
 * @param voteHalfLifeSeconds votes halve in this time, so old evidence fades
 * @param verifySeconds most audio verified by subsequence DTW, seconds (identification starts verifying
 *     after a third of it and uses all that was heard up to this)
 * @param verifyEverySeconds how often the best candidates are verified
 * @param candidates how many of the most-voted pieces are verified
 * @param maxStep DTW step bound (positions per embedding), as the follower's
 * @param stepPenalty DTW cost per position advanced, as the follower's
 * @param minMargin the best piece's DTW cost must undercut the runner-up's by this much to be announced
 * @param maxCost the best piece's mean cosine distance must be at most this (else: nothing matches)
 * @param loneMaxCost with a single candidate (a library of one piece) there is no runner-up whose margin
 *     could refuse a look-alike, so its cost must be at most this, a stricter bound than {@code maxCost}, on
 *     {@value #LONE_VERIFICATIONS} verifications in a row
 * @param embeddingsPerSecond audio embeddings per second
 */
public record IdentifierConfig(int neighbours, double voteHalfLifeSeconds, double verifySeconds,
        double verifyEverySeconds, int candidates, int maxStep, float stepPenalty, double minMargin, double maxCost,
        double loneMaxCost, double embeddingsPerSecond) {

    /** Verifications in a row a lone candidate must pass (a look-alike dips under the bound only briefly). */
    public static final int LONE_VERIFICATIONS = 3;

    public IdentifierConfig {
        if (neighbours < 1 || candidates < 1 || maxStep < 1) {
            throw new IllegalArgumentException("neighbours, candidates and maxStep must be ≥ 1");
        }
        if (!(voteHalfLifeSeconds > 0 && verifySeconds > 0 && verifyEverySeconds > 0 && embeddingsPerSecond > 0)) {
            throw new IllegalArgumentException("times must be > 0");
        }
        if (!(minMargin >= 0 && maxCost > 0 && maxCost <= 2)) {
            throw new IllegalArgumentException("minMargin must be ≥ 0 and maxCost in (0, 2]");
        }
        if (!(loneMaxCost > 0 && loneMaxCost <= maxCost)) {
            throw new IllegalArgumentException("loneMaxCost must be in (0, maxCost], got " + loneMaxCost);
        }
    }

    /**
     * Defaults: 10 neighbours, 8-s vote half-life, up to 10 s verified every second among the 3 most-voted
     * pieces; announced at a cost ≤ 0.75 undercutting the runner-up by 0.02, or, alone, at a cost ≤ 0.4 three
     * verifications in a row — chosen with {@code leggio eval lone --split valid} (7 of 7 right pieces announced,
     * 1 of 42 wrong pairs, against 42 of 42 under the general bound alone); on test: 6 of 7 and 0 of 42
     * (docs/evaluation.md).
     */
    public static IdentifierConfig defaults(double embeddingsPerSecond) {
        return new IdentifierConfig(10, 8, 10, 1, 3, 4, 0.01f, 0.02, 0.75, 0.4, embeddingsPerSecond);
    }

    public IdentifierConfig withVerifySeconds(double seconds) {
        return new IdentifierConfig(neighbours, voteHalfLifeSeconds, seconds, verifyEverySeconds, candidates, maxStep,
                stepPenalty, minMargin, maxCost, loneMaxCost, embeddingsPerSecond);
    }

    /** The same, with another bound on a lone candidate's cost. */
    public IdentifierConfig withLoneMaxCost(double cost) {
        return new IdentifierConfig(neighbours, voteHalfLifeSeconds, verifySeconds, verifyEverySeconds, candidates, maxStep,
                stepPenalty, minMargin, maxCost, cost, embeddingsPerSecond);
    }

    public IdentifierConfig withCandidates(int count) {
        return new IdentifierConfig(neighbours, voteHalfLifeSeconds, verifySeconds, verifyEverySeconds, count, maxStep,
                stepPenalty, minMargin, maxCost, loneMaxCost, embeddingsPerSecond);
    }

    int verifySteps() {
        return Math.max(2, (int) Math.round(verifySeconds * embeddingsPerSecond));
    }

    int firstVerifySteps() {
        return Math.max(2, verifySteps() / 3);
    }

    int verifyEverySteps() {
        return Math.max(1, (int) Math.round(verifyEverySeconds * embeddingsPerSecond));
    }
}
