package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AugmentationTest {
    @Test
    void factoriesHoldThePublishedValues() {
        assertThat(Augmentation.none().isNone()).isTrue();
        Augmentation p = Augmentation.published();
        assertThat(p.isNone()).isFalse();
        assertThat(p).isEqualTo(new Augmentation(1, 5, 0.95, 1.05, 0.9, 1.1, 0, 0, 0));
        assertThat(Augmentation.standard()).isEqualTo(new Augmentation(1, 5, 0.95, 1.05, 0.9, 1.1, 0.02, 0.1, 0.1));
        assertThat(new Augmentation(0, 0, 1, 1, 1, 1, 0.5, 0, 0).isNone()).isTrue(); // noise that never happens
        assertThat(new Augmentation(0, 0, 1, 1, 1, 1.01, 0, 0, 0).isNone()).isFalse();
    }

    @Test
    void rejectsBadRanges() {
        assertThatThrownBy(() -> new Augmentation(-1, 0, 1, 1, 1, 1, 0, 0, 0)).hasMessageContaining("onsetJitterFrames");
        assertThatThrownBy(() -> new Augmentation(0, 21, 1, 1, 1, 1, 0, 0, 0)).hasMessageContaining("verticalShiftPx");
        assertThatThrownBy(() -> new Augmentation(0, 0, 1.1, 1, 1, 1, 0, 0, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new Augmentation(0, 0, 0, 1, 1, 1, 0, 0, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new Augmentation(0, 0, 1, 1, 1, Double.NaN, 0, 0, 0)).hasMessageContaining("tempo");
        assertThatThrownBy(() -> new Augmentation(0, 0, 1, 1, 1, 1, -0.1, 0, 0)).hasMessageContaining("noiseStd");
        assertThatThrownBy(() -> new Augmentation(0, 0, 1, 1, 1, 1, 0, 1.5, 0)).hasMessageContaining("noiseProbability");
        assertThatThrownBy(() -> new Augmentation(0, 0, 1, 1, 1, 1, 0, 0, -0.5)).hasMessageContaining("blurProbability");
    }
}
