package org.leggio.ingest.source.testutil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Writes audio test files in every format the ingest sources read: integer PCM through Java
 * Sound's own writers (WAV, AIFF, AU), μ-law and A-law through Java Sound's converters, and
 * hand-written headers where Java Sound cannot write the file (IEEE float WAV, WAVE_FORMAT_EXTENSIBLE,
 * foreign encodings, damaged files). MIDI files are written by {@link TestMidiFiles}.
 *
 * <p>Depends on the JDK only, so that other modules' tests can use it. Signals are deterministic:
 * samples are given as integers on the format's own scale (signed, centred on 0, also for
 * unsigned formats), or built with {@link #sine}.
 */
public final class TestAudioFiles {
    private TestAudioFiles() {}

    /**
     * A sine on an integer scale: {@code round(amplitude * (2^(bits-1) - 1) * sin(2π f i / rate))}.
     *
     * @param amplitude peak relative to full scale, 0..1
     * @param bits sample size, 8..32
     */
    public static int[] sine(int frames, double freqHz, int rateHz, double amplitude, int bits) {
        double fullScale = (1L << (bits - 1)) - 1;
        int[] s = new int[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = (int) Math.round(amplitude * fullScale * Math.sin(2 * Math.PI * freqHz * i / rateHz));
        }
        return s;
    }

    /** A sine as floats, full scale 1: {@code amplitude * sin(2π f i / rate)}. */
    public static float[] sineFloat(int frames, double freqHz, int rateHz, double amplitude) {
        float[] s = new float[frames];
        for (int i = 0; i < frames; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * i / rateHz));
        }
        return s;
    }

    /**
     * An integer PCM format, {@code PCM_SIGNED} or {@code PCM_UNSIGNED}.
     *
     * @param bits 8, 16, 24 or 32
     */
    public static AudioFormat pcm(int rateHz, int bits, int channels, boolean signed, boolean bigEndian) {
        return new AudioFormat(signed ? AudioFormat.Encoding.PCM_SIGNED : AudioFormat.Encoding.PCM_UNSIGNED,
                rateHz, bits, channels, channels * (bits / 8), rateHz, bigEndian);
    }

    /**
     * Writes integer samples with Java Sound. The data is encoded in {@code format}; the file
     * writer may convert it (AIFF and AU store big-endian, 8-bit WAV is unsigned), which keeps
     * every value.
     *
     * @param channels one array per channel, equal lengths, values signed and centred on 0
     */
    public static Path writePcm(Path file, AudioFileFormat.Type type, AudioFormat format, int[]... channels) {
        byte[] data = encodePcm(format, channels);
        return write(file, type, new AudioInputStream(new ByteArrayInputStream(data), format,
                channels[0].length));
    }

    /**
     * Writes 16-bit samples as μ-law or A-law, encoded by Java Sound's converter.
     *
     * @param encoding {@link AudioFormat.Encoding#ULAW} or {@link AudioFormat.Encoding#ALAW}
     */
    public static Path writeCompanded(Path file, AudioFileFormat.Type type, AudioFormat.Encoding encoding,
            int rateHz, int[]... channels) {
        AudioFormat pcm = pcm(rateHz, 16, channels.length, true, false);
        AudioInputStream pcmStream = new AudioInputStream(
                new ByteArrayInputStream(encodePcm(pcm, channels)), pcm, channels[0].length);
        AudioFormat target =
                new AudioFormat(encoding, rateHz, 8, channels.length, channels.length, rateHz, false);
        return write(file, type, AudioSystem.getAudioInputStream(target, pcmStream));
    }

    /**
     * Writes an IEEE float WAV (format tag 3) with a hand-written header.
     *
     * @param bits 32 or 64
     */
    public static Path writeFloatWav(Path file, int rateHz, int bits, float[]... channels) {
        int bytes = bits / 8;
        int frames = channels[0].length;
        ByteBuffer data =
                ByteBuffer.allocate(frames * channels.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (float[] channel : channels) {
                if (bits == 32) {
                    data.putFloat(channel[i]);
                } else {
                    data.putDouble(channel[i]);
                }
            }
        }
        return writeWav(file, 3, channels.length, rateHz, bits, data.array(), data.capacity());
    }

    /**
     * Writes a canonical RIFF/WAVE file with the given {@code fmt } fields and data, for formats
     * Java Sound cannot write and for damaged files.
     *
     * @param formatTag e.g. 1 PCM, 3 IEEE float, 2 MS ADPCM
     * @param declaredDataBytes the size written in the {@code data} chunk header, which may differ
     *     from {@code data.length} to make a truncated file
     */
    public static Path writeWav(Path file, int formatTag, int channels, int rateHz, int bits, byte[] data,
            long declaredDataBytes) {
        int blockAlign = channels * ((bits + 7) / 8);
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt((int) (36 + declaredDataBytes)).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) formatTag).putShort((short) channels)
                .putInt(rateHz).putInt(rateHz * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        b.put(ascii("data")).putInt((int) declaredDataBytes).put(data);
        return writeBytes(file, b.array());
    }

    /**
     * Writes integer PCM as a WAVE_FORMAT_EXTENSIBLE file (format tag 0xFFFE, PCM sub-format), as
     * DAWs write 24-bit audio.
     */
    public static Path writeExtensibleWav(Path file, int rateHz, int bits, int[]... channels) {
        byte[] data = encodePcm(pcm(rateHz, bits, channels.length, true, false), channels);
        int blockAlign = channels.length * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(68 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(60 + data.length).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(40).putShort((short) 0xFFFE).putShort((short) channels.length)
                .putInt(rateHz).putInt(rateHz * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        b.putShort((short) 22).putShort((short) bits).putInt(channels.length == 1 ? 0x4 : 0x3);
        b.putInt(1).putShort((short) 0).putShort((short) 0x10)
                .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        b.put(ascii("data")).putInt(data.length).put(data);
        return writeBytes(file, b.array());
    }

    /** Writes a Sun/NeXT AU file with a hand-written header (any encoding number). */
    public static Path writeAu(Path file, int encoding, int rateHz, int channels, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(24 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii(".snd")).putInt(24).putInt(data.length).putInt(encoding).putInt(rateHz).putInt(channels);
        b.put(data);
        return writeBytes(file, b.array());
    }

    /**
     * Writes an AIFF-C file of 16-bit big-endian {@code data} whose COMM chunk names {@code
     * compression}, e.g. {@code "NONE"} (uncompressed) or {@code "ima4"}.
     */
    public static Path writeAifc(Path file, String compression, int rateHz, int channels, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + 12 + 8 + 24 + 16 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii("FORM")).putInt(4 + 12 + 8 + 24 + 16 + data.length).put(ascii("AIFC"));
        b.put(ascii("FVER")).putInt(4).putInt(0xA2805140);
        b.put(ascii("COMM")).putInt(24).putShort((short) channels).putInt(data.length / (2 * channels))
                .putShort((short) 16).put(extended80(rateHz)).put(ascii(compression)).putShort((short) 0);
        b.put(ascii("SSND")).putInt(8 + data.length).putInt(0).putInt(0).put(data);
        return writeBytes(file, b.array());
    }

    /** Cuts {@code file} to its first {@code length} bytes, keeping the header's declared size. */
    public static Path truncate(Path file, long length) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Interleaves and encodes signed, centred integer samples in an integer PCM format. */
    public static byte[] encodePcm(AudioFormat format, int[]... channels) {
        int bytes = format.getSampleSizeInBits() / 8;
        boolean unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(format.getEncoding());
        int frames = channels[0].length;
        byte[] out = new byte[frames * channels.length * bytes];
        int pos = 0;
        for (int i = 0; i < frames; i++) {
            for (int[] channel : channels) {
                int v = unsigned ? channel[i] ^ (1 << (8 * bytes - 1)) : channel[i];
                for (int k = 0; k < bytes; k++) {
                    int shift = 8 * (format.isBigEndian() ? bytes - 1 - k : k);
                    out[pos++] = (byte) (v >>> shift);
                }
            }
        }
        return out;
    }

    private static Path write(Path file, AudioFileFormat.Type type, AudioInputStream stream) {
        try {
            AudioSystem.write(stream, type, file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeBytes(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** An integer as an 80-bit IEEE 754 extended float, as AIFF stores sample rates. */
    private static byte[] extended80(int value) {
        int exponent = 16383 + 31 - Integer.numberOfLeadingZeros(value);
        long mantissa = ((long) value) << (63 - (31 - Integer.numberOfLeadingZeros(value)));
        return ByteBuffer.allocate(10).putShort((short) exponent).putLong(mantissa).array();
    }
}
