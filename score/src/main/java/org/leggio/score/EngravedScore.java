package org.leggio.score;

import java.util.List;
import java.util.Map;

/**
 * A MusicXML score as Verovio engraved it: page images, systems, and where each measure and note
 * lies, with its score time. Pixel values are px of the page normalised to 835 px width.
 *
 * @param pages the engraved pages with their systems (Verovio's own boxes)
 * @param measures every measure in written order (index = MusicXML measure order)
 * @param notes every engraved note by its MusicXML id (invisible notes are absent)
 * @param verovioVersion the engraver's version, for reproducibility
 */
public record EngravedScore(List<ScorePage> pages, List<Measure> measures, Map<String, Note> notes,
        String verovioVersion) {

    /**
     * A measure on the page.
     *
     * @param measureIndex 0-based index in written order
     * @param verovioId Verovio's id of the measure (MusicXML measures have none)
     * @param pageIndex page it is on
     * @param systemIndex 0-based index of its system among all systems of the score
     * @param startPageXPx left edge of the measure on the page, px
     * @param endPageXPx right edge, px
     * @param startBeats score time at its start the first time it is played, quarter notes from the
     *     start of the unfolded score (Verovio's time map plays repeats); NaN when unknown
     * @param startScoreMillis the same at the notated tempo, ms
     */
    public record Measure(int measureIndex, String verovioId, int pageIndex, int systemIndex, double startPageXPx,
            double endPageXPx, double startBeats, double startScoreMillis) {}

    /**
     * A note on the page.
     *
     * @param id the MusicXML note id
     * @param measureIndex measure it belongs to
     * @param pageIndex page it is on
     * @param systemIndex 0-based system among all systems of the score
     * @param pageXPx centre of the note's box (notehead), px
     * @param pageYPx centre of the note's box, px
     * @param onsetBeats score time of its first onset, quarter notes in the unfolded score (repeats
     *     played, as Verovio's time map); NaN when Verovio gave none (e.g. a grace note)
     * @param onsetScoreMillis the same at the notated tempo, ms; NaN when unknown
     */
    public record Note(String id, int measureIndex, int pageIndex, int systemIndex, double pageXPx, double pageYPx,
            double onsetBeats, double onsetScoreMillis) {}

    public EngravedScore {
        pages = List.copyOf(pages);
        measures = List.copyOf(measures);
        notes = Map.copyOf(notes);
    }
}
