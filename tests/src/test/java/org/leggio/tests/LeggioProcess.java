package org.leggio.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A {@code leggio} command in a child JVM, with its output in a log file: a service instance that a test
 * can kill like a crashed machine ({@code kill -9}: no shutdown hook, no commit, no leaving the group).
 */
final class LeggioProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private LeggioProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code leggio args…} with this test JVM's class path; output goes to {@code log}. */
    static LeggioProcess start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.org.leggio=info", "-cp", System.getProperty("java.class.path"),
                "-Dleggio.home=" + Path.of("..").toAbsolutePath().normalize(), "org.leggio.app.Leggio"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LeggioProcess(process, log);
    }

    /** Waits until the log contains {@code text}; fails early if the process exits. */
    LeggioProcess awaitLog(String text, Duration timeout) {
        Awaitility.await(text).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive() && !log().contains(text)) {
                throw new AssertionError("leggio exited with " + process.exitValue() + " before printing '" + text
                        + "':\n" + log());
            }
            return log().contains(text);
        });
        return this;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills the process at once, as a crash would (SIGKILL). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the process to stop (SIGTERM, so shutdown hooks run) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
