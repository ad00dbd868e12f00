package org.leggio.matcher.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTableTest {
    @Test
    void binsAndExpectedCalibrationError() {
        double[] confidence = {0.05, 0.15, 0.95, 0.95, 1.0, 0.3, 0.35};
        boolean[] correct = {false, true, true, true, false, true, false};
        CalibrationTable table = CalibrationTable.of(confidence, correct);
        assertThat(table.bins()).hasSize(10);
        assertThat(table.count()).isEqualTo(7);
        CalibrationTable.Bin top = table.bins().get(9);
        assertThat(top.count()).isEqualTo(3);
        assertThat(top.meanConfidence()).isCloseTo((0.95 + 0.95 + 1.0) / 3, within(1e-12));
        assertThat(top.accuracy()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(table.bins().get(3).count()).isEqualTo(2);
        assertThat(table.bins().get(5).count()).isZero();
        assertThat(table.bins().get(5).accuracy()).isNaN();
        double ece = (1 * 0.05 + 1 * 0.85 + 2 * Math.abs(0.5 - 0.325) + 3 * Math.abs(2 / 3.0 - 2.9 / 3)) / 7;
        assertThat(table.expectedCalibrationError()).isCloseTo(ece, within(1e-12));
        assertThat(table.accuracy()).isCloseTo(4 / 7.0, within(1e-12));
        String md = table.toMarkdown();
        assertThat(md).contains("| [0.9, 1.0] | 3 | 0.967 | 0.667 | -0.300 |").contains("| [0.5, 0.6) | 0 | – | – | – |")
                .contains(String.format(java.util.Locale.ROOT, "ECE %.4f over 7 predictions", ece));
    }

    @Test
    void perfectCalibrationAndBadInput() {
        CalibrationTable t = CalibrationTable.of(new double[] {1.0, 1.0, 0.0}, new boolean[] {true, true, false});
        assertThat(t.expectedCalibrationError()).isZero();
        assertThatThrownBy(() -> CalibrationTable.of(new double[] {1.5}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CalibrationTable.of(new double[] {0.5}, new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CalibrationTable.of(new double[0], new boolean[0]).expectedCalibrationError()).isNaN();
    }
}
