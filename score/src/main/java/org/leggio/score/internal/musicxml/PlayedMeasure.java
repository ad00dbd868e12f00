package org.leggio.score.internal.musicxml;

/**
 * One measure as played, in performance order.
 *
 * @param measureIndex the measure's index in written order ({@link MusicXmlMeasure#index()})
 * @param pass 1 the first time this measure is played, 2 the second time, and so on; the same
 *     number as the {@code -k} suffix of the (n)ASAP note alignments ({@code n10-2}: note n10 on
 *     its second pass)
 */
public record PlayedMeasure(int measureIndex, int pass) {
    public PlayedMeasure {
        if (measureIndex < 0 || pass < 1) {
            throw new IllegalArgumentException("measureIndex " + measureIndex + ", pass " + pass);
        }
    }
}
