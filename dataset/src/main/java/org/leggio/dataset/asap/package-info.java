/**
 * The audio half of the ASAP training-set builder: reading the corpus ({@link
 * org.leggio.dataset.asap.AsapCorpus}, {@link org.leggio.dataset.asap.NoteAlignment}, {@link
 * org.leggio.dataset.asap.BeatAnnotations}), rendering performance MIDI to spectrograms with a
 * chosen soundfont, piano program and tempo factor ({@link
 * org.leggio.dataset.asap.PerformanceSynthesizer}), storing them as float16 {@code .npy} files
 * with JSON sidecars ({@link org.leggio.dataset.asap.AudioStore}), the train/valid/test split by
 * piece ({@link org.leggio.dataset.asap.PieceSplit}) and the parallel, resumable build ({@link
 * org.leggio.dataset.asap.AudioBuilder}).
 *
 * <p>Times are seconds from the start of the performance MIDI file unless a name says otherwise
 * ({@code renderedSeconds}: in the rendered audio, = performance seconds / tempo factor). Frame
 * indices count spectrogram frames at 20 fps; spectrograms are {@code [band][frameIndex]}, 92 bands.
 */
package org.leggio.dataset.asap;
