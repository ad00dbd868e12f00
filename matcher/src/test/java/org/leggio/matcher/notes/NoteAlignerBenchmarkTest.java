package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoteAlignerBenchmarkTest {
    @Test
    void timesEveryOperationAndWritesOneRowPerCase() {
        NoteAlignerBenchmark.Result r = NoteAlignerBenchmark.run(NoteAlignerConfig.defaults(), 20, 1);
        assertThat(r.steps()).isEqualTo(20);
        for (double micros : new double[] {r.pushMicros(), r.alignMicros(), r.jumpCheckMicros(), r.leapMicros(),
                r.followMicros(), r.replayMicros()}) {
            assertThat(micros).isPositive().isFinite();
        }
        assertThat(r.realTimeFactor()).isPositive();
        String row = NoteAlignerBenchmark.markdownRow(r);
        assertThat(row.split("\\|", -1)).hasSize(11); // 9 cells between 10 bars
        assertThat(row).startsWith("| 3.0 | 1.5 |");
    }

    @Test
    void timesAWholePieceSearchThatGrowsWithThePiece() {
        double short_ = NoteAlignerBenchmark.otherPieceSearchMicros(0.5, 20, 1);
        double long_ = NoteAlignerBenchmark.otherPieceSearchMicros(4, 20, 1);
        assertThat(short_).isPositive().isFinite();
        assertThat(long_).as("eight times the music").isGreaterThan(2 * short_);
        assertThatThrownBy(() -> NoteAlignerBenchmark.otherPieceSearchMicros(0, 20, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minutes");
    }

    @Test
    void refusesNoSteps() {
        assertThatThrownBy(() -> NoteAlignerBenchmark.run(NoteAlignerConfig.defaults(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
    }
}
