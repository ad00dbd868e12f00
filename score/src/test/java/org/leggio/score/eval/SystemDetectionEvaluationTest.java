package org.leggio.score.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.score.SystemBox;

class SystemDetectionEvaluationTest {
    @Test
    void countsOneToOneMatchesAboveTheIouThreshold() {
        SystemDetectionEvaluation e = new SystemDetectionEvaluation();
        List<SystemBox> truth = List.of(new SystemBox(0, 0, 100, 10), new SystemBox(0, 20, 100, 30), new SystemBox(0, 40, 100, 50));
        List<SystemBox> detected = List.of(
                new SystemBox(0, 0, 100, 10),   // exact: IoU 1
                new SystemBox(0, 21, 100, 30),  // IoU 0.9
                new SystemBox(0, 0, 100, 9),    // a duplicate of the first: can't match twice
                new SystemBox(0, 44, 100, 50)); // IoU 0.6: below 0.8
        e.score("page", truth, detected);
        assertThat(e.truthSystems()).isEqualTo(3);
        assertThat(e.detectedSystems()).isEqualTo(4);
        assertThat(e.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(e.precision()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(e.meanIouOfFound()).isCloseTo(0.95, within(1e-12));
        assertThat(e.meanBestIou()).isCloseTo((1 + 0.9 + 0.6) / 3, within(1e-12));
        assertThat(e.pagesExact()).isZero();
        assertThat(e.misses()).containsExactly("page system 2: best IoU 0.60");
    }

    @Test
    void distortionsMapTheTruthWithTheImage() {
        var page = new org.leggio.model.StripImage(100, 50, new byte[100 * 50]);
        var scaled = PageDistortion.SCALE_130.apply(page, List.of(new SystemBox(10, 10, 50, 20)));
        assertThat(scaled.page().widthPx()).isEqualTo(130);
        assertThat(scaled.truth().get(0).rightXPx()).isCloseTo(65, within(1e-9));
        assertThat(PageDistortion.NOISE.apply(page, List.of()).page().pixels()).isNotEqualTo(page.pixels());
    }
}
