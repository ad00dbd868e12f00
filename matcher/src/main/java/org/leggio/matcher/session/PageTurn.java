package org.leggio.matcher.session;

/**
 * A page turn for the followed position: a full turn once the position has moved to another page, or a
 * half turn ahead of it (the next page's top half shown while the bottom half of the current page is
 * played).
 *
 * @param pieceId the followed piece
 * @param fromPage page shown before (0-based)
 * @param toPage page to show now, whole or its top half (0-based)
 * @param kind full or half
 * @param secondsToEndOfPage predicted time until the players reach the end of {@code fromPage} at the current
 *     tempo, seconds (0 when already past it, as for a full turn, or when the tempo is unknown)
 * @param confidence the follower's confidence when the turn was decided
 */
public record PageTurn(String pieceId, int fromPage, int toPage, Kind kind, double secondsToEndOfPage,
        float confidence) {

    /** What the viewer shows. */
    public enum Kind {
        /** The whole page changes to {@code toPage}. */
        FULL,
        /** The top half shows {@code toPage} while the bottom half of {@code fromPage} is played. */
        HALF
    }
}
