/**
 * Sheet-music ingestion: a user's score (MusicXML engraved by Verovio, or PDF / PNG / JPEG pages)
 * becomes pages normalised to 835 px width, staff systems, an unrolled strip, snippet geometry and
 * a {@code ScoreIndex} in a file-based score library. Pixel units follow DESIGN §5: {@code pageX},
 * {@code stripX} in px of a page normalised to 835 px width. Nothing here knows about audio.
 */
package org.leggio.score;
