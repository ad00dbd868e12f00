package org.leggio.matcher.follow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CostWindowTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void movesOnOrBackAndMakesTheEnteringPlacesUnreachable() {
        double[] cost = {0, 1, 2, 3, 4};
        CostWindow.shift(cost, 2);
        assertThat(cost).containsExactly(2, 3, 4, INF, INF);
        CostWindow.shift(cost, -1);
        assertThat(cost).containsExactly(INF, 2, 3, 4, INF);
        CostWindow.shift(cost, 0);
        assertThat(cost).containsExactly(INF, 2, 3, 4, INF);
        CostWindow.shift(cost, -5);
        assertThat(cost).containsOnly(INF);
    }
}
