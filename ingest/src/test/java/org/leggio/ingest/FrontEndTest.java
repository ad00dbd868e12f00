package org.leggio.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrontEndTest {
    @Test
    void shouldPlaceFrameStartsAtFloorOfKTimesHop() {
        for (long k = 0; k < 10_000; k++) {
            assertEquals((long) Math.floor(k * 1102.5), FrontEnd.frameStartSample(k), "frame " + k);
        }
        assertEquals(1102, FrontEnd.frameStartSample(1));
        assertEquals(3307, FrontEnd.frameStartSample(3));
    }

    @Test
    void shouldCountFramesAsCeilOfSamplesOverHop() {
        assertEquals(0, FrontEnd.frameCount(0));
        assertEquals(1, FrontEnd.frameCount(1));
        assertEquals(1, FrontEnd.frameCount(1102));
        assertEquals(2, FrontEnd.frameCount(1103));
        assertEquals(100, FrontEnd.frameCount(110_250));
        assertEquals(894, FrontEnd.frameCount(984_960));
        for (long n = 0; n < 50_000; n += 7) {
            assertEquals((long) Math.ceil(n / 1102.5), FrontEnd.frameCount(n), "n=" + n);
        }
    }

    @Test
    void shouldRejectNegativeIndices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrontEnd.frameStartSample(-1));
        assertEquals("frameIndex must be >= 0 but was -1", e.getMessage());
    }
}
