package org.leggio.broker.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.leggio.broker.EmbeddedBrokerException;

/** Creates, checks and deletes broker data directories. */
public final class DataDirectories {

    /** The file that marks a formatted KRaft log directory. */
    public static final String META_PROPERTIES = "meta.properties";

    private DataDirectories() {
    }

    /** Creates a new temporary data directory. */
    public static Path createTemporary() {
        try {
            return Files.createTempDirectory("leggio-broker-").toAbsolutePath();
        } catch (IOException e) {
            throw new EmbeddedBrokerException("cannot create a temporary data directory for the embedded Kafka broker"
                    + " in " + System.getProperty("java.io.tmpdir") + ": " + e, e);
        }
    }

    /**
     * Creates {@code directory} if missing and checks that it is a writable directory.
     *
     * @return the absolute, normalised directory
     * @throws EmbeddedBrokerException naming the directory when it is unusable
     */
    public static Path prepare(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("cannot create the Kafka data directory " + absolute + ": " + e, e);
        }
        if (!Files.isDirectory(absolute)) {
            throw new EmbeddedBrokerException("the Kafka data directory " + absolute + " is not a directory");
        }
        if (!Files.isWritable(absolute)) {
            throw new EmbeddedBrokerException("the Kafka data directory " + absolute + " is not writable");
        }
        return absolute;
    }

    /** Whether {@code directory} was already formatted as a KRaft log directory. */
    public static boolean isFormatted(Path directory) {
        return Files.isRegularFile(directory.resolve(META_PROPERTIES));
    }

    /** Deletes {@code directory} and everything below it; a missing directory is not an error. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfPresent(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                deleteIfPresent(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfPresent(Path path) throws IOException {
        try {
            Files.delete(path);
        } catch (NoSuchFileException ignored) {
            // Already gone, e.g. a segment deleted by the broker's last cleanup.
        }
    }
}
