import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the bundled demo score: J. S. Bach, Prelude in C major, BWV 846, bars 1-11 (public domain), as
 * MusicXML encoded by the project from the same chord table as {@code MakeDemoMidi}: upper staff the
 * broken-chord sixteenths, lower staff the held bass and the tied second voice, as Bach wrote it.
 *
 * <p>Run: {@code java tools/MakeDemoScore.java app/src/main/resources/org/leggio/app/demo/bwv846-bars1-11.musicxml}
 */
public class MakeDemoScore {
    static final int[][] BARS = {
        {60, 64, 67, 72, 76}, {60, 62, 69, 74, 77}, {59, 62, 67, 74, 77}, {60, 64, 67, 72, 76},
        {60, 64, 69, 76, 81}, {60, 62, 66, 69, 74}, {59, 62, 67, 74, 79}, {59, 60, 64, 67, 72},
        {57, 60, 64, 67, 72}, {50, 57, 62, 66, 72}, {55, 59, 62, 67, 71},
    };
    static final String[] STEP = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
    static final int[] ALTER = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};

    public static void main(String[] args) throws Exception {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<score-partwise version=\"4.0\">\n")
                .append("<work><work-title>Prelude in C major, BWV 846 (bars 1-11)</work-title></work>\n")
                .append("<identification><creator type=\"composer\">Johann Sebastian Bach</creator>")
                .append("<rights>Public domain. Encoded by the Leggio project (tools/MakeDemoScore.java).</rights></identification>\n")
                .append("<part-list><score-part id=\"P1\"><part-name>Piano</part-name></score-part></part-list>\n<part id=\"P1\">\n");
        for (int bar = 0; bar < BARS.length; bar++) {
            int[] n = BARS[bar];
            x.append("<measure number=\"").append(bar + 1).append("\">\n");
            if (bar == 0) {
                x.append("<attributes><divisions>4</divisions><key><fifths>0</fifths></key>")
                        .append("<time><beats>4</beats><beat-type>4</beat-type></time><staves>2</staves>")
                        .append("<clef number=\"1\"><sign>G</sign><line>2</line></clef>")
                        .append("<clef number=\"2\"><sign>F</sign><line>4</line></clef></attributes>\n")
                        .append("<direction placement=\"above\"><direction-type><metronome><beat-unit>quarter</beat-unit>")
                        .append("<per-minute>66</per-minute></metronome></direction-type><sound tempo=\"66\"/></direction>\n");
            }
            for (int half = 0; half < 2; half++) {
                rest(x, 2, "eighth", 1, 1);
                for (int i = 0; i < 6; i++) {
                    note(x, n[2 + i % 3], 1, "16th", 1, 1, "", i % 3 == 0 ? "begin" : i % 3 == 2 ? "end" : "continue");
                }
            }
            x.append("<backup><duration>16</duration></backup>\n");
            for (int half = 0; half < 2; half++) {
                note(x, n[0], 8, "half", 2, 5, "", "");
            }
            x.append("<backup><duration>16</duration></backup>\n");
            for (int half = 0; half < 2; half++) {
                rest(x, 1, "16th", 2, 6);
                note(x, n[1], 3, "eighth\"/><dot", 2, 6, "start", "");
                note(x, n[1], 4, "quarter", 2, 6, "stop", "");
            }
            x.append("</measure>\n");
        }
        x.append("</part>\n</score-partwise>\n");
        Files.writeString(Path.of(args[0]), x.toString().replace("<type>eighth\"/><dot</type>", "<type>eighth</type><dot/>"),
                StandardCharsets.UTF_8);
    }

    static void rest(StringBuilder x, int duration, String type, int staff, int voice) {
        x.append("<note><rest/><duration>").append(duration).append("</duration><voice>").append(voice)
                .append("</voice><type>").append(type).append("</type><staff>").append(staff).append("</staff></note>\n");
    }

    static void note(StringBuilder x, int key, int duration, String type, int staff, int voice, String tie, String beam) {
        int pc = key % 12;
        x.append("<note><pitch><step>").append(STEP[pc]).append("</step>");
        if (ALTER[pc] != 0) {
            x.append("<alter>1</alter>");
        }
        x.append("<octave>").append(key / 12 - 1).append("</octave></pitch><duration>").append(duration).append("</duration>");
        if (!tie.isEmpty()) {
            x.append("<tie type=\"").append(tie).append("\"/>");
        }
        x.append("<voice>").append(voice).append("</voice><type>").append(type).append("</type>");
        if (ALTER[pc] != 0) {
            x.append("<accidental>sharp</accidental>");
        }
        x.append("<stem>").append(staff == 1 ? "up" : voice == 5 ? "down" : "up").append("</stem><staff>").append(staff)
                .append("</staff>");
        if (!beam.isEmpty()) {
            x.append("<beam number=\"1\">").append(beam).append("</beam><beam number=\"2\">").append(beam).append("</beam>");
        }
        if (!tie.isEmpty()) {
            x.append("<notations><tied type=\"").append(tie).append("\"/></notations>");
        }
        x.append("</note>\n");
    }
}
