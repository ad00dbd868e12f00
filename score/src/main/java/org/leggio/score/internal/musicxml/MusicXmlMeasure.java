package org.leggio.score.internal.musicxml;

/**
 * A measure in written order: the {@code index}-th {@code <measure>} of every part.
 *
 * @param index 0..M-1 in written (not performed) order
 * @param number the {@code number} attribute as written ("1", "12a", "X1"); not unique in general
 *     (pickups are often "0", sections may restart at "1")
 * @param implicit {@code implicit="yes"}: a pickup or a measure split by a barline, not counted
 * @param startBeats where the measure starts, in quarter notes from the start of the score, in
 *     written order (the sum of the preceding {@code durationBeats})
 * @param durationBeats its length in quarter notes: the furthest point any part reaches with
 *     notes, {@code <forward>} or {@code <backup>}, or the time signature's length when the measure
 *     is empty; a pickup is as short as its contents
 * @param timeSignatureBeats the length the time signature in force gives, in quarter notes
 *     (3/4 gives 3, 6/8 gives 3); NaN when there is none or it is senza misura
 * @param beatUnitQuarters the time signature's beat (its {@code <beat-type>}) in quarter notes: 2 in
 *     2/2, 1 in 3/4, 0.5 in 6/8; NaN when there is none (what partitura's {@code beat_map}, and so the
 *     matchmaker benchmark, counts as a beat)
 * @param repeatMarks its repeat and jump markings
 */
public record MusicXmlMeasure(
        int index,
        String number,
        boolean implicit,
        double startBeats,
        double durationBeats,
        double timeSignatureBeats,
        double beatUnitQuarters,
        RepeatMarks repeatMarks) {}
