package org.leggio.score;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The kinds of score file Leggio reads, told apart by content (the extension only breaks ties). */
public enum ScoreFormat {
    /** Uncompressed MusicXML ({@code .musicxml}, {@code .xml}). */
    MUSICXML,
    /** Compressed MusicXML ({@code .mxl}, a ZIP). */
    MXL,
    PDF,
    PNG,
    JPEG;

    /** What {@link #detect} accepts, for error messages. */
    public static final String ACCEPTED = "MusicXML (.musicxml, .xml, .mxl), PDF, PNG or JPEG";

    /** Whether this is engraved by Verovio rather than read as page images. */
    public boolean isMusicXml() {
        return this == MUSICXML || this == MXL;
    }

    /**
     * Tells the format of a file from its first bytes.
     *
     * @throws ScoreException if the file is missing, empty or none of the accepted formats
     */
    public static ScoreFormat detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ScoreException("score file not found: " + file);
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ScoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new ScoreException("empty file: " + file);
        }
        if (starts(head, n, 0x25, 0x50, 0x44, 0x46)) { // %PDF
            return PDF;
        }
        if (starts(head, n, 0x89, 0x50, 0x4e, 0x47)) {
            return PNG;
        }
        if (starts(head, n, 0xff, 0xd8, 0xff)) {
            return JPEG;
        }
        if (starts(head, n, 0x50, 0x4b, 0x03, 0x04)) {
            return MXL;
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (text.contains("<score-partwise") || text.contains("<score-timewise")
                || (text.startsWith("<?xml") || text.startsWith("\ufeff<?xml")) && isXmlName(file)) {
            return MUSICXML;
        }
        throw new ScoreException("not a score Leggio can read: " + file + " (accepted: " + ACCEPTED + ")");
    }

    private static boolean isXmlName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".xml") || name.endsWith(".musicxml");
    }

    private static boolean starts(byte[] head, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
