package org.leggio.matcher.notes;

/**
 * Settings of the recognition of replayed music (see {@link ReplayDetector}). Immutable; validated on
 * construction.
 *
 * @param enabled whether the refiner looks for replays and asks the session to go back to them
 * @param historySeconds how much of the latest audio is kept to recognise, seconds
 * @param querySeconds how much of the newest audio must copy earlier audio, seconds
 * @param stepPenalty cost of a step that moves in one sequence only (a tempo change between the two playings)
 * @param maxCostPerFrame the copy's mean cost per frame must be below this
 * @param checkEverySeconds how often to look, seconds
 * @param distinctRatio the copy's cost must be below this share of the best copy of another place (music that
 *     recurs copies several places about as well)
 * @param confirmations consecutive looks that must find the same replay (moving on with the music)
 * @param uniqueCostPerFrame a copy cheaper than this (mean cost per frame) of music the score has only once is a
 *     replay whatever the notes say (0: the notes must always agree; it must also pass {@code maxCostPerFrame});
 *     see {@code NoteRefiner}
 */
public record ReplayConfig(boolean enabled, double historySeconds, double querySeconds, double stepPenalty,
        double maxCostPerFrame, double checkEverySeconds, double distinctRatio, int confirmations, double uniqueCostPerFrame) {

    public ReplayConfig {
        if (!(querySeconds > 0) || !(historySeconds >= 3 * querySeconds) || Double.isInfinite(historySeconds)) {
            throw new IllegalArgumentException("querySeconds must be positive and historySeconds at least three times"
                    + " as long, got " + querySeconds + " and " + historySeconds);
        }
        if (!(stepPenalty >= 0) || Double.isInfinite(stepPenalty)) {
            throw new IllegalArgumentException("stepPenalty must be finite and ≥ 0, got " + stepPenalty);
        }
        if (!(distinctRatio > 0) || distinctRatio > 1 || confirmations < 1) {
            throw new IllegalArgumentException("distinctRatio must be in (0, 1] and confirmations ≥ 1, got "
                    + distinctRatio + " and " + confirmations);
        }
        if (!(uniqueCostPerFrame >= 0) || Double.isInfinite(uniqueCostPerFrame)) {
            throw new IllegalArgumentException("uniqueCostPerFrame must be finite and ≥ 0, got " + uniqueCostPerFrame);
        }
        if (!(maxCostPerFrame > 0) || !(checkEverySeconds > 0)) {
            throw new IllegalArgumentException("maxCostPerFrame and checkEverySeconds must be positive, got "
                    + maxCostPerFrame + " and " + checkEverySeconds);
        }
    }

    /** The settings measured best on the validation performances (docs/evaluation.md). */
    public static ReplayConfig defaults() {
        return new ReplayConfig(true, 60, 2, 0.1, 0.05, 0.5, 0.25, 2, 0.02);
    }

    public ReplayConfig withEnabled(boolean on) {
        return new ReplayConfig(on, historySeconds, querySeconds, stepPenalty, maxCostPerFrame, checkEverySeconds,
                distinctRatio, confirmations, uniqueCostPerFrame);
    }

    public ReplayConfig withQuerySeconds(double seconds) {
        return new ReplayConfig(enabled, historySeconds, seconds, stepPenalty, maxCostPerFrame, checkEverySeconds,
                distinctRatio, confirmations, uniqueCostPerFrame);
    }

    public ReplayConfig withDistinctRatio(double ratio) {
        return new ReplayConfig(enabled, historySeconds, querySeconds, stepPenalty, maxCostPerFrame, checkEverySeconds,
                ratio, confirmations, uniqueCostPerFrame);
    }

    public ReplayConfig withConfirmations(int count) {
        return new ReplayConfig(enabled, historySeconds, querySeconds, stepPenalty, maxCostPerFrame, checkEverySeconds,
                distinctRatio, count, uniqueCostPerFrame);
    }

    public ReplayConfig withMaxCostPerFrame(double cost) {
        return new ReplayConfig(enabled, historySeconds, querySeconds, stepPenalty, cost, checkEverySeconds,
                distinctRatio, confirmations, uniqueCostPerFrame);
    }

    public ReplayConfig withUniqueCostPerFrame(double cost) {
        return new ReplayConfig(enabled, historySeconds, querySeconds, stepPenalty, maxCostPerFrame, checkEverySeconds,
                distinctRatio, confirmations, cost);
    }
}
