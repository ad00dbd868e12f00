package org.leggio.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoudnessTest {
    private static final int BANDS = 92;
    /** The matcher's default silence threshold. */
    private static final float GATE = 0.05f;

    @Test
    void aSoftNoteInOneBandIsAudibleWhereTheMeanOfAllBandsWasNot() {
        // one band at 0.4 (a soft high note), the rest silent: the all-band mean is 0.004, below any gate
        float[][] bands = new float[BANDS][40];
        for (int f = 0; f < 40; f++) {
            bands[70][f] = 0.4f;
        }
        assertEquals(0.4f, Loudness.at(bands, 39), 1e-6f);
        assertTrue(Loudness.at(bands, 39) > GATE);
    }

    @Test
    void digitalSilenceIsZero() {
        assertEquals(0f, Loudness.at(new float[BANDS][30], 29));
        assertEquals(0f, Loudness.peak(new float[BANDS]));
    }

    @Test
    void averagesTheLoudestBandOverTheLastTenFramesThatExist() {
        float[][] bands = new float[BANDS][30];
        for (int f = 0; f < 30; f++) {
            bands[f % BANDS][f] = f; // frame f's loudest band holds f
            bands[(f + 1) % BANDS][f] = f / 2f;
        }
        // frames 20..29: mean of 20..29 = 24.5
        assertEquals(24.5f, Loudness.at(bands, 29), 1e-5f);
        // at frame 3 only frames 0..3 exist: mean 1.5
        assertEquals(1.5f, Loudness.at(bands, 3), 1e-6f);
        // a frame past the end is the last frame
        assertEquals(Loudness.at(bands, 29), Loudness.at(bands, 500));
    }

    @Test
    void anEmptySpectrogramIsSilence() {
        assertEquals(0f, Loudness.at(new float[0][0], 5));
        assertEquals(0f, Loudness.at(new float[BANDS][0], 5));
    }
}
