package org.leggio.ingest.source;

import javax.sound.sampled.AudioFormat;

/**
 * Converts interleaved PCM frames to mono floats on the int16 scale ({@code int16 / 32767}).
 *
 * <p>16-bit data (and 8..16-bit data in a 2-byte container) is mixed to mono in integers, {@code
 * sum / channels} truncated toward zero like NumPy's {@code np.mean(s, axis=-1).astype(np.int16)},
 * then divided by 32767. Other sample sizes are scaled to full scale ≈ 1 (8-bit: {@code v * 256 /
 * 32767}, 24-bit: {@code v / 8388607}, 32-bit: {@code v / 2147483647}, float as is) and mixed by
 * their float mean. Unsigned samples are centred first. Immutable; allocates nothing per call.
 */
final class SampleDecoder {
    /** Encodings this decoder reads directly; μ-law and A-law are converted to 16-bit PCM first. */
    static final String SUPPORTED =
            "PCM_SIGNED or PCM_UNSIGNED 8, 16, 24 or 32-bit; PCM_FLOAT 32 or 64-bit; ULAW; ALAW";

    private static final float INT16_FULL_SCALE = 32767f;
    private static final float INT8_SCALE = 256f / INT16_FULL_SCALE;
    private static final double INT24_FULL_SCALE = 8388607.0;
    private static final double INT32_FULL_SCALE = 2147483647.0;

    private enum Layout { INT8, INT16, INT24, INT32, FLOAT32, FLOAT64 }

    private final Layout layout;
    private final int channels;
    private final int bytesPerSample;
    private final int frameSize;
    private final boolean bigEndian;
    private final int unsignedFlip;

    private SampleDecoder(Layout layout, int channels, int bytesPerSample, boolean bigEndian,
            boolean unsigned) {
        this.layout = layout;
        this.channels = channels;
        this.bytesPerSample = bytesPerSample;
        this.frameSize = channels * bytesPerSample;
        this.bigEndian = bigEndian;
        this.unsignedFlip = unsigned ? 1 << (8 * bytesPerSample - 1) : 0;
    }

    /**
     * Whether {@link #forFormat} accepts {@code format} as it is (μ-law and A-law are not: convert
     * them to 16-bit PCM first).
     */
    static boolean canDecode(AudioFormat format) {
        return layoutOf(format) != null;
    }

    /**
     * A decoder for {@code format}.
     *
     * @throws IllegalArgumentException naming the encoding if it cannot be decoded
     */
    static SampleDecoder forFormat(AudioFormat format) {
        Layout layout = layoutOf(format);
        if (layout == null) {
            throw new IllegalArgumentException(describe(format));
        }
        AudioFormat.Encoding encoding = format.getEncoding();
        int bytes = format.getFrameSize() / format.getChannels();
        return new SampleDecoder(layout, format.getChannels(), bytes, format.isBigEndian() && bytes > 1,
                AudioFormat.Encoding.PCM_UNSIGNED.equals(encoding));
    }

    /** A short description of a format's encoding, e.g. {@code "PCM_SIGNED 64-bit"}. */
    static String describe(AudioFormat format) {
        return format.getEncoding() + " " + format.getSampleSizeInBits() + "-bit";
    }

    private static Layout layoutOf(AudioFormat format) {
        int channels = format.getChannels();
        int frameSize = format.getFrameSize();
        int bits = format.getSampleSizeInBits();
        if (channels <= 0 || frameSize <= 0 || frameSize % channels != 0 || bits <= 0) {
            return null;
        }
        int bytes = frameSize / channels;
        if (bits > 8 * bytes) {
            return null;
        }
        AudioFormat.Encoding encoding = format.getEncoding();
        if (AudioFormat.Encoding.PCM_FLOAT.equals(encoding)) {
            return bits == 32 && bytes == 4 ? Layout.FLOAT32
                    : bits == 64 && bytes == 8 ? Layout.FLOAT64 : null;
        }
        if (!AudioFormat.Encoding.PCM_SIGNED.equals(encoding)
                && !AudioFormat.Encoding.PCM_UNSIGNED.equals(encoding)) {
            return null;
        }
        switch (bytes) {
            case 1: return Layout.INT8;
            case 2: return Layout.INT16;
            case 3: return Layout.INT24;
            case 4: return Layout.INT32;
            default: return null;
        }
    }

    /** Bytes per interleaved frame (all channels). */
    int frameSize() {
        return frameSize;
    }

    /**
     * Decodes {@code frames} frames from {@code src[0..)} into {@code dst[dstOffset..)}.
     */
    void decode(byte[] src, int frames, float[] dst, int dstOffset) {
        switch (layout) {
            case INT16:
                decodeInt16(src, frames, dst, dstOffset);
                break;
            case FLOAT32:
            case FLOAT64:
                decodeFloat(src, frames, dst, dstOffset);
                break;
            default:
                decodeInt(src, frames, dst, dstOffset);
                break;
        }
    }

    private void decodeInt16(byte[] src, int frames, float[] dst, int dstOffset) {
        int pos = 0;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += (short) (rawBits(src, pos) ^ unsignedFlip);
                pos += 2;
            }
            dst[dstOffset + i] = (sum / channels) / INT16_FULL_SCALE;
        }
    }

    private void decodeInt(byte[] src, int frames, float[] dst, int dstOffset) {
        int shift = 32 - 8 * bytesPerSample;
        int pos = 0;
        for (int i = 0; i < frames; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                int value = ((rawBits(src, pos) ^ unsignedFlip) << shift) >> shift;
                sum += scaleInt(value);
                pos += bytesPerSample;
            }
            dst[dstOffset + i] = channels == 1 ? sum : sum / channels;
        }
    }

    private float scaleInt(int value) {
        switch (layout) {
            case INT8:
                return value * INT8_SCALE;
            case INT24:
                return (float) (value / INT24_FULL_SCALE);
            default:
                return (float) (value / INT32_FULL_SCALE);
        }
    }

    private void decodeFloat(byte[] src, int frames, float[] dst, int dstOffset) {
        int pos = 0;
        for (int i = 0; i < frames; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                sum += layout == Layout.FLOAT32
                        ? Float.intBitsToFloat(rawBits(src, pos))
                        : (float) Double.longBitsToDouble(rawLongBits(src, pos));
                pos += bytesPerSample;
            }
            dst[dstOffset + i] = channels == 1 ? sum : sum / channels;
        }
    }

    /** The sample's bits, zero-extended, for samples of up to 4 bytes. */
    private int rawBits(byte[] b, int pos) {
        int v = 0;
        if (bigEndian) {
            for (int k = 0; k < bytesPerSample; k++) {
                v = (v << 8) | (b[pos + k] & 0xff);
            }
        } else {
            for (int k = bytesPerSample - 1; k >= 0; k--) {
                v = (v << 8) | (b[pos + k] & 0xff);
            }
        }
        return v;
    }

    private long rawLongBits(byte[] b, int pos) {
        long v = 0;
        if (bigEndian) {
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (b[pos + k] & 0xff);
            }
        } else {
            for (int k = 7; k >= 0; k--) {
                v = (v << 8) | (b[pos + k] & 0xff);
            }
        }
        return v;
    }
}
