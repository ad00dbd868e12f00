package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunningMedianTest {
    @Test
    void isTheMedianOfOneSamplePerSecondOverTheSpan() {
        RunningMedian usual = new RunningMedian(5, 20);
        assertThat(usual.sample(0, Double.NaN)).as("nothing taken yet").isNaN();
        assertThat(usual.samples()).isZero();
        assertThat(usual.sample(0, 2.0)).isEqualTo(2.0);
        // within the same second: not taken
        assertThat(usual.sample(10, 9.0)).isEqualTo(2.0);
        assertThat(usual.sample(20, 3.0)).isEqualTo(2.5);
        assertThat(usual.sample(40, 0.5)).isEqualTo(2.0);
        // slow samples move the median only as they come to half of those kept
        assertThat(usual.sample(60, 0.5)).isEqualTo(1.25);
        assertThat(usual.sample(80, 2.2)).isEqualTo(2.0);
        // five samples kept: the first (2.0) falls out, the slow ones now hold the middle
        assertThat(usual.sample(100, 0.4)).isEqualTo(0.5);
        assertThat(usual.samples()).as("at most the span's").isEqualTo(5);
        assertThat(usual.median()).isEqualTo(0.5);
        // not positive or not finite: not taken
        assertThat(usual.sample(120, 0)).isEqualTo(0.5);
        assertThat(usual.sample(140, Double.POSITIVE_INFINITY)).isEqualTo(0.5);
    }

    @Test
    void rejectsAnEmptySpan() {
        assertThatThrownBy(() -> new RunningMedian(0, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
