package org.leggio.matcher.session;

import org.leggio.matcher.follow.FollowerConfig;

/**
 * Settings of a listening session.
 *
 * @param follower the follower's
 * @param identifier identification's
 * @param agreeRadiusPositions identification agrees with the follower when its end position is this close
 * @param jumpMargin identification re-seeds the follower only when its best path beats the best path
 *     ending near the follower's position by this much (mean cosine distance), so a literal repeat of
 *     the music elsewhere does not pull the follower away
 * @param relocaliseSeconds the span of recent audio compared when following (shorter than identification's,
 *     so that audio from before a jump soon leaves it)
 * @param disagreements consecutive disagreeing verifications before re-seeding
 * @param turnConfidence a page is turned only at or above this reported confidence (see {@code
 *     reportedConfidence}); by default {@link #TURN_CONFIDENCE}
 * @param farJumpSeconds a jump inside the piece over more than this much music (seconds at the current
 *     tempo) is far: the music there must have beaten the follower's place for {@code farJumpDisagreements}
 *     verifications in a row, with no shortcut on a clear margin, and must also win over identification's
 *     whole span (10 s), not only the last {@code relocaliseSeconds} (far look-alikes — a recapitulation, a
 *     returning theme — are where wrong re-seeds come from, and a real far jump is rare); and a far place
 *     must fit better by {@code jumpMargin} than the best place within this much music of the follower, else
 *     that near place is judged instead (the players are more likely near the look-alike's original)
 * @param farJumpDisagreements consecutive disagreeing verifications before a far jump (at least {@code
 *     disagreements} are needed in any case)
 * @param backwardTurnSeconds without a jump since the page was shown (a re-seed, a re-sync, another piece),
 *     a position behind where the shown page was shown turns the page back only after staying there this
 *     long (seconds of confident following); by default never ({@link Double#POSITIVE_INFINITY}). The follower
 *     itself never moves back, so such a position is its best cell or the tempo extrapolation wavering across
 *     a page boundary (a held note at the end of a page), not the players going back; a written repeat moves
 *     forward along the unfolded track and turns back at once
 * @param reportedConfidence how the session's own confidence becomes the one it reports (positions, page turns)
 */
public record SessionConfig(FollowerConfig follower, IdentifierConfig identifier, int agreeRadiusPositions,
        double jumpMargin, double relocaliseSeconds, int disagreements, double turnConfidence, double farJumpSeconds,
        int farJumpDisagreements, double backwardTurnSeconds, ConfidenceMap reportedConfidence) {

    public SessionConfig {
        if (!(relocaliseSeconds > 0)) {
            throw new IllegalArgumentException("relocaliseSeconds must be > 0");
        }
        if (agreeRadiusPositions < 1 || disagreements < 1 || jumpMargin < 0 || turnConfidence < 0 || turnConfidence > 1) {
            throw new IllegalArgumentException("agreeRadiusPositions and disagreements must be ≥ 1, jumpMargin ≥ 0, turnConfidence in [0, 1]");
        }
        if (!(farJumpSeconds > 0) || farJumpDisagreements < 1) {
            throw new IllegalArgumentException("farJumpSeconds must be > 0 and farJumpDisagreements ≥ 1, got "
                    + farJumpSeconds + " and " + farJumpDisagreements);
        }
        if (!(backwardTurnSeconds >= 0)) {
            throw new IllegalArgumentException("backwardTurnSeconds must be ≥ 0, got " + backwardTurnSeconds);
        }
        java.util.Objects.requireNonNull(reportedConfidence, "reportedConfidence");
    }

    /** Default {@link #farJumpSeconds}. */
    public static final double FAR_JUMP_SECONDS = 30;
    /** Default {@link #farJumpDisagreements}. */
    public static final int FAR_JUMP_DISAGREEMENTS = 4;
    /**
     * Default {@link #backwardTurnSeconds}: never without a jump. On the test renderings 2 s and never gave the
     * same turns (212 → 200, wrong 23 → 17, backward 18 → 12); a long held note at the end of a page needs never.
     */
    public static final double BACKWARD_TURN_SECONDS = Double.POSITIVE_INFINITY;
    /**
     * Default {@link #turnConfidence}: the reported confidence of an own confidence of 0.5, the turn threshold of
     * every round before the reported confidence was calibrated (about 0.73; such positions are within a beat
     * about three times in four), so that pages turn where they did.
     */
    public static final double TURN_CONFIDENCE = ConfidenceMap.DEFAULT.apply(0.5);

    public static SessionConfig defaults(FollowerConfig follower) {
        return new SessionConfig(follower, IdentifierConfig.defaults(follower.embeddingsPerSecond()), 24, 0.10, 3, 2,
                TURN_CONFIDENCE, FAR_JUMP_SECONDS, FAR_JUMP_DISAGREEMENTS, BACKWARD_TURN_SECONDS,
                ConfidenceMap.DEFAULT);
    }

    public SessionConfig withRelocalisation(double margin, int disagreementCount) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, margin, relocaliseSeconds,
                disagreementCount, turnConfidence, farJumpSeconds, farJumpDisagreements, backwardTurnSeconds,
                reportedConfidence);
    }

    public SessionConfig withRelocaliseSeconds(double seconds) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, seconds, disagreements,
                turnConfidence, farJumpSeconds, farJumpDisagreements, backwardTurnSeconds,
                reportedConfidence);
    }

    /** The same, with another identification configuration. */
    public SessionConfig withIdentifier(IdentifierConfig newIdentifier) {
        return new SessionConfig(follower, newIdentifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, farJumpSeconds, farJumpDisagreements, backwardTurnSeconds,
                reportedConfidence);
    }

    public SessionConfig withFollower(FollowerConfig config) {
        return new SessionConfig(config, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, farJumpSeconds, farJumpDisagreements, backwardTurnSeconds,
                reportedConfidence);
    }

    /** The same, with another far-jump rule. */
    public SessionConfig withFarJumps(double seconds, int disagreementCount) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, seconds, disagreementCount, backwardTurnSeconds, reportedConfidence);
    }

    /** The same, with another {@link #backwardTurnSeconds} (0: pages turn back at once, as before 2026-11-27). */
    public SessionConfig withBackwardTurnSeconds(double seconds) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, farJumpSeconds, farJumpDisagreements, seconds, reportedConfidence);
    }

    /**
     * The same, reporting confidences through {@code map} ({@link ConfidenceMap#IDENTITY}: the session's own); the
     * turn confidence stays where it was in the session's own units, so that pages turn where they did.
     */
    public SessionConfig withReportedConfidence(ConfidenceMap map) {
        double own = reportedConfidence.invert(turnConfidence);
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, map.apply(own), farJumpSeconds, farJumpDisagreements, backwardTurnSeconds, map);
    }

    int backwardTurnSteps() {
        return (int) Math.min(Integer.MAX_VALUE, Math.round(backwardTurnSeconds * follower.embeddingsPerSecond()));
    }

    int relocaliseSteps() {
        return Math.max(2, (int) Math.round(relocaliseSeconds * follower.embeddingsPerSecond()));
    }
}
