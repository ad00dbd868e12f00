package org.leggio.matcher.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ConfidenceMapTest {

    @Test
    void theDefaultMultipliesTheOddsByE() {
        // own 0.5 has odds 1, reported odds e: e / (1 + e)
        assertThat(ConfidenceMap.DEFAULT.apply(0.5)).isCloseTo((float) (Math.E / (1 + Math.E)), offset(1e-6f));
        // own 0.2 has odds 1/4, reported odds e/4
        assertThat(ConfidenceMap.DEFAULT.apply(0.2)).isCloseTo((float) (Math.E / 4 / (1 + Math.E / 4)), offset(1e-6f));
    }

    @Test
    void keepsTheOrderAndTheEnds() {
        ConfidenceMap map = new ConfidenceMap(0.7, 1.3);
        float previous = -1;
        for (int i = 0; i <= 100; i++) {
            float reported = map.apply(i / 100.0);
            assertThat(reported).isBetween(0f, 1f).isGreaterThanOrEqualTo(previous);
            previous = reported;
        }
        assertThat(map.apply(0)).isLessThan(1e-4f);
        assertThat(map.apply(1)).isGreaterThan(1 - 1e-4f);
    }

    @Test
    void theIdentityChangesNothingAndInvertUndoesApply() {
        for (double own : new double[] {0.01, 0.3, 0.5, 0.77, 0.99}) {
            assertThat(ConfidenceMap.IDENTITY.apply(own)).isCloseTo((float) own, offset(1e-6f));
            assertThat(ConfidenceMap.DEFAULT.invert(ConfidenceMap.DEFAULT.apply(own))).isCloseTo(own, offset(1e-6));
        }
    }

    @Test
    void refusesAMapThatWouldNotKeepTheOrder() {
        assertThatThrownBy(() -> new ConfidenceMap(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive slope");
        assertThatThrownBy(() -> new ConfidenceMap(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite bias");
    }
}
