package org.leggio.ingest.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates {@code ../shared}; tests that need it are skipped with a clear message when absent. */
public final class SharedData {
    private SharedData() {}

    /** The shared directory (system property {@code leggio.shared.dir}, default {@code ../shared}). */
    public static Path dir() {
        return Paths.get(System.getProperty("leggio.shared.dir", "../shared")).toAbsolutePath().normalize();
    }

    /** A file under {@code shared/reference}, or the test is skipped saying which file is missing. */
    public static Path reference(String name) {
        Path path = dir().resolve("reference").resolve(name);
        assumeTrue(Files.isRegularFile(path),
                "skipped: reference file " + path + " not found (../shared is absent; set -Dleggio.shared.dir)");
        return path;
    }
}
