package org.leggio.score.internal.musicxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leggio.score.internal.musicxml.Mx.BACKWARD;
import static org.leggio.score.internal.musicxml.Mx.CODA;
import static org.leggio.score.internal.musicxml.Mx.FORWARD;
import static org.leggio.score.internal.musicxml.Mx.SEGNO;
import static org.leggio.score.internal.musicxml.Mx.WHOLE;
import static org.leggio.score.internal.musicxml.Mx.backward;
import static org.leggio.score.internal.musicxml.Mx.endingStart;
import static org.leggio.score.internal.musicxml.Mx.endingStop;
import static org.leggio.score.internal.musicxml.Mx.endingStopBackward;
import static org.leggio.score.internal.musicxml.Mx.score;
import static org.leggio.score.internal.musicxml.Mx.sound;
import static org.leggio.score.internal.musicxml.Mx.unfold;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Performance order of small scores. Expected orders are written as measure indices (0-based,
 * written order) with one prime per pass after the first: {@code 1'} is measure 1 on its second pass.
 */
class RepeatUnfolderTest {

    private static final String FINE = sound("fine=\"yes\"");
    private static final String DC = sound("dacapo=\"yes\"");
    private static final String DS = sound("dalsegno=\"segno\"");
    private static final String TO_CODA = sound("tocoda=\"coda\"");

    @Test
    void noMarksPlaysInWrittenOrder() {
        assertThat(unfold(score(WHOLE, WHOLE, WHOLE))).isEqualTo("0 1 2");
    }

    @Test
    void simpleRepeat() {
        assertThat(unfold(score(FORWARD + WHOLE, WHOLE + BACKWARD, WHOLE))).isEqualTo("0 1 0' 1' 2");
    }

    @Test
    void backwardRepeatWithoutForwardGoesToTheStart() {
        assertThat(unfold(score(WHOLE, WHOLE + BACKWARD, WHOLE))).isEqualTo("0 1 0' 1' 2");
    }

    @Test
    void startRepeatInTheMiddle() {
        assertThat(unfold(score(WHOLE, FORWARD + WHOLE, WHOLE + BACKWARD, WHOLE))).isEqualTo("0 1 2 1' 2' 3");
    }

    @Test
    void secondRepeatWithoutForwardGoesBackToTheEndOfTheFirst() {
        // Minuet shape ||: A :||: B :|| with the second |: left out, as printed editions often do.
        assertThat(unfold(score(WHOLE + BACKWARD, WHOLE, WHOLE + BACKWARD, WHOLE)))
                .isEqualTo("0 0' 1 2 1' 2' 3");
    }

    @Test
    void repeatWithFirstAndSecondEndings() {
        String xml = score(FORWARD + WHOLE, WHOLE, endingStart("1") + WHOLE + endingStopBackward("1"),
                endingStart("2") + WHOLE + endingStop("2", "stop"), WHOLE);
        assertThat(unfold(xml)).isEqualTo("0 1 2 0' 1' 3 4");
    }

    @Test
    void openSecondEndingAndTwoMeasureFirstEnding() {
        String xml = score(FORWARD + WHOLE, endingStart("1") + WHOLE, WHOLE + endingStopBackward("1"),
                endingStart("2") + WHOLE + endingStop("2", "discontinue"), WHOLE);
        assertThat(unfold(xml)).isEqualTo("0 1 2 0' 3 4");
    }

    @Test
    void voltaForPassesOneAndTwoThenThree() {
        // "1, 2" with :| and no times: the group's highest number (3) sets the number of passes.
        String xml = score(FORWARD + WHOLE, endingStart("1, 2") + WHOLE + endingStopBackward("1, 2"),
                endingStart("3") + WHOLE + endingStop("3", "stop"));
        assertThat(unfold(xml)).isEqualTo("0 1 0' 1' 0'' 2");
    }

    @Test
    void repeatTimesThree() {
        assertThat(unfold(score(FORWARD + WHOLE, WHOLE + backward(3), WHOLE))).isEqualTo("0 1 0' 1' 0'' 1'' 2");
    }

    @Test
    void pickupMeasureIsPartOfARepeatFromTheStart() {
        String pickup = "<attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time>"
                + "</attributes><note><pitch><step>G</step><octave>4</octave></pitch><duration>1</duration></note>";
        String xml = score(pickup, WHOLE, WHOLE + BACKWARD, WHOLE)
                .replace("<measure number=\"1\">", "<measure number=\"0\" implicit=\"yes\">");
        MusicXmlScore s = Mx.parse(xml);
        assertThat(s.measures().get(0).implicit()).isTrue();
        assertThat(s.measures().get(0).durationBeats()).isEqualTo(1.0);
        assertThat(Mx.order(s.unfold())).isEqualTo("0 1 2 0' 1' 2' 3");
        // With |: on the first full measure the pickup is played once.
        String withForward = score(pickup, FORWARD + WHOLE, WHOLE + BACKWARD, WHOLE)
                .replace("<measure number=\"1\">", "<measure number=\"0\" implicit=\"yes\">");
        assertThat(unfold(withForward)).isEqualTo("0 1 2 1' 2' 3");
    }

    @Test
    void daCapoAlFine() {
        assertThat(unfold(score(WHOLE, WHOLE + FINE, WHOLE, WHOLE + DC))).isEqualTo("0 1 2 3 0' 1'");
    }

    @Test
    void noRepeatsAfterDaCapo() {
        // |: 0 :| 1 (Fine) 2 (D.C.): the repeat is not taken again after the jump.
        assertThat(unfold(score(FORWARD + WHOLE + BACKWARD, WHOLE + FINE, WHOLE + DC))).isEqualTo("0 0' 1 2 0'' 1'");
    }

    @Test
    void afterDaCapoOnlyTheLastVoltaIsPlayed() {
        String xml = score(FORWARD + WHOLE, endingStart("1") + WHOLE + endingStopBackward("1"),
                endingStart("2") + WHOLE + endingStop("2", "stop") + FINE, WHOLE + DC);
        assertThat(unfold(xml)).isEqualTo("0 1 0' 2 3 0'' 2'");
    }

    @Test
    void dalSegnoAlCoda() {
        String xml = score(WHOLE, SEGNO + WHOLE, WHOLE + TO_CODA, WHOLE + DS, CODA + WHOLE, WHOLE);
        assertThat(unfold(xml)).isEqualTo("0 1 2 3 1' 2' 4 5");
    }

    @Test
    void dalSegnoAlFineWithBareSignsAndNamedSegni() {
        // Two named segni; the jump names the second. The first is a bare <segno/> sign without <sound>.
        String bareSegno = "<direction><direction-type><segno/></direction-type></direction>";
        String segnoB = "<direction><direction-type><segno/></direction-type><sound segno=\"b\"/></direction>";
        String xml = score(bareSegno + WHOLE, WHOLE, segnoB + WHOLE, WHOLE + FINE, WHOLE + sound("dalsegno=\"b\""));
        assertThat(unfold(xml)).isEqualTo("0 1 2 3 4 2' 3'");
    }

    @Test
    void codaSignsWithoutSoundAreReadAsToCodaThenCoda() {
        String bareCoda = "<direction><direction-type><coda/></direction-type></direction>";
        String xml = score(WHOLE, WHOLE + bareCoda, WHOLE + DC, bareCoda + WHOLE);
        assertThat(unfold(xml)).isEqualTo("0 1 2 0' 1' 3");
    }

    @Test
    void repeatIsFinishedBeforeTheJumpInTheSameMeasure() {
        assertThat(unfold(score(WHOLE + FINE, WHOLE + BACKWARD + DC))).isEqualTo("0 1 0' 1' 0''");
    }

    @Test
    void fineAndToCodaMeanNothingBeforeAJumpAndJumpsAreTakenOnce() {
        assertThat(unfold(score(WHOLE + FINE, WHOLE + TO_CODA, CODA + WHOLE))).isEqualTo("0 1 2");
        assertThat(unfold(score(WHOLE, WHOLE + DC))).isEqualTo("0 1 0' 1'");
    }

    @Test
    void dalSegnoWithoutSegnoIsIgnored() {
        assertThat(unfold(score(WHOLE, WHOLE + DS, WHOLE))).isEqualTo("0 1 2");
    }

    @Test
    void numberingRestartStartsASectionThatJumpsDoNotLeave() {
        String xml = score(WHOLE, WHOLE + BACKWARD, WHOLE, WHOLE + DC)
                .replace("<measure number=\"3\">", "<measure number=\"1\">")
                .replace("<measure number=\"4\">", "<measure number=\"2\">");
        // Section 2 (measures 2, 3): its D.C. goes to its own start, not to measure 0.
        assertThat(unfold(xml)).isEqualTo("0 1 0' 1' 2 3 2' 3'");
    }

    @Test
    void fineEndsOnlyItsSection() {
        // Numbers 1 2 3 | 2 3: the fall from 3 to 2 starts a second section (a second verse, say).
        String xml = score(WHOLE + FINE, WHOLE, WHOLE + DC, WHOLE, WHOLE)
                .replace("<measure number=\"4\">", "<measure number=\"2\">")
                .replace("<measure number=\"5\">", "<measure number=\"3\">");
        assertThat(unfold(xml)).isEqualTo("0 1 2 0' 3 4");
    }

    @Test
    void secondEndingNumberedLikeTheFirstIsNotASection() {
        // Bars 1 2 [1. 3 4 :|] [2. 3 4]: the second ending repeats the first one's numbers.
        String xml = score(FORWARD + WHOLE, WHOLE, endingStart("1") + WHOLE, WHOLE + endingStopBackward("1"),
                endingStart("2") + WHOLE, WHOLE + endingStop("2", "stop"))
                .replace("<measure number=\"5\">", "<measure number=\"3\">")
                .replace("<measure number=\"6\">", "<measure number=\"4\">");
        assertThat(unfold(xml)).isEqualTo("0 1 2 3 0' 1' 4 5");
    }

    @Test
    void voltaNumbersFromTheTextWhenTheAttributeIsEmpty() {
        String xml = score(FORWARD + WHOLE,
                "<barline location=\"left\"><ending number=\"\" type=\"start\">1.</ending></barline>" + WHOLE
                        + endingStopBackward(""),
                "<barline location=\"left\"><ending number=\"\" type=\"start\">2.</ending></barline>" + WHOLE
                        + endingStop("", "discontinue"));
        MusicXmlScore s = Mx.parse(xml);
        assertThat(s.measures().get(1).repeatMarks().endingStartNumbers()).containsExactly(1);
        assertThat(s.measures().get(2).repeatMarks().endingStartNumbers()).containsExactly(2);
        assertThat(Mx.order(s.unfold())).isEqualTo("0 1 0' 2");
    }

    @Test
    void marksInAnyPartCount() {
        // The :| is written in the second part only; measures are shared, so the repeat applies.
        String xml = "<score-partwise><part-list><score-part id=\"P1\"/><score-part id=\"P2\"/></part-list>"
                + "<part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>" + WHOLE
                + "</measure><measure number=\"2\">" + WHOLE + "</measure></part>"
                + "<part id=\"P2\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes>" + WHOLE
                + BACKWARD + "</measure><measure number=\"2\">" + WHOLE + "</measure></part></score-partwise>";
        assertThat(unfold(xml)).isEqualTo("0 0' 1");
    }

    @Test
    void unfoldWorksOnMeasuresAlone() {
        RepeatMarks back = new RepeatMarks(false, true, 0, List.of(), false, java.util.Set.of(), java.util.Set.of(),
                false, false, null, null);
        List<MusicXmlMeasure> measures = List.of(
                new MusicXmlMeasure(0, "1", false, 0, 4, 4, 1, RepeatMarks.NONE),
                new MusicXmlMeasure(1, "2", false, 4, 4, 4, 1, back));
        assertThat(RepeatUnfolder.unfold(measures)).containsExactly(
                new PlayedMeasure(0, 1), new PlayedMeasure(1, 1), new PlayedMeasure(0, 2), new PlayedMeasure(1, 2));
    }
}
