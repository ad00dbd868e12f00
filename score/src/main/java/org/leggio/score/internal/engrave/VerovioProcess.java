package org.leggio.score.internal.engrave;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.leggio.score.ScoreException;

/**
 * One running {@code node engrave.mjs}: jobs go in as JSON lines, results come back as JSON lines
 * (see the script's header). Keeping the process makes a batch pay Verovio's ~2 s start once.
 * Not thread-safe: one job at a time.
 */
public final class VerovioProcess implements AutoCloseable {
    /** Result of one job. */
    public record Result(int pageCount, String verovioVersion) {}

    private final Process process;
    private final BufferedWriter jobs;
    private final BufferedReader results;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "verovio-result-reader");
        t.setDaemon(true);
        return t;
    });

    private VerovioProcess(Process process) {
        this.process = process;
        this.jobs = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(this::drainStderr, "verovio-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * Starts the engraver.
     *
     * @param nodeExecutable {@code node} or a path to it
     * @param engraverDir the folder holding {@code engrave.mjs} and {@code node_modules/verovio}
     * @throws ScoreException if the script or Verovio is not installed, or Node.js can't be started
     */
    public static VerovioProcess start(String nodeExecutable, Path engraverDir) {
        Path script = engraverDir.resolve("engrave.mjs");
        if (!Files.isRegularFile(script)) {
            throw new ScoreException("the engraver script is missing: " + script.toAbsolutePath()
                    + " (set -Dleggio.engraver.dir to the project's score/engraver folder)");
        }
        if (!Files.isRegularFile(engraverDir.resolve("node_modules/verovio/package.json"))) {
            throw new ScoreException("Verovio is not installed in " + engraverDir.toAbsolutePath()
                    + ": run `npm ci` in that folder (the Maven build of module score does it)");
        }
        try {
            Process process = new ProcessBuilder(nodeExecutable, script.getFileName().toString())
                    .directory(engraverDir.toFile())
                    .start();
            return new VerovioProcess(process);
        } catch (IOException e) {
            throw new ScoreException("Node.js is needed to engrave MusicXML, but `" + nodeExecutable
                    + "` could not be started (" + e.getMessage() + "); install Node.js 18 or newer", e);
        }
    }

    /**
     * Engraves one score into {@code outDir} (pages as page-NNN.svg and timemap.json).
     *
     * @param pageWritten told the 1-based number of each page as soon as its SVG file is complete
     * @throws ScoreException if Verovio rejects the score or the process fails or times out
     */
    public Result engrave(Path input, Path outDir, long timeoutSeconds, java.util.function.IntConsumer pageWritten) {
        return engrave(input, outDir, timeoutSeconds, 0, pageWritten);
    }

    /** Same, with pages {@code pageHeightUnits} high (Verovio units at a width of 2100; 0: the engraver's A4). */
    public Result engrave(Path input, Path outDir, long timeoutSeconds, int pageHeightUnits,
            java.util.function.IntConsumer pageWritten) {
        JsonObject job = new JsonObject();
        job.addProperty("input", input.toAbsolutePath().toString());
        job.addProperty("outDir", outDir.toAbsolutePath().toString());
        if (pageHeightUnits > 0) {
            job.addProperty("pageHeight", pageHeightUnits);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        JsonObject result;
        try {
            jobs.write(job.toString());
            jobs.newLine();
            jobs.flush();
            while (true) {
                Future<String> next = reader.submit(results::readLine);
                String line = next.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new ScoreException("the engraver (node) exited while engraving " + input + stderrSummary());
                }
                JsonObject message = JsonParser.parseString(line).getAsJsonObject();
                if (message.has("ok")) {
                    result = message;
                    break;
                }
                pageWritten.accept(message.get("page").getAsInt());
            }
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new ScoreException("Verovio took longer than " + timeoutSeconds + " s to engrave " + input, e);
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new ScoreException("the engraver (node) stopped while engraving " + input + stderrSummary(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoreException("interrupted while engraving " + input, e);
        }
        if (!result.get("ok").getAsBoolean()) {
            throw new ScoreException("Verovio could not engrave " + input.getFileName() + ": "
                    + result.get("error").getAsString());
        }
        return new Result(result.get("pages").getAsInt(), result.get("verovio").getAsString());
    }

    private String stderrSummary() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : ": " + String.join(" | ", stderrTail);
        }
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                // Verovio prints a warning per unresolved element; only the tail explains a crash.
                if (!line.isBlank() && !line.startsWith("[Warning]")) {
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > 8) {
                            stderrTail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            jobs.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            reader.shutdownNow();
        }
    }
}
