package org.leggio.model.eval.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.leggio.model.eval.PairInfo;

/**
 * Enforces the row order of a pair set: rows grouped by piece, strip x non-decreasing within a
 * piece. Also collects the pieces in order with their pair counts. Not thread-safe.
 */
public final class PairOrder {
    /** A piece and how many pairs it has. */
    public record PieceCount(String pieceId, int pairs) {}

    private final Set<String> closed = new HashSet<>();
    private final List<PieceCount> pieces = new ArrayList<>();
    private PairInfo previous;

    /** Returns why {@code next} can't follow the rows so far, or null if it can (and records it). */
    public String accept(PairInfo next) {
        if (previous != null && previous.pieceId().equals(next.pieceId())) {
            if (next.stripXPx() < previous.stripXPx()) {
                return "strip_x_px " + next.stripXPx() + " is less than " + previous.stripXPx() + " on the previous row of piece '"
                        + next.pieceId() + "'; rows must be ordered by strip x within a piece";
            }
            PieceCount last = pieces.remove(pieces.size() - 1);
            pieces.add(new PieceCount(last.pieceId(), last.pairs() + 1));
        } else {
            if (closed.contains(next.pieceId())) {
                return "piece '" + next.pieceId() + "' appears again after other pieces; rows must be grouped by piece";
            }
            if (previous != null) {
                closed.add(previous.pieceId());
            }
            pieces.add(new PieceCount(next.pieceId(), 1));
        }
        previous = next;
        return null;
    }

    /** The pieces seen so far, in order. */
    public List<PieceCount> pieces() {
        return List.copyOf(pieces);
    }
}
