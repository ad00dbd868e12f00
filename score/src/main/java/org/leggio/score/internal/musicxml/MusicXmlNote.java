package org.leggio.score.internal.musicxml;

/**
 * A {@code <note>} element that has an {@code id} attribute (notes without one are not kept,
 * though they still advance time for the others).
 *
 * @param id the {@code id} attribute ({@code n19}, {@code r3} for rests in (n)ASAP)
 * @param measureIndex the index of its measure in written order
 * @param partId the {@code id} of its part
 * @param staff its {@code <staff>} within the part, from 1 (1 when not given)
 * @param voice its {@code <voice>}, "" when not given
 * @param rest a {@code <rest/>}
 * @param chord a {@code <chord/>}: sounds with the preceding note
 * @param grace a {@code <grace/>} note: no duration, shares the onset of the note it precedes
 * @param cue a {@code <cue/>} note (in (n)ASAP: ornament realisations, usually invisible)
 * @param invisible {@code print-object="no"}: a renderer draws no notehead for it
 * @param midiPitch the MIDI key number from {@code <pitch>} (step, alter, octave; C4 = 60), -1 for
 *     rests and unpitched notes
 * @param onsetBeats its onset within the measure in quarter notes
 * @param durationBeats its notated duration in quarter notes (0 for grace notes)
 */
public record MusicXmlNote(
        String id,
        int measureIndex,
        String partId,
        int staff,
        String voice,
        boolean rest,
        boolean chord,
        boolean grace,
        boolean cue,
        boolean invisible,
        int midiPitch,
        double onsetBeats,
        double durationBeats) {

    /** Whether a notehead is drawn for it: pitched (not a rest) and not {@code print-object="no"}. */
    public boolean visibleNotehead() {
        return !invisible && !rest;
    }
}
