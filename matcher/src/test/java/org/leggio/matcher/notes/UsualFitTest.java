package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsualFitTest {

    @Test
    void theUsualFitIsTheMedianOfTheOlderFitsLeavingOutTheNewest() {
        UsualFit fit = new UsualFit();
        for (int k = 0; k < UsualFit.SKIP + UsualFit.MIN_LOOKS - 1; k++) {
            fit.record(1.0);
            assertThat(fit.usual()).as("after %d fits", k + 1).isNaN();
        }
        fit.record(Double.NaN); // nothing to fit: not counted
        assertThat(fit.usual()).isNaN();
        fit.record(1.0);
        assertThat(fit.usual()).isEqualTo(1.0);
        // the newest SKIP fits (a change of piece may lie in them) do not move the usual fit
        for (int k = 0; k < UsualFit.SKIP; k++) {
            fit.record(5.0);
        }
        assertThat(fit.usual()).isEqualTo(1.0);
        // worse fits that last become the usual ones: once they are most of the older fits, the median is theirs
        for (int k = 0; k < UsualFit.LOOKS; k++) {
            fit.record(5.0);
        }
        assertThat(fit.usual()).isEqualTo(5.0);
        fit.forget();
        assertThat(fit.usual()).isNaN();
    }
}
