package org.leggio.dataset.asap;

import java.nio.file.Path;
import java.util.List;

/**
 * One score folder of the corpus (one row of {@code manifest.csv}). A piece can have several
 * (e.g. with and without a written-out repeat); they share {@link #pieceId()}.
 *
 * @param pieceId {@code Composer_Title}, shared by all score versions of a piece
 * @param composer composer name as in the manifest
 * @param title title as in the manifest
 * @param folder folder relative to the corpus root, '/'-separated, e.g. {@code Bach/Fugue/bwv_848}
 * @param scorePath absolute path of {@code xml_score.mxl}
 * @param performanceIds performance ids in manifest order, empty for a score-only folder
 * @param scoreNoteCount pitched {@code <note>} elements with an id ({@code n_score_notes})
 */
public record ScoreFolder(String pieceId, String composer, String title, String folder, Path scorePath,
        List<String> performanceIds, int scoreNoteCount) {
    /** Copies the id list so the record is immutable. */
    public ScoreFolder {
        performanceIds = List.copyOf(performanceIds);
    }

    /** Whether at least one performance of this folder is in the corpus. */
    public boolean hasPerformances() {
        return !performanceIds.isEmpty();
    }
}
