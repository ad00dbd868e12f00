package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.leggio.ingest.chunk.Float16;

class AudioCutterTest {
    @Test
    void float16ConversionIsExactForEveryFiniteValue() {
        int checked = 0;
        for (int bits = 0; bits < 1 << 16; bits++) {
            if ((bits & 0x7c00) != 0x7c00) { // not infinity or NaN
                float expected = Float16.toFloat((short) bits);
                assertThat(Float.floatToRawIntBits(AudioCutter.toFloat((short) bits)))
                        .as("bits %04x", bits).isEqualTo(Float.floatToRawIntBits(expected));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(63_488);
    }
}
