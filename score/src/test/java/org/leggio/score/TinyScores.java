package org.leggio.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** MusicXML scores written by tests: a known number of bars of known notes, every note with an id. */
public final class TinyScores {
    private static final String[] STEPS = {"C", "D", "E", "F", "G", "A", "B"};

    private TinyScores() {}

    /**
     * A one-part piano score in 4/4 with {@code bars} bars of four quarter notes climbing the C major
     * scale; note k (0-based, in order) has id {@code "n" + k} and onset {@code k} quarter notes.
     * With {@code repeatFirstBars > 0}, bars 1..repeatFirstBars end with a backward repeat barline.
     */
    public static String scale(int bars, int repeatFirstBars) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <score-partwise version="4.0">
                  <work><work-title>Tiny Scale</work-title></work>
                  <identification><creator type="composer">Leggio Tests</creator></identification>
                  <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
                  <part id="P1">
                """);
        int note = 0;
        for (int bar = 1; bar <= bars; bar++) {
            xml.append("    <measure number=\"").append(bar).append("\">\n");
            if (bar == 1) {
                xml.append("""
                              <attributes><divisions>1</divisions><key><fifths>0</fifths></key>
                                <time><beats>4</beats><beat-type>4</beat-type></time>
                                <clef><sign>G</sign><line>2</line></clef></attributes>
                              <direction placement="above"><direction-type><metronome><beat-unit>quarter</beat-unit>
                                <per-minute>120</per-minute></metronome></direction-type><sound tempo="120"/></direction>
                        """);
            }
            for (int beat = 0; beat < 4; beat++, note++) {
                int degree = note % 14;
                xml.append("      <note id=\"n").append(note).append("\"><pitch><step>").append(STEPS[degree % 7])
                        .append("</step><octave>").append(4 + degree / 7)
                        .append("</octave></pitch><duration>1</duration><voice>1</voice><type>quarter</type></note>\n");
            }
            if (bar == repeatFirstBars) {
                xml.append("      <barline location=\"right\"><bar-style>light-heavy</bar-style>"
                        + "<repeat direction=\"backward\"/></barline>\n");
            }
            xml.append("    </measure>\n");
        }
        xml.append("  </part>\n</score-partwise>\n");
        return xml.toString();
    }

    /** Writes {@link #scale} to {@code dir/name}. */
    public static Path writeScale(Path dir, String name, int bars, int repeatFirstBars) throws IOException {
        return Files.writeString(dir.resolve(name), scale(bars, repeatFirstBars));
    }
}
