package org.leggio.ingest.source;

import java.util.Arrays;
import org.leggio.ingest.AudioSource;

/** Reading helpers for source tests. */
final class AudioTestSupport {
    private AudioTestSupport() {}

    /** Reads {@code source} to its end in blocks of {@code blockSize} samples. */
    static float[] readAll(AudioSource source, int blockSize) {
        float[] all = new float[1024];
        float[] block = new float[blockSize + 3];
        int size = 0;
        int n;
        while ((n = source.read(block, 3, blockSize)) > 0) {
            if (size + n > all.length) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, size + n));
            }
            System.arraycopy(block, 3, all, size, n);
            size += n;
        }
        return Arrays.copyOf(all, size);
    }

    /** Root mean square of {@code x[from, to)}. */
    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }
}
