package org.leggio.score.internal.musicxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.leggio.score.internal.musicxml.Mx.note;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MusicXmlScoreTest {

    private static final String HEADER = "<?xml version=\"1.0\"?>\n" + Mx.DOCTYPE + "<score-partwise version=\"3.1\">";

    private static Map<String, Double> onsets(MusicXmlScore s) {
        return s.notes().stream().collect(Collectors.toMap(MusicXmlNote::id, MusicXmlNote::onsetBeats));
    }

    @Test
    void metadataAndParts() {
        String xml = HEADER + "<work><work-title>Sonata</work-title></work><movement-title>Allegro</movement-title>"
                + "<identification><creator type=\"lyricist\">Heine</creator>"
                + "<creator type=\"composer\">Schumann</creator></identification>"
                + "<part-list><score-part id=\"P1\"><part-name>Voice</part-name></score-part>"
                + "<score-part id=\"P2\"><part-name>Piano</part-name></score-part></part-list>"
                + "<part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>"
                + Mx.WHOLE + "</measure></part>"
                + "<part id=\"P2\"><measure number=\"1\"><attributes><divisions>1</divisions><staves>2</staves>"
                + "</attributes>" + Mx.WHOLE + "</measure></part></score-partwise>";
        MusicXmlScore s = Mx.parse(xml);
        assertThat(s.workTitle()).contains("Sonata");
        assertThat(s.movementTitle()).contains("Allegro");
        assertThat(s.title()).contains("Sonata");
        assertThat(s.composer()).contains("Schumann");
        assertThat(s.parts()).containsExactly(new MusicXmlPart("P1", "Voice", 1), new MusicXmlPart("P2", "Piano", 2));
        assertThat(s.measures()).hasSize(1);
    }

    @Test
    void missingMetadataIsEmptyAndTitleFallsBackToMovement() {
        MusicXmlScore s = Mx.parse(Mx.score(Mx.WHOLE));
        assertThat(s.workTitle()).isEmpty();
        assertThat(s.composer()).isEmpty();
        MusicXmlScore m = Mx.parse(Mx.score(Mx.WHOLE).replace("<part-list>", "<movement-title> Lied </movement-title><part-list>"));
        assertThat(m.title()).contains("Lied");
    }

    @Test
    void measuresInWrittenOrderWithDurations() {
        String pickup = "<attributes><divisions>2</divisions><time><beats>3</beats><beat-type>4</beat-type></time>"
                + "</attributes>" + note("a", "G4", 2);
        String sixEight = "<attributes><time><beats>6</beats><beat-type>8</beat-type></time></attributes>";
        String xml = Mx.score(pickup, note("b", "C4", 6), "", sixEight + note("c", "C4", 6), "")
                .replace("<measure number=\"1\">", "<measure number=\"0\" implicit=\"yes\">");
        MusicXmlScore s = Mx.parse(xml);
        assertThat(s.measures()).extracting(MusicXmlMeasure::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.measures()).extracting(MusicXmlMeasure::number).containsExactly("0", "2", "3", "4", "5");
        assertThat(s.measures()).extracting(MusicXmlMeasure::implicit).containsExactly(true, false, false, false, false);
        // Pickup: one quarter of a 3/4 bar; the empty bar takes the time signature's length.
        assertThat(s.measures()).extracting(MusicXmlMeasure::durationBeats).containsExactly(1.0, 3.0, 3.0, 3.0, 3.0);
        assertThat(s.measures()).extracting(MusicXmlMeasure::timeSignatureBeats).containsExactly(3.0, 3.0, 3.0, 3.0, 3.0);
        assertThat(s.measures()).extracting(MusicXmlMeasure::startBeats).containsExactly(0.0, 1.0, 4.0, 7.0, 10.0);
        assertThat(s.noteMeasureIndex("a")).isZero();
        assertThat(s.noteMeasureIndex("c")).isEqualTo(3);
    }

    @Test
    void onsetsWithChordsBackupForwardGraceAndDivisionChanges() {
        String m1 = "<attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time>"
                + "<staves>2</staves></attributes>"
                + note("q", "C4", 2, "<voice>1</voice>")                     // 0
                + note("e1", "D4", 1) + note("e2", "E4", 1)                   // 1, 1.5
                + "<note id=\"g\"><grace/><pitch><step>A</step><octave>4</octave></pitch></note>" // grace: 2, no time
                + note("h", "F4", 4) + note("hc", "A4", 4, "<chord/>")        // 2, chord 2
                + "<backup><duration>8</duration></backup>"
                + "<forward><duration>2</duration></forward>"                 // voice 2 starts at 1
                + note("v2", "G2", 2, "<staff>2</staff>") + "<note><rest/><duration>2</duration><staff>2</staff></note>"
                + note("v2b", "B2", 2, "<staff>2</staff>");                   // 1, then 2 (rest w/o id), 3
        String m2 = "<attributes><divisions>6</divisions></attributes>"      // triplet eighths: 2 divisions each
                + note("t1", "C5", 2) + note("t2", "D5", 2) + note("t3", "E5", 2)
                + "<note id=\"r1\"><rest/><duration>18</duration></note>";
        MusicXmlScore s = Mx.parse(Mx.score(m1, m2));
        Map<String, Double> on = onsets(s);
        assertThat(on.get("q")).isEqualTo(0.0);
        assertThat(on.get("e1")).isEqualTo(1.0);
        assertThat(on.get("e2")).isEqualTo(1.5);
        assertThat(on.get("g")).isEqualTo(2.0);
        assertThat(on.get("h")).isEqualTo(2.0);
        assertThat(on.get("hc")).isEqualTo(2.0);
        assertThat(on.get("v2")).isEqualTo(1.0);
        assertThat(on.get("v2b")).isEqualTo(3.0);
        assertThat(on.get("t1")).isEqualTo(0.0);
        assertThat(on.get("t2")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(on.get("t3")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(on.get("r1")).isEqualTo(1.0);
        assertThat(s.measures().get(0).durationBeats()).isEqualTo(4.0);
        assertThat(s.measures().get(1).durationBeats()).isEqualTo(4.0);
        assertThat(s.measures().get(1).startBeats()).isEqualTo(4.0);

        MusicXmlNote grace = s.note("g").orElseThrow();
        assertThat(grace.grace()).isTrue();
        assertThat(grace.durationBeats()).isZero();
        assertThat(s.note("hc").orElseThrow().chord()).isTrue();
        assertThat(s.note("h").orElseThrow().durationBeats()).isEqualTo(2.0);
        assertThat(s.note("v2").orElseThrow().staff()).isEqualTo(2);
        assertThat(s.note("q").orElseThrow().voice()).isEqualTo("1");
        assertThat(s.note("r1").orElseThrow().rest()).isTrue();
        assertThat(s.note("r1").orElseThrow().midiPitch()).isEqualTo(-1);
        // Notes without an id are not listed (the rest in staff 2).
        assertThat(s.notes()).hasSize(12);
    }

    @Test
    void pitchesAndFlags() {
        String body = note("c4", "C4", 1) + note("fs5", "F#5", 1) + note("bb3", "Bb3", 1) + note("cb4", "Cb4", 1)
                + note("bs3", "B#3", 1, "<cue/>") + note("a0", "A0", 1, "print-object=\"no\"")
                + note("c8", "C8", 1) + note("eqt", "E4", 1).replace("<step>E</step>", "<step>E</step><alter>-0.5</alter>");
        MusicXmlScore s = Mx.parse(Mx.score(body));
        Map<String, Integer> pitch = s.notes().stream().collect(Collectors.toMap(MusicXmlNote::id, MusicXmlNote::midiPitch));
        assertThat(pitch).containsEntry("c4", 60).containsEntry("fs5", 78).containsEntry("bb3", 58)
                .containsEntry("cb4", 59).containsEntry("bs3", 60).containsEntry("a0", 21).containsEntry("c8", 108);
        assertThat(pitch.get("eqt")).isIn(63, 64); // a quarter-tone flat E: either neighbour is as near
        assertThat(s.note("bs3").orElseThrow().cue()).isTrue();
        assertThat(s.note("a0").orElseThrow().invisible()).isTrue();
        assertThat(s.note("c4").orElseThrow().invisible()).isFalse();
        assertThat(s.note("c4").orElseThrow().partId()).isEqualTo("P1");
    }

    @Test
    void unknownNoteIdIsAnError() {
        MusicXmlScore s = Mx.parse(Mx.score(note("n1", "C4", 4)));
        assertThat(s.note("n2")).isEmpty();
        assertThatThrownBy(() -> s.noteMeasureIndex("n2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n2");
        assertThatThrownBy(() -> s.visibleAnchor("n2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatMarksAreParsed() {
        String body = "<barline location=\"left\"><ending number=\"1, 2\" type=\"start\"/></barline>"
                + "<direction><direction-type><segno/></direction-type><sound segno=\"s1\"/></direction>"
                + Mx.WHOLE + "<barline location=\"right\"><ending number=\"1, 2\" type=\"stop\"/>"
                + "<repeat direction=\"backward\" times=\"3\"/></barline>";
        RepeatMarks r = Mx.parse(Mx.score(body)).measures().get(0).repeatMarks();
        assertThat(r.endingStartNumbers()).containsExactly(1, 2);
        assertThat(r.endingStop()).isTrue();
        assertThat(r.backwardRepeat()).isTrue();
        assertThat(r.backwardRepeatTimes()).isEqualTo(3);
        assertThat(r.forwardRepeat()).isFalse();
        assertThat(r.segnoNames()).containsExactly("s1");
    }

    // --- invisible notes ------------------------------------------------------------------------

    /** A trill on D5 in staff 1 voice 1, realised by hidden cue notes in voice 2; G4 in voice 3; bass in staff 2. */
    private static MusicXmlScore trill() {
        String hidden = "<cue/>";
        String m1 = "<attributes><divisions>4</divisions><time><beats>4</beats><beat-type>4</beat-type></time>"
                + "<staves>2</staves></attributes>"
                + note("main", "D5", 8, "<voice>1</voice>") + note("after", "C5", 8, "<voice>1</voice>")
                + "<backup><duration>16</duration></backup>"
                + note("i1", "E5", 1, hidden, "print-object=\"no\"") + note("i2", "D5", 1, hidden, "print-object=\"no\"")
                + note("i3", "E5", 1, hidden, "print-object=\"no\"") + note("i4", "D5", 1, hidden, "print-object=\"no\"")
                + "<forward><duration>4</duration></forward>"
                + note("i5", "E5", 1, hidden, "print-object=\"no\"")         // onset 2: after "after" starts
                + "<backup><duration>9</duration></backup>"
                + note("g1", "G4", 2, "<voice>3</voice>") + note("g2", "G4", 14, "<voice>3</voice>")
                + "<backup><duration>16</duration></backup>"
                + note("bass", "G2", 1, "<staff>2</staff>") + note("bass2", "D3", 15, "<staff>2</staff>");
        return Mx.parse(Mx.score(m1));
    }

    @Test
    void visibleNoteAnchorsItself() {
        assertThat(trill().visibleAnchor("main")).contains("main");
    }

    @Test
    void invisibleNoteAnchorsToTheOrnamentedNoteAtTheSameOnset() {
        MusicXmlScore s = trill();
        // At onset 0 staff 1 has D5 (voice 1) and G4 (voice 3): the closest pitch, D5, is the main note.
        assertThat(s.visibleAnchor("i1")).contains("main");
        // i2 at 0.25: still D5 from 0; the bass D3 that starts at 0.25 is in staff 2 and does not count.
        assertThat(s.visibleAnchor("i2")).contains("main");
    }

    @Test
    void invisibleNoteAnchorsToTheNearestPrecedingVisibleNoteOfItsStaff() {
        MusicXmlScore s = trill();
        // i3 at 0.5: the G4 of voice 3 that starts at 0.5 is nearer in time than D5 at 0.
        assertThat(s.note("i3").orElseThrow().onsetBeats()).isEqualTo(0.5);
        assertThat(s.visibleAnchor("i3")).contains("g2");
        // i4 at 0.75: still g2.
        assertThat(s.visibleAnchor("i4")).contains("g2");
        // i5 at 2.0: the C5 that starts at 2.0.
        assertThat(s.visibleAnchor("i5")).contains("after");
    }

    @Test
    void invisibleNoteFallsBackToOtherStavesPartsAndThenFollowingNotes() {
        String m1 = "<attributes><divisions>1</divisions><staves>2</staves></attributes>"
                + note("first", "C4", 1, "print-object=\"no\"") // nothing visible before it anywhere
                + note("v", "D4", 1) + note("inv2", "E4", 2, "<staff>2</staff>", "print-object=\"no\"");
        String xml = "<score-partwise><part-list><score-part id=\"P1\"/><score-part id=\"P2\"/></part-list>"
                + "<part id=\"P1\"><measure number=\"1\">" + m1 + "</measure>"
                + "<measure number=\"2\">" + note("w", "F4", 4) + "</measure></part>"
                + "<part id=\"P2\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>"
                + "<forward><duration>4</duration></forward></measure><measure number=\"2\">"
                + note("p2", "G4", 4, "print-object=\"no\"") + "</measure></part></score-partwise>";
        MusicXmlScore s = Mx.parse(xml);
        assertThat(s.visibleAnchor("first")).contains("v");  // the first visible note after it
        assertThat(s.visibleAnchor("inv2")).contains("v");   // staff 2 has none: same part, staff 1
        assertThat(s.visibleAnchor("p2")).contains("w");     // part 2 has none: part 1, same measure and onset
    }

    @Test
    void scoreWithoutVisibleNotesHasNoAnchor() {
        MusicXmlScore s = Mx.parse(Mx.score(note("x", "C4", 4, "print-object=\"no\"")));
        assertThat(s.visibleAnchor("x")).isEmpty();
    }
}
