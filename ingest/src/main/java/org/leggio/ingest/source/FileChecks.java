package org.leggio.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.leggio.ingest.IngestException;

/** Checks that an input path is a readable, non-empty file, and reads the first bytes of files. */
final class FileChecks {
    private FileChecks() {}

    /**
     * Fails unless {@code path} names an existing, readable, non-empty regular file.
     *
     * @param what what the file should be, for the message, e.g. {@code "audio file"}
     * @throws IngestException naming the problem and the path
     */
    static void requireReadableFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IngestException(what + " not found: " + path);
        }
        if (Files.isDirectory(path)) {
            throw new IngestException(what + " is a directory, not a file: " + path);
        }
        if (!Files.isReadable(path)) {
            throw new IngestException(what + " is not readable (permission denied): " + path);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new IngestException("cannot read " + what + ": " + path + " (" + e + ")", e);
        }
        if (size == 0) {
            throw new IngestException("zero-length file (0 bytes), not a valid " + what + ": " + path);
        }
    }

    /** Up to {@code max} bytes from the start of {@code path}; fewer if the file is shorter. */
    static byte[] head(Path path, int max) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes(max);
            return b.length == max ? b : Arrays.copyOf(b, b.length);
        } catch (IOException e) {
            throw new IngestException("cannot read file: " + path + " (" + e + ")", e);
        }
    }

    /** Whether {@code b} holds the ASCII text {@code tag} at {@code offset}. */
    static boolean hasTag(byte[] b, int offset, String tag) {
        if (offset < 0 || offset + tag.length() > b.length) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (b[offset + i] != (byte) tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
