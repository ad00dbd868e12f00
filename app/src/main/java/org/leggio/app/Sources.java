package org.leggio.app;

import java.nio.file.Path;
import java.util.Locale;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.source.AudioSources;

/** Picks the audio source for a path by its extension: MIDI files are rendered, the rest decoded. */
final class Sources {
    private Sources() {}

    static boolean isMidi(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi") || name.endsWith(".kar");
    }

    /** Opens (and for audio files first validates) {@code path}. */
    static AudioSource open(Path path, Path soundfont) {
        if (isMidi(path)) {
            return AudioSources.openMidi(path, soundfont);
        }
        AudioSources.validateFile(path);
        return AudioSources.openFile(path);
    }
}
