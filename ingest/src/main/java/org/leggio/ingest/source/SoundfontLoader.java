package org.leggio.ingest.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;
import org.leggio.ingest.IngestException;

/**
 * Loads an SF2 soundfont for Gervill, rejecting SF3 banks: Gervill reads them but renders their
 * Ogg-compressed samples as silence.
 */
final class SoundfontLoader {
    private static final String WHAT = "soundfont";
    /** Where the {@code ifil} (version) chunk of a SoundFont must appear: early in its INFO list. */
    private static final int HEAD_BYTES = 1024;
    private static final int SF3_MAJOR_VERSION = 3;

    private SoundfontLoader() {}

    /** Reads the bank in {@code path}. */
    static Soundbank load(Path path) {
        FileChecks.requireReadableFile(path, WHAT);
        int major = majorVersion(FileChecks.head(path, HEAD_BYTES));
        boolean sf3Name = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sf3");
        if (major >= SF3_MAJOR_VERSION || (sf3Name && major < 0)) {
            throw new IngestException("SF3 soundfonts are not supported (Gervill renders their compressed"
                    + " samples as silence; use an SF2 bank): " + path);
        }
        try {
            return MidiSystem.getSoundbank(path.toFile());
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw new IngestException("cannot load soundfont " + path + ": " + e.getMessage(), e);
        }
    }

    /** The SoundFont major version from the {@code ifil} chunk, or -1 if not a SoundFont. */
    static int majorVersion(byte[] head) {
        if (!FileChecks.hasTag(head, 0, "RIFF") || !FileChecks.hasTag(head, 8, "sfbk")) {
            return -1;
        }
        for (int p = 12; p + 10 <= head.length; p++) {
            if (FileChecks.hasTag(head, p, "ifil")) {
                return (head[p + 8] & 0xff) | (head[p + 9] & 0xff) << 8;
            }
        }
        return -1;
    }
}
