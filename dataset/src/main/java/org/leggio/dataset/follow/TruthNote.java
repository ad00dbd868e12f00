package org.leggio.dataset.follow;

/**
 * One performed note of the following ground truth ({@code groundtruth/<folder>/<perf>.csv}), on the
 * timeline of a rendering. Immutable.
 *
 * @param timeSeconds onset in the rendering, seconds (the CSV's performance time divided by the tempo
 *     factor; for an {@link EditedPerformance}, the edited timeline)
 * @param pieceId the piece the note belongs to (an edit may splice two pieces)
 * @param scoreBeat position in the unfolded score, quarter notes; {@code NaN} when the CSV leaves it empty
 *     (the pass is not in the unfolded order)
 * @param measureIndex the note's measure, written-order index (0-based)
 * @param bar the printed bar number (text: may be {@code "12a"} or empty)
 * @param page the page of the drawn notehead, 0-based
 * @param system the system of the drawn notehead, 0-based
 * @param stripXPx the notehead's centre column in {@code strip.png}, pixels
 */
public record TruthNote(double timeSeconds, String pieceId, double scoreBeat, int measureIndex, String bar, int page,
        int system, float stripXPx) {
    /** This note moved to {@code newTimeSeconds}, everything else kept. */
    public TruthNote atTime(double newTimeSeconds) {
        return new TruthNote(newTimeSeconds, pieceId, scoreBeat, measureIndex, bar, page, system, stripXPx);
    }

    /** The spectrogram frame of the onset, {@code round(timeSeconds · 20)} (20 frames per second). */
    public int frame() {
        return (int) Math.round(timeSeconds * FollowingPerformance.FRAMES_PER_SECOND);
    }
}
