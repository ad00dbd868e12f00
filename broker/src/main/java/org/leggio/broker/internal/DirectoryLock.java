package org.leggio.broker.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.leggio.broker.EmbeddedBrokerException;

/**
 * An exclusive lock on a data directory, held for a broker's whole life.
 *
 * <p>Kafka locks its log directories only when the broker part starts, after the controller part has
 * already appended to the metadata log; this lock is taken first, so a second broker on the same
 * directory (in this JVM or another process) fails before it touches anything.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file inside the data directory; Kafka ignores plain files it does not know. */
    static final String LOCK_FILE = ".leggio-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}.
     *
     * @throws EmbeddedBrokerException naming the directory if another broker holds it or it cannot be locked
     */
    public static DirectoryLock acquire(Path directory) {
        Path file = directory.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(directory, null);
            }
            return new DirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(directory, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedBrokerException("cannot lock the Kafka data directory " + directory + ": " + e, e);
        } catch (EmbeddedBrokerException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static EmbeddedBrokerException inUse(Path directory, Throwable cause) {
        return new EmbeddedBrokerException("the Kafka data directory " + directory
                + " is in use by another embedded broker, in this JVM or another process", cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The channel was only opened to take the lock.
        }
    }
}
