package org.leggio.dataset.asap;

import java.nio.file.Path;

/**
 * One recorded performance (one row of {@code performances.csv}). The file paths are derived from
 * the folder and the performance id, not read from the CSV (README pitfall 5: the original
 * metadata had wrong alignment paths for some folders).
 *
 * @param pieceId the piece, as in {@link ScoreFolder#pieceId()}
 * @param composer the piece's composer (from the manifest)
 * @param folder score folder relative to the corpus root, '/'-separated
 * @param performanceId e.g. {@code Denisova06M}
 * @param performerKey pianist name prefix, lower case (spellings do not always merge)
 * @param midiPath absolute path of {@code <folder>/<performanceId>.mid}
 * @param alignmentPath absolute path of {@code <folder>/<performanceId>_note_alignments/note_alignment.tsv}
 * @param annotationsPath absolute path of {@code <folder>/<performanceId>_annotations.txt}
 * @param maxRepeatPass 2 if the pianist played a repeat (alignment ids with {@code -2}), else 1
 * @param alignedNoteCount matched notes of the alignment ({@code n_aligned_notes})
 */
public record Performance(String pieceId, String composer, String folder, String performanceId,
        String performerKey, Path midiPath, Path alignmentPath, Path annotationsPath, int maxRepeatPass,
        int alignedNoteCount) {

    /** Identifies the performance across the corpus: {@code folder + "/" + performanceId}. */
    public String key() {
        return folder + "/" + performanceId;
    }
}
