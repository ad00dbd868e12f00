package org.leggio.matcher.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

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
    void mapsPositionsToPagesAndSystems() {
        ScoreTrack track = ScoreTrack.of(SyntheticScores.piece("p", 40, 2, -1, -1));
        // strip x 2404 lies in system 3 (2400..3200), which is on page 1, 4 px into it
        ScoreTrack.Place place = track.locate(300);
        assertThat(place.systemIndex()).isEqualTo(3);
        assertThat(place.pageIndex()).isEqualTo(1);
        assertThat(place.pageXPx()).isCloseTo(24f, offset(0.01f));
        assertThat(track.notatedBeatsPerSecond(300)).isCloseTo(2.0, offset(1e-9));
    }
}
