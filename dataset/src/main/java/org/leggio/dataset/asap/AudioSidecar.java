package org.leggio.dataset.asap;

/**
 * The JSON file beside each stored spectrogram: what it is and how it was made. Written last, so
 * its presence (with matching contents and a complete {@code .npy}) marks the output finished.
 * JSON keys are the component names in snake case ({@code tempo_factor}).
 *
 * @param formatVersion {@link AudioStore#FORMAT_VERSION}
 * @param pieceId the piece
 * @param folder score folder, '/'-separated
 * @param performanceId the performance
 * @param sourceMidi the MIDI file, relative to the corpus root
 * @param bank soundfont short name
 * @param soundfont soundfont file used
 * @param program General MIDI program
 * @param tempoFactor rendered time = performance time / tempo factor
 * @param fps spectrogram frames per second (20)
 * @param bands spectrogram bands (92)
 * @param frames spectrogram frames
 * @param layout array layout of the {@code .npy}: {@code "[band][frame]"}, shape (bands, frames)
 * @param dtype {@code "<f2"}
 * @param durationSeconds frames / fps
 * @param sourceMidiDurationSeconds length of the original MIDI file
 */
public record AudioSidecar(int formatVersion, String pieceId, String folder, String performanceId,
        String sourceMidi, String bank, String soundfont, int program, double tempoFactor, int fps, int bands,
        int frames, String layout, String dtype, double durationSeconds, double sourceMidiDurationSeconds) {}
