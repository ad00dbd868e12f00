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
 * @param turnConfidence a page is turned only at or above this confidence
 */
public record SessionConfig(FollowerConfig follower, IdentifierConfig identifier, int agreeRadiusPositions,
        double jumpMargin, double relocaliseSeconds, int disagreements, double turnConfidence) {

    public SessionConfig {
        if (!(relocaliseSeconds > 0)) {
            throw new IllegalArgumentException("relocaliseSeconds must be > 0");
        }
        if (agreeRadiusPositions < 1 || disagreements < 1 || jumpMargin < 0 || turnConfidence < 0 || turnConfidence > 1) {
            throw new IllegalArgumentException("agreeRadiusPositions and disagreements must be ≥ 1, jumpMargin ≥ 0, turnConfidence in [0, 1]");
        }
    }

    public static SessionConfig defaults(FollowerConfig follower) {
        return new SessionConfig(follower, IdentifierConfig.defaults(follower.embeddingsPerSecond()), 24, 0.10, 3, 2,
                0.5);
    }

    public SessionConfig withRelocalisation(double margin, int disagreementCount) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, margin, relocaliseSeconds,
                disagreementCount, turnConfidence);
    }

    public SessionConfig withRelocaliseSeconds(double seconds) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, seconds, disagreements,
                turnConfidence);
    }

    /** The same, with another identification configuration. */
    public SessionConfig withIdentifier(IdentifierConfig newIdentifier) {
        return new SessionConfig(follower, newIdentifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence);
    }

    public SessionConfig withFollower(FollowerConfig config) {
        return new SessionConfig(config, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence);
    }

    int relocaliseSteps() {
        return Math.max(2, (int) Math.round(relocaliseSeconds * follower.embeddingsPerSecond()));
    }
}
