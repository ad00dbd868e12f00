package org.leggio.ingest.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void shouldRoundTripEveryHalfExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short half = (short) bits;
            float value = Float16.toFloat(half);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(value))));
                continue;
            }
            assertEquals(half, Float16.fromFloat(value), "bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void shouldKnowTheStandardValues() {
        assertEquals((short) 0x3c00, Float16.fromFloat(1.0f));
        assertEquals((short) 0xc000, Float16.fromFloat(-2.0f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f)); // rounds up to infinity
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f)); // smallest subnormal
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-26f));
        assertEquals((short) 0x3555, Float16.fromFloat(1f / 3));
    }

    @Test
    void shouldRoundTiesToEven() {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f));
        // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f));
    }

    @Test
    void shouldStayWithinHalfAnUlpOverTheSpectrogramRange() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            float v = random.nextFloat() * 3f;
            float back = Float16.toFloat(Float16.fromFloat(v));
            float halfUlp = Math.max(Math.scalb(1f, Math.getExponent(v) - 11), 0x1p-25f);
            assertTrue(Math.abs(back - v) <= halfUlp,
                    v + " -> " + back);
        }
    }
}
