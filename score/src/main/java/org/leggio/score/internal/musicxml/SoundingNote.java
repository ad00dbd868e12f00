package org.leggio.score.internal.musicxml;

/**
 * A pitched note as it sounds, whether or not it has an {@code id}.
 *
 * @param measureIndex the index of its measure in written order
 * @param onsetBeats its onset within the measure, quarter notes
 * @param durationBeats its notated duration, quarter notes (0 for grace notes)
 * @param midiPitch the MIDI key number (C4 = 60)
 * @param tiedFromPrevious a {@code <tie type="stop"/>}: it continues the previous note and is not struck again
 */
public record SoundingNote(int measureIndex, double onsetBeats, double durationBeats, int midiPitch,
        boolean tiedFromPrevious) {}
