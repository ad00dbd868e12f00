package org.leggio.matcher.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.RepeatStructure;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.StaffSystem;

class ScoreTrackTest {
    @Test
    void unfoldsRepeatsIntoAForwardTrack() {
        // 20 bars, bars 5..8 (written 4..7) played twice: 24 played bars of 10 positions each
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 20, 1, 4, 7));
        assertThat(track.length()).isEqualTo(24 * 10);
        // position 85 = played bar 8, which is the repeat of written bar 4 (label "5"), 5 positions in
        ScoreTrack.Place place = track.locate(85);
        assertThat(place.barLabel()).isEqualTo("5");
        assertThat(place.stripXPx()).isCloseTo(4 * 80 + 5 * 8 + 4, offset(0.01f));
        assertThat(place.scoreBeats()).isCloseTo(8 * 4 + 4.0 * (44 / 80.0), offset(1e-6));
        assertThat(track.positionOfBeats(place.scoreBeats())).isEqualTo(85);
    }

    @Test
    void writtenBeatsAreTheSameForBothPlayingsOfARepeat() {
        // bars 5..8 (written 4..7, 4 beats each) played twice: played bars 4..7 and 8..11 are the same place
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 20, 1, 4, 7));
        for (int j = 0; j < 40; j++) {
            assertThat(track.writtenBeats(40 + j)).isCloseTo(track.writtenBeats(80 + j), offset(1e-9));
            assertThat(track.scoreBeats(80 + j) - track.scoreBeats(40 + j)).isCloseTo(16, offset(1e-9));
        }
        // before the repeat written and unfolded beats agree; after it, written beats are 16 fewer
        assertThat(track.writtenBeats(30)).isCloseTo(track.scoreBeats(30), offset(1e-9));
        assertThat(track.writtenBeats(130)).isCloseTo(track.scoreBeats(130) - 16, offset(1e-9));
        // position 85 is 5 positions into written bar 4: 16 + 4 * 44/80 beats
        assertThat(track.writtenBeats(85)).isCloseTo(16 + 4.0 * 44 / 80, offset(1e-6));
        assertThat(track.writtenBeats(85.5)).isCloseTo((track.writtenBeats(85) + track.writtenBeats(86)) / 2,
                offset(1e-9));
    }

    @Test
    void mapsPositionsToPagesAndSystems() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 40, 2, -1, -1));
        // strip x 2404 lies in system 3 (2400..3200), which is on page 1, 4 px into it
        ScoreTrack.Place place = track.locate(300);
        assertThat(place.systemIndex()).isEqualTo(3);
        assertThat(place.pageIndex()).isEqualTo(1);
        assertThat(place.pageXPx()).isCloseTo(24f, offset(0.01f));
        assertThat(track.notatedBeatsPerSecond(300)).isCloseTo(2.0, offset(1e-9));
    }

    /**
     * 40 bars on 2 pages (bars 1-20 on page 0, 21-40 on page 1; systems of 10 bars, the second of each
     * page in its bottom half), played as written bars 0-7, 4-7 (a repeat inside page 0), 8-24, 15-24
     * (a repeat back to page 0's bottom system), 25-39: 54 played bars of 10 positions each, played
     * bar k at positions 10k..10k+9. Pages in played order: k 0-23 (bars 0-7, 4-7, 8-19) on page 0
     * (positions 0-239), k 24-28 (bars 20-24) on page 1 (240-289), k 29-33 (bars 15-19) on page 0
     * (290-339), k 34-53 (bars 20-39) on page 1 (340-539).
     */
    private static ScoreIndex twoPagesWithRepeats() {
        RepeatStructure.Builder order = RepeatStructure.newBuilder();
        int[][] runs = {{0, 7}, {4, 7}, {8, 24}, {15, 24}, {25, 39}};
        for (int[] run : runs) {
            for (int b = run[0]; b <= run[1]; b++) {
                order.addUnfoldedBarIndices(b);
            }
        }
        return SyntheticScores.piece("p", 40, 3, -1, -1).toBuilder().setRepeats(order).build();
    }

    @Test
    void pageRunsFollowThePlayedOrder() {
        ScoreTrack track = ScoreTrack.of(twoPagesWithRepeats());
        assertThat(track.length()).isEqualTo(540);
        // the repeat inside page 0 (position 85: played bar 8 = written bar 4 again) stays in its run
        assertThat(track.locate(85).barLabel()).isEqualTo("5");
        assertThat(track.pageEndPosition(0)).isEqualTo(239);
        assertThat(track.pageEndPosition(85)).isEqualTo(239);
        assertThat(track.pageEndPosition(239)).isEqualTo(239);
        assertThat(track.nextPageInPlayedOrder(85)).isEqualTo(1);
        assertThat(track.locate(240).pageIndex()).isEqualTo(1);
        assertThat(track.pageEndPosition(240)).isEqualTo(289);
        assertThat(track.pageEndPosition(289.5)).isEqualTo(289);
        // the repeat back: position 290 is played bar 29 = written bar 15 (label "16"), on page 0 again
        assertThat(track.nextPageInPlayedOrder(250)).isEqualTo(0);
        assertThat(track.locate(290).pageIndex()).isEqualTo(0);
        assertThat(track.locate(290).barLabel()).isEqualTo("16");
        assertThat(track.pageEndPosition(290)).isEqualTo(339);
        assertThat(track.nextPageInPlayedOrder(300)).isEqualTo(1);
        // the last run ends the piece
        assertThat(track.pageEndPosition(340)).isEqualTo(539);
        assertThat(track.pageEndPosition(10_000)).isEqualTo(539);
        assertThat(track.nextPageInPlayedOrder(400)).isEqualTo(-1);
    }

    @Test
    void bottomHalfIsTheSystemCentreBelowHalfThePage() {
        ScoreTrack track = ScoreTrack.of(twoPagesWithRepeats());
        // system 0 (written bars 0-9, centre y 300 of 1181) is in the top half, system 1 (10-19, 850) below
        assertThat(track.inBottomHalf(50)).isFalse();
        assertThat(track.inBottomHalf(95)).isFalse(); // the repeat of bar 5
        assertThat(track.inBottomHalf(150)).isTrue(); // played bar 15 = written bar 11, system 1
        assertThat(track.inBottomHalf(250)).isFalse(); // written bar 21, system 2 (page 1 top)
        assertThat(track.inBottomHalf(300)).isTrue(); // written bar 16 again, system 1
        assertThat(track.inBottomHalf(350)).isFalse(); // written bar 21 again
        assertThat(track.inBottomHalf(450)).isTrue(); // written bar 31, system 3 (page 1 bottom)
    }

    @Test
    void withoutAPageHeightTheLowestSystemStandsInForIt() {
        ScoreIndex.Builder index = twoPagesWithRepeats().toBuilder();
        for (Page.Builder page : index.getPagesBuilderList()) {
            page.setHeightPx(0);
        }
        ScoreTrack track = ScoreTrack.of(index.build());
        // half of the lowest bottom (1050) is 525: centre 300 above it, 850 below (a height of 0 would put
        // every system in the bottom half)
        assertThat(track.inBottomHalf(50)).isFalse();
        assertThat(track.inBottomHalf(150)).isTrue();
        assertThat(track.inBottomHalf(250)).isFalse();
        assertThat(track.inBottomHalf(450)).isTrue();
    }

    @Test
    void withoutACentreRowTheMiddleOfTheSystemStandsInForIt() {
        ScoreIndex.Builder index = twoPagesWithRepeats().toBuilder();
        for (StaffSystem.Builder system : index.getSystemsBuilderList()) {
            system.setCentreYPx(0);
        }
        ScoreTrack track = ScoreTrack.of(index.build());
        // boxes 100..500 (middle 300) and 650..1050 (middle 850) on pages 1181 high
        assertThat(track.inBottomHalf(50)).isFalse();
        assertThat(track.inBottomHalf(150)).isTrue();
    }

    @Test
    void secondsToTheEndOfThePageAtTheCurrentTempo() {
        ScoreTrack track = ScoreTrack.of(twoPagesWithRepeats());
        // position 10k + j is at 4k + 0.4j + 0.2 unfolded beats: 150 at 60.2, the page end 239 at 95.8
        assertThat(track.scoreBeats(150)).isCloseTo(60.2, offset(1e-9));
        assertThat(track.scoreBeats(239)).isCloseTo(95.8, offset(1e-9));
        // 35.6 beats at 120 quarter notes per minute
        assertThat(track.secondsToPageEnd(150, 120, 80)).isCloseTo(17.8, offset(1e-9));
        assertThat(track.secondsToPageEnd(150.5, 120, 80)).isCloseTo(17.7, offset(1e-9));
        // from position 50, through the repeat inside the page: 189 positions of 0.4 beats = 75.6 beats
        assertThat(track.secondsToPageEnd(50, 120, 80)).isCloseTo(37.8, offset(1e-9));
        // no usable beat tempo: 89 positions of 8 px at 80 px per second
        assertThat(track.secondsToPageEnd(150, Double.NaN, 80)).isCloseTo(8.9, offset(1e-9));
        assertThat(track.secondsToPageEnd(150, 0, 80)).isCloseTo(8.9, offset(1e-9));
        // after the repeat back to page 0: 300 (beats 120.2) to its run's end 339 (135.8) at 60 per minute
        assertThat(track.secondsToPageEnd(300, 60, 80)).isCloseTo(15.6, offset(1e-9));
        // at or past the end of the page, or no tempo at all
        assertThat(track.secondsToPageEnd(239, 120, 80)).isZero();
        assertThat(track.secondsToPageEnd(239.25, 120, 80)).isZero();
        assertThat(track.secondsToPageEnd(150, Double.NaN, Double.NaN)).isZero();
        assertThat(track.secondsToPageEnd(150, -3, 0)).isZero();
        assertThat(track.secondsToPageEnd(150, Double.POSITIVE_INFINITY, Double.NaN)).isZero();
    }

    @Test
    void withoutBarsPagesAndSecondsGoByTheStrip() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 40, 3, -1, -1).toBuilder().clearBars()
                .clearRepeats().build());
        assertThat(track.hasBars()).isFalse();
        assertThat(track.length()).isEqualTo(400);
        assertThat(track.pageEndPosition(150)).isEqualTo(199);
        assertThat(track.nextPageInPlayedOrder(150)).isEqualTo(1);
        assertThat(track.inBottomHalf(150)).isTrue();
        // 49 positions of 8 px at 80 px per second; a beat tempo means nothing without bars
        assertThat(track.secondsToPageEnd(150, 120, 80)).isCloseTo(4.9, offset(1e-9));
        // 199.6 is at strip x 1600.8, already in system 2: on page 1, whose run ends the piece
        assertThat(track.locate(199.6).pageIndex()).isEqualTo(1);
        assertThat(track.pageEndPosition(199.6)).isEqualTo(399);
        assertThat(track.nextPageInPlayedOrder(199.6)).isEqualTo(-1);
        assertThat(track.inBottomHalf(199.6)).isFalse();
    }
}
