package org.leggio.ingest.source;

import java.nio.file.Path;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;

/** Opens a MIDI file and prints the outcome; run by a test in a JVM without the Gervill export flag. */
public final class GervillFlagProbe {
    private GervillFlagProbe() {}

    /** Usage: {@code GervillFlagProbe file.mid}. */
    public static void main(String[] args) {
        try (AudioSource source = AudioSources.openMidi(Path.of(args[0]), null)) {
            System.out.println("opened " + source.description());
        } catch (IngestException e) {
            System.out.println(e.getMessage());
        }
    }
}
