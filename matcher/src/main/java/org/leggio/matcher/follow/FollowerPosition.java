package org.leggio.matcher.follow;

/**
 * The follower's answer for one audio embedding.
 *
 * @param frameIndex the embedding's last audio frame (20 frames per second)
 * @param state FOLLOWING or LOST
 * @param trackPosition where the players are now, fractional track position: the matched position
 *     plus the window's look-back covered at the current tempo
 * @param matchedPosition the track position the embedding matched (the middle of its audio window
 *     for a centred model)
 * @param tempoPositionsPerSecond recent speed along the track, positions per second
 * @param confidence in [0, 1]: the estimated probability that the position is right (calibrated on
 *     validation performances; see docs/evaluation.md)
 * @param similarity cosine similarity of the embedding with the matched snippet
 * @param recentSimilarity the confidence's first input: similarity along the path, averaged over ~1 s
 * @param recentContrast the confidence's second input: the path's similarity above the window's mean, averaged
 * @param tempoKnown whether the tempo is the players': fitted over 2 s of matches or kept across a re-sync (before,
 *     a fit of the first few matches, which swings from 0 to several times their tempo, and which a display
 *     should not show)
 */
public record FollowerPosition(long frameIndex, FollowState state, double trackPosition, double matchedPosition,
        double tempoPositionsPerSecond, float confidence, float similarity, double recentSimilarity,
        double recentContrast, boolean tempoKnown) {}
