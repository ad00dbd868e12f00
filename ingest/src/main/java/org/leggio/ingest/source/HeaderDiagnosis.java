package org.leggio.ingest.source;

import static org.leggio.ingest.source.FileChecks.hasTag;

import java.nio.file.Path;
import java.util.Map;

/**
 * Explains why Java Sound rejected a file: a WAV, AIFF or AU file with an encoding Java Sound
 * cannot decode, a damaged header, or no audio file at all. Reads only the header bytes given.
 */
final class HeaderDiagnosis {
    /** How many bytes of a file {@link #explain} needs at most. */
    static final int HEAD_BYTES = 64 * 1024;

    static final String SUPPORTED_FILES = "WAV, AIFF or AU with " + SampleDecoder.SUPPORTED;

    private static final Map<Integer, String> WAV_FORMATS = Map.of(
            0x0002, "Microsoft ADPCM", 0x0011, "IMA ADPCM", 0x0031, "GSM 6.10",
            0x0050, "MPEG", 0x0055, "MPEG layer 3", 0x0161, "Windows Media Audio",
            0x2000, "AC-3", 0xF1AC, "FLAC");
    private static final Map<Integer, String> AU_ENCODINGS = Map.of(
            23, "G.721 ADPCM", 24, "G.722", 25, "G.723 3-bit ADPCM", 26, "G.723 5-bit ADPCM");
    private static final int WAV_EXTENSIBLE = 0xFFFE;

    private HeaderDiagnosis() {}

    /**
     * The message for a file Java Sound could not open.
     *
     * @param head the first bytes of the file (up to {@link #HEAD_BYTES})
     */
    static String explain(Path path, byte[] head) {
        if (hasTag(head, 0, "RIFF") && hasTag(head, 8, "WAVE")) {
            return explainWav(path, head);
        }
        if (hasTag(head, 0, "FORM") && (hasTag(head, 8, "AIFF") || hasTag(head, 8, "AIFC"))) {
            return explainAiff(path, head);
        }
        if (hasTag(head, 0, ".snd")) {
            return explainAu(path, head);
        }
        return "not an audio file (expected WAV, AIFF or AU): " + path;
    }

    private static String explainWav(Path path, byte[] b) {
        int fmt = findChunk(b, 12, "fmt ", false);
        if (fmt < 0 || fmt + 16 > b.length) {
            return "truncated or corrupt WAV header (no complete fmt chunk): " + path;
        }
        int tag = le16(b, fmt);
        int bits = le16(b, fmt + 14);
        if (tag == WAV_EXTENSIBLE && fmt + 26 <= b.length) {
            tag = le16(b, fmt + 24);
        }
        if (tag == 1 || tag == 3 || tag == 6 || tag == 7) {
            return String.format("corrupt WAV header or unsupported sample size (format tag 0x%04X, %d-bit):"
                    + " %s (supported: %s)", tag, bits, path, SUPPORTED_FILES);
        }
        return String.format("unsupported encoding: WAV format tag 0x%04X (%s), %d-bit: %s (supported: %s)",
                tag, WAV_FORMATS.getOrDefault(tag, "unknown"), bits, path, SUPPORTED_FILES);
    }

    private static String explainAiff(Path path, byte[] b) {
        int comm = findChunk(b, 12, "COMM", true);
        if (comm < 0 || comm + 18 > b.length) {
            return "truncated or corrupt AIFF header (no complete COMM chunk): " + path;
        }
        if (hasTag(b, 8, "AIFC") && comm + 22 <= b.length && !hasTag(b, comm + 18, "NONE")) {
            String compression = new String(b, comm + 18, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.format("unsupported encoding: AIFF-C compression '%s': %s (supported: %s)",
                    compression, path, SUPPORTED_FILES);
        }
        return String.format("corrupt AIFF header or unsupported sample size (%d-bit): %s (supported: %s)",
                be16(b, comm + 6), path, SUPPORTED_FILES);
    }

    private static String explainAu(Path path, byte[] b) {
        if (b.length < 24) {
            return "truncated or corrupt AU header: " + path;
        }
        int encoding = be32(b, 12);
        if ((encoding >= 1 && encoding <= 7) || encoding == 27) {
            return String.format("corrupt AU header (encoding %d): %s", encoding, path);
        }
        return String.format("unsupported encoding: AU encoding %d (%s): %s (supported: %s)", encoding,
                AU_ENCODINGS.getOrDefault(encoding, "unknown"), path, SUPPORTED_FILES);
    }

    /** Offset of the data of the first chunk {@code id} at or after {@code pos}, or -1. */
    private static int findChunk(byte[] b, int pos, String id, boolean bigEndian) {
        while (pos + 8 <= b.length) {
            long size = bigEndian ? be32(b, pos + 4) & 0xFFFFFFFFL : le32(b, pos + 4) & 0xFFFFFFFFL;
            if (hasTag(b, pos, id)) {
                return pos + 8;
            }
            long next = pos + 8 + size + (size & 1);
            if (next > Integer.MAX_VALUE) {
                return -1;
            }
            pos = (int) next;
        }
        return -1;
    }

    private static int le16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int p) {
        return le16(b, p) | le16(b, p + 2) << 16;
    }

    private static int be16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static int be32(byte[] b, int p) {
        return be16(b, p) << 16 | be16(b, p + 2);
    }
}
