package org.leggio.dataset.training;

import java.util.Arrays;
import org.leggio.ingest.chunk.Float16;
import org.leggio.model.NetworkSpec;

/**
 * Cuts audio windows of T frames from a float16 spectrogram (band-major bits, as {@link
 * TrainingData} keeps them) into a flat float array, band-major 92 × T, optionally resampled along
 * time. Frames outside the spectrogram are silence (0). Holds scratch arrays: one instance per thread.
 */
final class AudioCutter {
    private static final int BANDS = NetworkSpec.AUDIO_BANDS;
    private final int frames;
    /** Per output frame: the first of its two source frames, relative to the span's first, and the second's weight. */
    private final int[] sourceOffset;
    private final float[] weight;
    /** One band's source frames {@code [spanFirst, spanFirst + span)} as floats (0 outside the spectrogram). */
    private float[] span = new float[0];

    /** A cutter for windows of {@code frames} (T) frames. */
    AudioCutter(int frames) {
        this.frames = frames;
        this.sourceOffset = new int[frames];
        this.weight = new float[frames];
    }

    /**
     * Writes the window into {@code out[offset … offset + 92·T)}: output frame {@code j} is the
     * spectrogram at (fractional) frame {@code anchorFrame + rate · (j − anchorOffset)}, linearly
     * interpolated between its two neighbouring frames. With {@code rate == 1} this is exactly the
     * frames {@code [anchorFrame − anchorOffset, anchorFrame − anchorOffset + T)}.
     *
     * @param bits float16 bits, {@code [band · frameCount + frameIndex]}
     * @param frameCount frames of the spectrogram
     * @param anchorFrame the source frame that stays in place (the onset)
     * @param anchorOffset where the anchor lies in the window, 0 ≤ offset &lt; T
     * @param rate source frames per output frame, &gt; 0
     */
    void cut(short[] bits, int frameCount, int anchorFrame, int anchorOffset, double rate, float[] out, int offset) {
        int first = anchorFrame - anchorOffset;
        if (rate == 1 && first >= 0 && first + frames <= frameCount) { // the common case: a plain cut inside
            for (int b = 0; b < BANDS; b++) {
                int from = b * frameCount + first;
                int o = offset + b * frames;
                for (int j = 0; j < frames; j++) {
                    out[o + j] = toFloat(bits[from + j]);
                }
            }
            return;
        }
        // source position of output frame j, as a whole frame and the weight of the next one
        int spanFirst = Integer.MAX_VALUE;
        int spanLast = Integer.MIN_VALUE;
        for (int j = 0; j < frames; j++) {
            double position = rate == 1 ? first + j : anchorFrame + rate * (j - anchorOffset);
            int floor = (int) Math.floor(position);
            sourceOffset[j] = floor;
            weight[j] = (float) (position - floor);
            spanFirst = Math.min(spanFirst, floor);
            spanLast = Math.max(spanLast, floor + 1);
        }
        int spanLength = spanLast - spanFirst + 1;
        if (span.length < spanLength) {
            span = new float[spanLength];
        }
        for (int j = 0; j < frames; j++) {
            sourceOffset[j] -= spanFirst;
        }
        int from = Math.max(0, spanFirst); // the span's part inside the spectrogram
        int to = Math.min(frameCount, spanLast + 1);
        Arrays.fill(span, 0, spanLength, 0f);
        for (int b = 0; b < BANDS; b++) {
            int base = b * frameCount;
            for (int k = from; k < to; k++) {
                span[k - spanFirst] = toFloat(bits[base + k]);
            }
            int o = offset + b * frames;
            for (int j = 0; j < frames; j++) {
                int i = sourceOffset[j];
                float w = weight[j];
                float v = span[i];
                out[o + j] = w == 0 ? v : v + w * (span[i + 1] - v);
            }
        }
    }

    /**
     * The float value of finite float16 bits, exactly as {@link Float16#toFloat}. Infinities and
     * NaN (absent from spectrograms) come out as finite values ≥ 65536.
     */
    static float toFloat(short half) {
        int h = half & 0x7fff;
        // normal: move exponent and mantissa into float32 place and rebias (127 − 15 = 112);
        // subnormal: mantissa · 2^−24, computed on ints so the CPU never sees a denormal float
        float magnitude = h >= 0x400 ? Float.intBitsToFloat((h << 13) + (112 << 23)) : h * 0x1p-24f;
        return half < 0 ? -magnitude : magnitude;
    }
}
