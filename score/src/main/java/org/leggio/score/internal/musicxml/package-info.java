/**
 * MusicXML reading without Verovio: {@link org.leggio.score.internal.musicxml.MusicXmlFile} opens
 * {@code .musicxml}/{@code .xml}/{@code .mxl} files safely (no DTD or entity is ever fetched),
 * {@link org.leggio.score.internal.musicxml.MusicXmlScore} is the parsed model (measures in written
 * order, notes by {@code id}, onsets in quarter notes) and
 * {@link org.leggio.score.internal.musicxml.RepeatUnfolder} turns repeats, voltas and
 * D.C./D.S. jumps into the performance order of measures, numbered by pass like the {@code -k}
 * suffix of the (n)ASAP note alignments.
 *
 * <p>Units: {@code ...Beats} values are quarter notes (MusicXML's own beat unit), not the beats of
 * the time signature.
 */
package org.leggio.score.internal.musicxml;
