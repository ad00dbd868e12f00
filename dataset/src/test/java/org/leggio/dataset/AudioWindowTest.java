package org.leggio.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioWindowTest {
    /** A 2-band spectrogram whose value is the frame index + 1 (band 0) and −(index + 1) (band 1). */
    private static float[][] ramp(int frames) {
        float[][] s = new float[2][frames];
        for (int t = 0; t < frames; t++) {
            s[0][t] = t + 1;
            s[1][t] = -(t + 1);
        }
        return s;
    }

    @Test
    void centredWindowIsCentredOnTheOnsetAndCausalEndsAtIt() {
        float[][] centred = AudioWindow.CENTRED.cut(ramp(100), 50, 10);
        assertThat(centred[0]).containsExactly(46, 47, 48, 49, 50, 51, 52, 53, 54, 55); // frames 45..54
        float[][] causal = AudioWindow.CAUSAL.cut(ramp(100), 50, 10);
        assertThat(causal[0]).containsExactly(42, 43, 44, 45, 46, 47, 48, 49, 50, 51); // frames 41..50
        assertThat(causal[1][9]).isEqualTo(-51);
    }

    @Test
    void framesBeyondTheRecordingAreSilence() {
        assertThat(AudioWindow.CENTRED.cut(ramp(5), 1, 6)[0]).containsExactly(0, 0, 1, 2, 3, 4);
        assertThat(AudioWindow.CAUSAL.cut(ramp(5), 6, 4)[0]).containsExactly(4, 5, 0, 0);
    }
}
