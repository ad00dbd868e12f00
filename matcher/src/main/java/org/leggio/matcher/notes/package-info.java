/**
 * Note-level refinement of a followed position, for scores whose notes are known (MusicXML): the last
 * seconds of audio, as chroma and onset features of the spectrogram, are aligned by subsequence DTW
 * against a template built from the score's notes around the position the embedding follower reports,
 * and the end of the best path is where the players are now.
 *
 * <p>Why: the published embeddings describe a window centred ~2 s in the past, so the follower must
 * extrapolate through its look-back with the recent tempo, and about 80 ms of its median error comes
 * from that (docs/evaluation.md, "Third round"). The notes say what sounds at each beat, so the newest
 * audio frames can be placed directly. The embedding follower stays in charge of where to look (it
 * works on images, identifies, re-localises); this stage only refines within a few seconds of it.
 *
 * <p>Public API: {@link org.leggio.matcher.notes.ScoreNotes}, {@link org.leggio.matcher.notes.BandChroma},
 * {@link org.leggio.matcher.notes.NoteAlignerConfig} (with {@link org.leggio.matcher.notes.ReplayConfig} and {@link
 * org.leggio.matcher.notes.RepeatConfig}: which way the players went where the played order branches at a
 * repeat), {@link org.leggio.matcher.notes.NoteAligner} and
 * {@link org.leggio.matcher.notes.NoteRefiner}. Pure Java, no Kafka.
 */
package org.leggio.matcher.notes;
