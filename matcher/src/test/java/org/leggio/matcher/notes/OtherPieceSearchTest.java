package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

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

    @Test
    void theTempoFittedIsTheOneAtWhichTheNotesGoByAsTheAudioDoes() {
        // 20 s of a piece played at a steady 1.3 quarter notes a second
        double players = 1.3;
        SyntheticPerformance played = new SyntheticPerformance(SyntheticPerformance.randomNotes(96, 23), 96,
                beats -> players);
        NoteAligner aligner = new NoteAligner(played.scoreNotes(),
                new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000), NoteAlignerConfig.defaults());
        int frames = 20 * SyntheticPerformance.FPS;
        for (int f = 0; f < frames; f++) {
            aligner.pushFrame(played.frame(f));
        }
        OtherPieceSearch search = new OtherPieceSearch(OtherPieceConfig.defaults(), SyntheticPerformance.FPS);
        double now = played.beatAt(frames / (double) SyntheticPerformance.FPS);
        // guesses from below, at, and from above the players' tempo, each within an octave of it (the tempi tried
        // are an eighth of an octave apart, and a template a little faster than the audio costs little more)
        for (double guess : new double[] {0.75, 1.3, 2.4}) {
            OtherPieceSearch.Fit fit = search.fitTempo(aligner, aligner.noteTemplate(), tempo -> now, guess, 0.5,
                    search.windowFrames(), 0);
            assertThat(fit.beatsPerSecond()).as("tempo fitted from a guess of %.2f", guess)
                    .isCloseTo(players, withinPercentage(20));
            assertThat(fit.beats()).as("place, from a guess of %.2f", guess).isCloseTo(now, within(0.5));
        }
        // a guess trusted at any price stands
        assertThat(search.fitTempo(aligner, aligner.noteTemplate(), tempo -> now, 2.4, 0.5, search.windowFrames(), 10)
                .beatsPerSecond()).isEqualTo(2.4);
        // from where identification puts the music of a look-back ago, the score's tempo (2) the guess
        double matched = played.beatAt(frames / (double) SyntheticPerformance.FPS - 2.1);
        OtherPieceSearch.Candidate piece = new OtherPieceSearch.Candidate(0, aligner.noteTemplate(), 2.0, true);
        assertThat(search.tempoAround(aligner, piece, matched, 2.1)).isCloseTo(players, withinPercentage(20));
        assertThat(search.tempoAround(aligner, piece, Double.NaN, 2.1)).as("no place, no tempo").isNaN();
    }
}
