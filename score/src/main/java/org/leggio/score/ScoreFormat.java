package org.leggio.score;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.leggio.score.internal.pages.PageFormat;

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
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PageFormat.SIGNATURE_BYTES);
        } catch (IOException e) {
            throw new ScoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (head.length == 0) {
            throw new ScoreException("empty file: " + file);
        }
        PageFormat page = PageFormat.detect(head);
        if (page != null) {
            return switch (page) {
                case PDF -> PDF;
                case PNG -> PNG;
                case JPEG -> JPEG;
            };
        }
        if (starts(head, 0x50, 0x4b, 0x03, 0x04)) { // a ZIP: compressed MusicXML
            return MXL;
        }
        String text = new String(head, 0, Math.min(head.length, 512), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
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

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
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
