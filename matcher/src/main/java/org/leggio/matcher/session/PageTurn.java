package org.leggio.matcher.session;

/**
 * A page change of the followed position.
 *
 * @param fromPage page shown before (0-based)
 * @param toPage page to show now (0-based)
 * @param secondsToEndOfPage predicted time until the end of the page being left at the current tempo
 *     (0 when already past it)
 * @param confidence the follower's confidence when the turn was decided
 */
public record PageTurn(String pieceId, int fromPage, int toPage, double secondsToEndOfPage, float confidence) {}
