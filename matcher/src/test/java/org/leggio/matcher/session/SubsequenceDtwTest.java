package org.leggio.matcher.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubsequenceDtwTest {
    @Test
    void lookAlikesAreTheOtherLocalMinimaNearlyAsCheapAsTheBest() {
        // the best end at 10 (0.20); minima at 30 (0.25), 50 (0.50: too dear) and 70 (0.28), and 14 (0.21) too near
        double[] cost = new double[90];
        java.util.Arrays.fill(cost, 0.9);
        cost[10] = 0.20;
        cost[14] = 0.21;
        cost[29] = 0.27;
        cost[30] = 0.25;
        cost[31] = 0.26;
        cost[50] = 0.50;
        cost[70] = 0.28;
        cost[72] = 0.28; // as cheap as 70, within reach: the first of equal ones counts
        SubsequenceDtw.Alignment alignment = new SubsequenceDtw.Alignment(cost, 10);

        assertThat(alignment.lookAlikes(5, 0.15)).containsExactly(30, 70);
        assertThat(alignment.lookAlikes(5, 0.05)).as("within 0.05 of the best").containsExactly(30);
        assertThat(alignment.lookAlikes(5, 0.35)).containsExactly(30, 50, 70);
        assertThat(alignment.lookAlikes(25, 0.15)).as("30 lies within 25 of the best")
                .containsExactly(70);
        assertThat(alignment.lookAlikes(2, 0.15)).as("14 is far enough from the best now").containsExactly(14, 30, 70);
    }
}
