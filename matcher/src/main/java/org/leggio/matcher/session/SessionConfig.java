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
 * @param farJumpSeconds a jump inside the piece over more than this much music (seconds at the current
 *     tempo) is far: the music there must have beaten the follower's place for {@code farJumpDisagreements}
 *     verifications in a row, with no shortcut on a clear margin, and must also win over identification's
 *     whole span (10 s), not only the last {@code relocaliseSeconds} (far look-alikes — a recapitulation, a
 *     returning theme — are where wrong re-seeds come from, and a real far jump is rare)
 * @param farJumpDisagreements consecutive disagreeing verifications before a far jump (at least {@code
 *     disagreements} are needed in any case)
 */
public record SessionConfig(FollowerConfig follower, IdentifierConfig identifier, int agreeRadiusPositions,
        double jumpMargin, double relocaliseSeconds, int disagreements, double turnConfidence, double farJumpSeconds,
        int farJumpDisagreements) {

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
    }

    /** Default {@link #farJumpSeconds}. */
    public static final double FAR_JUMP_SECONDS = 30;
    /** Default {@link #farJumpDisagreements}. */
    public static final int FAR_JUMP_DISAGREEMENTS = 4;

    public static SessionConfig defaults(FollowerConfig follower) {
        return new SessionConfig(follower, IdentifierConfig.defaults(follower.embeddingsPerSecond()), 24, 0.10, 3, 2,
                0.5, FAR_JUMP_SECONDS, FAR_JUMP_DISAGREEMENTS);
    }

    public SessionConfig withRelocalisation(double margin, int disagreementCount) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, margin, relocaliseSeconds,
                disagreementCount, turnConfidence, farJumpSeconds, farJumpDisagreements);
    }

    public SessionConfig withRelocaliseSeconds(double seconds) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, seconds, disagreements,
                turnConfidence, farJumpSeconds, farJumpDisagreements);
    }

    /** The same, with another identification configuration. */
    public SessionConfig withIdentifier(IdentifierConfig newIdentifier) {
        return new SessionConfig(follower, newIdentifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, farJumpSeconds, farJumpDisagreements);
    }

    public SessionConfig withFollower(FollowerConfig config) {
        return new SessionConfig(config, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, farJumpSeconds, farJumpDisagreements);
    }

    /** The same, with another far-jump rule. */
    public SessionConfig withFarJumps(double seconds, int disagreementCount) {
        return new SessionConfig(follower, identifier, agreeRadiusPositions, jumpMargin, relocaliseSeconds,
                disagreements, turnConfidence, seconds, disagreementCount);
    }

    int relocaliseSteps() {
        return Math.max(2, (int) Math.round(relocaliseSeconds * follower.embeddingsPerSecond()));
    }
}
