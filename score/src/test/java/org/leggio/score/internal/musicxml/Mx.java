package org.leggio.score.internal.musicxml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small MusicXML strings for tests: one part, 4/4, divisions 1 unless the body says otherwise. */
final class Mx {
    private Mx() {}

    static final String DOCTYPE = "<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 3.1 Partwise//EN\" "
            + "\"http://www.musicxml.org/dtds/partwise.dtd\">\n";

    static final String FORWARD = "<barline location=\"left\"><repeat direction=\"forward\"/></barline>";
    static final String BACKWARD = "<barline location=\"right\"><repeat direction=\"backward\"/></barline>";

    static String backward(int times) {
        return "<barline location=\"right\"><repeat direction=\"backward\" times=\"" + times + "\"/></barline>";
    }

    static String endingStart(String numbers) {
        return "<barline location=\"left\"><ending number=\"" + numbers + "\" type=\"start\"/></barline>";
    }

    /** A volta end with a {@code :|} (the usual first ending). */
    static String endingStopBackward(String numbers) {
        return "<barline location=\"right\"><ending number=\"" + numbers + "\" type=\"stop\"/>"
                + "<repeat direction=\"backward\"/></barline>";
    }

    static String endingStop(String numbers, String type) {
        return "<barline location=\"right\"><ending number=\"" + numbers + "\" type=\"" + type + "\"/></barline>";
    }

    static String sound(String attributes) {
        return "<direction><direction-type><words>x</words></direction-type><sound " + attributes + "/></direction>";
    }

    static final String SEGNO = "<direction><direction-type><segno/></direction-type><sound segno=\"segno\"/></direction>";
    static final String CODA = "<direction><direction-type><coda/></direction-type><sound coda=\"coda\"/></direction>";

    /** A whole-note C4 (duration 4 at divisions 1). */
    static final String WHOLE = "<note><pitch><step>C</step><octave>4</octave></pitch><duration>4</duration></note>";

    /** A note with an id: {@code pitch} like "C4", "F#5", "Bb3"; duration in divisions. */
    static String note(String id, String pitch, int duration, String... extra) {
        char step = pitch.charAt(0);
        String rest = pitch.substring(1);
        int alter = 0;
        while (!rest.isEmpty() && (rest.charAt(0) == '#' || rest.charAt(0) == 'b')) {
            alter += rest.charAt(0) == '#' ? 1 : -1;
            rest = rest.substring(1);
        }
        String before = String.join("", List.of(extra).stream().filter(x -> x.startsWith("<")).toList());
        String attrs = String.join(" ", List.of(extra).stream().filter(x -> !x.startsWith("<")).toList());
        return "<note id=\"" + id + "\"" + (attrs.isEmpty() ? "" : " " + attrs) + ">" + before
                + "<pitch><step>" + step + "</step>" + (alter != 0 ? "<alter>" + alter + "</alter>" : "")
                + "<octave>" + rest + "</octave></pitch><duration>" + duration + "</duration></note>";
    }

    /** One part; the first measure carries divisions 1 and 4/4 unless its body has its own attributes. */
    static String score(String... bodies) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<score-partwise version=\"3.1\">")
                .append("<part-list><score-part id=\"P1\"><part-name>Piano</part-name></score-part></part-list>")
                .append("<part id=\"P1\">");
        for (int i = 0; i < bodies.length; i++) {
            String body = bodies[i];
            String attrs = i == 0 && !body.contains("<attributes>")
                    ? "<attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>"
                    : "";
            sb.append("<measure number=\"").append(i + 1).append("\">").append(attrs).append(body).append("</measure>");
        }
        return sb.append("</part></score-partwise>").toString();
    }

    /** Measures in performance order as "0 1 2 1' 2' 3": index, one prime per pass after the first. */
    static String order(List<PlayedMeasure> played) {
        return played.stream().map(p -> p.measureIndex() + "'".repeat(p.pass() - 1)).collect(Collectors.joining(" "));
    }

    static MusicXmlScore parse(String xml) {
        return MusicXmlScore.parse(MusicXmlFile.read(xml.getBytes(StandardCharsets.UTF_8), "test.musicxml"), "test");
    }

    static String unfold(String xml) {
        return order(parse(xml).unfold());
    }

    static String container(String fullPath) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container><rootfiles>"
                + "<rootfile full-path=\"" + fullPath + "\" media-type=\"application/vnd.recordare.musicxml+xml\"/>"
                + "</rootfiles></container>";
    }

    /** A ZIP with these entries (name to UTF-8 text), in this order. */
    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
