package org.leggio.score.internal.pages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.leggio.score.ScoreException;

/**
 * The page file formats Leggio reads, recognised by their first bytes ("magic numbers") rather than
 * by the file name, because uploads arrive with arbitrary or missing extensions.
 */
public enum PageFormat {
    /** Portable Document Format: one or more pages, vector or scanned. */
    PDF,
    /** Portable Network Graphics: one page. */
    PNG,
    /** JPEG (JFIF or Exif): one page, typically a photo or scan. */
    JPEG;

    /** The formats as users name them, for error messages. */
    public static final String ACCEPTED = "PDF, PNG or JPEG";

    /**
     * How far into the file {@code %PDF-} may start: the PDF specification (ISO 32000 Annex H)
     * tolerates up to 1024 bytes of leading garbage and readers such as PDFBox accept it.
     */
    static final int PDF_HEADER_SEARCH_BYTES = 1024;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    /**
     * Detects the format of {@code file} from its content.
     *
     * @throws ScoreException if the file is missing, not a regular file, empty, unreadable, or not
     *     a PDF, PNG or JPEG (the message says which formats are accepted and, when it can tell,
     *     what the file looks like instead)
     */
    public static PageFormat detect(Path file) {
        checkReadableFile(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SIGNATURE_BYTES);
        } catch (IOException e) {
            throw new ScoreException("can't read score file " + file + ": " + e.getMessage(), e);
        }
        PageFormat format = detect(head);
        if (format == null) {
            throw new ScoreException("score file " + file + " is not a " + ACCEPTED + " file"
                    + describeOther(head) + "; accepted page formats are " + ACCEPTED);
        }
        return format;
    }

    /** Bytes of a file's start that {@link #detect(byte[])} needs. */
    public static final int SIGNATURE_BYTES = PDF_HEADER_SEARCH_BYTES + PDF_MAGIC.length;

    /** The format whose signature starts {@code head} (the file's first bytes), or null. */
    public static PageFormat detect(byte[] head) {
        if (startsWith(head, PNG_MAGIC)) {
            return PNG;
        }
        // SOI marker followed by the first marker's 0xFF: every JPEG variant (JFIF, Exif, raw) starts so.
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return JPEG;
        }
        if (indexOf(head, PDF_MAGIC, PDF_HEADER_SEARCH_BYTES) >= 0) {
            return PDF;
        }
        return null;
    }

    /**
     * Fails with a user-facing message if {@code file} can't be a page file at all; shared by
     * {@link #detect(Path)} and the loaders so every entry point words these cases alike.
     */
    static void checkReadableFile(Path file) {
        if (!Files.exists(file)) {
            throw new ScoreException("score file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ScoreException("score file " + file + " is not a regular file");
        }
        long sizeBytes;
        try {
            sizeBytes = Files.size(file);
        } catch (IOException e) {
            throw new ScoreException("can't read score file " + file + ": " + e.getMessage(), e);
        }
        if (sizeBytes == 0) {
            throw new ScoreException("score file " + file + " is empty (0 bytes)");
        }
    }

    /** A hint at what a rejected file is, so the user knows what went wrong ("looks like MusicXML"). */
    private static String describeOther(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        if (text.contains("<score-partwise") || text.contains("<score-timewise") || text.contains("musicxml")) {
            return " (it looks like MusicXML, which is imported as a score of its own, not as page images)";
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return " (it looks like a ZIP archive, e.g. compressed MusicXML .mxl)";
        }
        if (startsWith(head, new byte[] {'I', 'I', '*', 0}) || startsWith(head, new byte[] {'M', 'M', 0, '*'})) {
            return " (it looks like TIFF; convert it to PNG or PDF)";
        }
        if (startsWith(head, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
            return " (it looks like GIF; convert it to PNG)";
        }
        if (startsWith(head, "BM".getBytes(StandardCharsets.US_ASCII))) {
            return " (it may be a BMP image; convert it to PNG)";
        }
        if (head.length >= 12 && startsWith(Arrays.copyOfRange(head, 8, 12), "WEBP".getBytes(StandardCharsets.US_ASCII))) {
            return " (it looks like WebP; convert it to PNG or JPEG)";
        }
        if (head.length >= 12 && startsWith(Arrays.copyOfRange(head, 4, 8), "ftyp".getBytes(StandardCharsets.US_ASCII))) {
            return " (it looks like HEIC/HEIF or MP4; convert it to JPEG)";
        }
        if (text.startsWith("<?xml") || text.startsWith("<!doctype") || text.startsWith("<html") || text.startsWith("<svg")) {
            return " (it looks like XML or HTML text)";
        }
        return "";
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle, int maxStart) {
        int last = Math.min(maxStart, data.length - needle.length);
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
