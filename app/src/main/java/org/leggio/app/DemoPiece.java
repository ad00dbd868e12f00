package org.leggio.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled demo piece: J. S. Bach, Prelude in C major, BWV 846, bars 1-11 (public domain), as a
 * MusicXML score and a MIDI performance, both made by the project ({@code tools/MakeDemoScore.java},
 * {@code tools/MakeDemoMidi.java}). Extracted from the jar to temporary files deleted on exit.
 */
final class DemoPiece {
    static final String MIDI = "/org/leggio/app/demo/bwv846-bars1-11.mid";
    static final String MUSICXML = "/org/leggio/app/demo/bwv846-bars1-11.musicxml";
    /** The demo's piece id in libraries and on leggio.scores. */
    static final String PIECE_ID = "demo-bach-bwv846-bars1-11";

    private DemoPiece() {
    }

    /** The performance, as a MIDI file. */
    static Path midi() {
        return extract(MIDI, ".mid");
    }

    /** The score, as a MusicXML file. */
    static Path musicXml() {
        return extract(MUSICXML, ".musicxml");
    }

    private static Path extract(String resource, String suffix) {
        try (InputStream in = DemoPiece.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled demo " + resource + " missing from the build");
            }
            Path file = Files.createTempFile("leggio-demo-", suffix);
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled demo " + resource + ": " + e.getMessage(), e);
        }
    }
}
