package org.leggio.ingest.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.Npy;
import org.leggio.ingest.testutil.SharedData;

class LogFilterbankTest {
    private final LogFilterbank bank = LogFilterbank.standard();

    @Test
    void shouldHave122LogFrequenciesAnd94UniqueBinsAnd92Bands() {
        double[] f = LogFilterbank.logFrequencies();
        assertEquals(122, f.length);
        assertEquals(31.32, f[0], 0.01);
        assertEquals(5919.91, f[121], 0.01);
        int[] bins = bank.uniqueBins();
        assertEquals(94, bins.length);
        assertEquals(3, bins[0]);
        assertEquals(550, bins[93]);
        assertEquals(92, bank.bandCount());
    }

    @Test
    void shouldNormaliseEveryBandToSumOne() {
        for (int b = 0; b < bank.bandCount(); b++) {
            double sum = 0;
            for (float w : bank.weights(b)) {
                sum += w;
            }
            assertEquals(1.0, sum, 1e-6, "band " + b);
        }
    }

    @Test
    void shouldReduceLowBandsToTheirCentreBin() {
        float[][] dense = bank.toDense();
        int[] bins = bank.uniqueBins();
        for (int b = 0; b <= 21; b++) {
            assertEquals(1.0f, dense[b][bins[b + 1]], "band " + b);
        }
        assertEquals(45, countNonZero(dense[91]));
    }

    @Test
    void shouldEqualReferenceFilterbank() throws IOException {
        float[][] reference = Npy.readFloat32(SharedData.reference("logfilterbank_92x1024.npy"));
        float[][] dense = bank.toDense();
        assertEquals(92, reference.length);
        double maxError = 0;
        for (int b = 0; b < 92; b++) {
            assertEquals(countNonZero(reference[b]), countNonZero(dense[b]), "non-zero weights of band " + b);
            for (int i = 0; i < 1024; i++) {
                maxError = Math.max(maxError, Math.abs(reference[b][i] - dense[b][i]));
            }
        }
        assertEquals(0.0, maxError, 1e-7, "max |error| against logfilterbank_92x1024.npy");
        assertArrayEquals(reference[50], dense[50], 1e-7f);
    }

    private static int countNonZero(float[] row) {
        int n = 0;
        for (float v : row) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }
}
