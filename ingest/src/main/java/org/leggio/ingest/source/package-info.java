/**
 * The audio sources of the ingest module: WAV/AIFF/AU files decoded with Java Sound, MIDI files
 * rendered offline with the JDK's Gervill synthesizer, and live capture from a {@code
 * TargetDataLine}.
 *
 * <p>{@link org.leggio.ingest.source.AudioSources} is the only public class; it returns {@link
 * org.leggio.ingest.AudioSource}s. All Java Sound and Java MIDI code of the module lives here, so
 * that the DSP code depends only on {@code float[]} and {@code AudioSource}.
 */
package org.leggio.ingest.source;
