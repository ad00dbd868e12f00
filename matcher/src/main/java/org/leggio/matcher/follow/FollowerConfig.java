package org.leggio.matcher.follow;

/**
 * Settings of the online DTW follower. Positions are track positions (one per following-grid step,
 * 8 px of the strip by default); one step is one audio embedding (10 per second by default).
 *
 * @param backPositions window behind the best position
 * @param forwardPositions window ahead of the best position
 * @param maxStep most track positions the path may advance per audio embedding (bounds the tempo)
 * @param stepPenalty cost per position by which a step differs from the step the recent tempo predicts
 *     (until 2 s of matches give a tempo, a tenth of it per position advanced), so that the path keeps the players' tempo through
 *     unclear music instead of stalling and then leaping ahead
 * @param forgetting factor in (0, 1] applied to the accumulated cost at every step; below 1 old
 *     evidence fades (time constant {@code 1/(1-forgetting)} steps)
 * @param startPositions positions at the start of the track where the performance may begin
 * @param lookbackSeconds how far behind "now" an embedding's matched score position lies: T/2 frames
 *     for the centred pairing (2.1 s at T = 84), 0 for the causal one
 * @param embeddingsPerSecond audio embeddings per second of audio
 * @param tempoSeconds span of recent matches the tempo is estimated from, seconds
 * @param confidenceBias logistic confidence: bias
 * @param confidenceSimilarityWeight logistic confidence: weight of the recent similarity along the path
 * @param confidenceContrastWeight logistic confidence: weight of the path's lead over the window's mean
 * @param lostConfidence below this confidence for {@code lostSeconds} the state is LOST
 * @param lostSeconds see {@code lostConfidence}
 */
public record FollowerConfig(int backPositions, int forwardPositions, int maxStep, float stepPenalty, float forgetting,
        int startPositions, double lookbackSeconds, double embeddingsPerSecond, double tempoSeconds,
        double confidenceBias, double confidenceSimilarityWeight, double confidenceContrastWeight,
        double lostConfidence, double lostSeconds) {

    public FollowerConfig {
        require(backPositions >= 1, "backPositions must be ≥ 1");
        require(forwardPositions >= maxStep, "forwardPositions must be ≥ maxStep");
        require(maxStep >= 1 && maxStep <= 16, "maxStep must be in 1..16");
        require(stepPenalty >= 0 && Float.isFinite(stepPenalty), "stepPenalty must be ≥ 0");
        require(forgetting > 0 && forgetting <= 1, "forgetting must be in (0, 1]");
        require(startPositions >= 1, "startPositions must be ≥ 1");
        require(lookbackSeconds >= 0 && lookbackSeconds < 30, "lookbackSeconds must be in [0, 30)");
        require(embeddingsPerSecond > 0, "embeddingsPerSecond must be > 0");
        require(tempoSeconds > 0, "tempoSeconds must be > 0");
        require(Double.isFinite(confidenceBias) && Double.isFinite(confidenceSimilarityWeight)
                && Double.isFinite(confidenceContrastWeight), "confidence weights must be finite");
        require(lostConfidence >= 0 && lostConfidence <= 1, "lostConfidence must be in [0, 1]");
        require(lostSeconds >= 0, "lostSeconds must be ≥ 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Defaults for a model with the centred pairing and audio windows of {@code windowFrames} frames
     * (20 frames per second), one embedding every {@code hopFrames} frames.
     */
    public static FollowerConfig centred(int windowFrames, int hopFrames) {
        return defaults(windowFrames / 2.0 / 20.0, 20.0 / hopFrames);
    }

    /** Defaults for a causal model (the matched position is "now"). */
    public static FollowerConfig causal(int hopFrames) {
        return defaults(0, 20.0 / hopFrames);
    }

    private static FollowerConfig defaults(double lookbackSeconds, double embeddingsPerSecond) {
        return new FollowerConfig(24, 160, 4, 0.07f, 0.98f, 40, lookbackSeconds, embeddingsPerSecond, 12.0,
                -2.777, 1.967, 5.717, 0.4, 2.0);
    }

    public FollowerConfig withLookbackSeconds(double seconds) {
        return new FollowerConfig(backPositions, forwardPositions, maxStep, stepPenalty, forgetting, startPositions,
                seconds, embeddingsPerSecond, tempoSeconds, confidenceBias, confidenceSimilarityWeight,
                confidenceContrastWeight, lostConfidence, lostSeconds);
    }

    public FollowerConfig withPath(int maxStep, float stepPenalty, float forgetting) {
        return new FollowerConfig(backPositions, forwardPositions, maxStep, stepPenalty, forgetting, startPositions,
                lookbackSeconds, embeddingsPerSecond, tempoSeconds, confidenceBias, confidenceSimilarityWeight,
                confidenceContrastWeight, lostConfidence, lostSeconds);
    }

    public FollowerConfig withConfidence(double bias, double similarityWeight, double contrastWeight) {
        return new FollowerConfig(backPositions, forwardPositions, maxStep, stepPenalty, forgetting, startPositions,
                lookbackSeconds, embeddingsPerSecond, tempoSeconds, bias, similarityWeight, contrastWeight,
                lostConfidence, lostSeconds);
    }

    /** The same, with another window around the best position. */
    public FollowerConfig withWindow(int back, int forward) {
        return new FollowerConfig(back, forward, maxStep, stepPenalty, forgetting, startPositions,
                lookbackSeconds, embeddingsPerSecond, tempoSeconds, confidenceBias, confidenceSimilarityWeight,
                confidenceContrastWeight, lostConfidence, lostSeconds);
    }

    public FollowerConfig withTempoSeconds(double seconds) {
        return new FollowerConfig(backPositions, forwardPositions, maxStep, stepPenalty, forgetting, startPositions,
                lookbackSeconds, embeddingsPerSecond, seconds, confidenceBias, confidenceSimilarityWeight,
                confidenceContrastWeight, lostConfidence, lostSeconds);
    }

    /** Steps in the tempo-estimation span. */
    int tempoSteps() {
        return Math.max(4, (int) Math.round(tempoSeconds * embeddingsPerSecond));
    }

    /** Window size in positions. */
    int windowPositions() {
        return backPositions + forwardPositions + 1;
    }
}
