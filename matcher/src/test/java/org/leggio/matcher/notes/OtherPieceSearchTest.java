package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OtherPieceSearchTest {

    @Test
    void aWholePieceSearchAssumesATempoTheScoreAllows() {
        // a stalled session's tempo: the search would need a column per 1/2000 of a quarter note
        assertThat(OtherPieceSearch.searchTempo(0.01, Double.NaN))
                .isEqualTo(OtherPieceSearch.MIN_SEARCH_BEATS_PER_SECOND);
        assertThat(OtherPieceSearch.searchTempo(0.01, 2.0)).isCloseTo(1.0, within(1e-12));
        assertThat(OtherPieceSearch.searchTempo(9.0, 2.0)).isCloseTo(4.0, within(1e-12));
        assertThat(OtherPieceSearch.searchTempo(1.7, 2.0)).as("within the score's range").isEqualTo(1.7);
        assertThat(OtherPieceSearch.searchTempo(1.7, Double.NaN)).as("no notated tempo").isEqualTo(1.7);
        assertThat(OtherPieceSearch.searchTempo(0.1, 0.3)).as("a slow score, still the floor")
                .isEqualTo(OtherPieceSearch.MIN_SEARCH_BEATS_PER_SECOND);
    }
}
