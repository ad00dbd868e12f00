package org.leggio.matcher.session;

/**
 * How a session's own confidence becomes the confidence it reports: Platt scaling, {@code reported = σ(bias +
 * slope · logit(own))}, so that a reported confidence of c means the position is within a beat of the players
 * about a share c of the time. The session's own confidence (the embedding follower's logistic of its recent
 * similarity and contrast, raised where the score's notes vouch) steers LOST, jumps and vouching in its own units;
 * only what leaves the session, positions and page turns, is mapped. Immutable, thread-safe.
 *
 * @param bias added to the log-odds
 * @param slope the log-odds' scale (positive, so that the map keeps the order of confidences)
 */
public record ConfidenceMap(double bias, double slope) {
    /** No change: the session's own confidence is reported. */
    public static final ConfidenceMap IDENTITY = new ConfidenceMap(0, 1);

    /**
     * The default: the own confidence's odds times e. Fitted on the validation renderings' 151,703 following steps
     * (Platt fit 1.01 + 1.011 · logit; rounded, expected calibration error 0.111 → 0.016; in five folds by
     * rendering 0.023), where positions refined by the notes were right more often than the embedding follower's
     * confidence said (docs/evaluation.md, "Fourteenth round").
     */
    public static final ConfidenceMap DEFAULT = new ConfidenceMap(1.0, 1.0);

    /** Confidences this close to 0 or 1 are taken as that close, so that the log-odds stay finite. */
    private static final double EDGE = 1e-6;

    public ConfidenceMap {
        if (!Double.isFinite(bias) || !(slope > 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException("a confidence map needs a finite bias and a finite positive slope, got "
                    + bias + " and " + slope);
        }
    }

    /** The reported confidence of an own confidence in [0, 1]. */
    public float apply(double own) {
        double p = Math.min(1 - EDGE, Math.max(EDGE, own));
        double logOdds = bias + slope * Math.log(p / (1 - p));
        return (float) (1 / (1 + Math.exp(-logOdds)));
    }

    /** The own confidence whose reported confidence is {@code reported} (the inverse of {@link #apply}). */
    public double invert(double reported) {
        double p = Math.min(1 - EDGE, Math.max(EDGE, reported));
        double logOdds = (Math.log(p / (1 - p)) - bias) / slope;
        return 1 / (1 + Math.exp(-logOdds));
    }
}
