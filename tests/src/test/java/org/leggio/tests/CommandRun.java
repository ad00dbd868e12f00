package org.leggio.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.leggio.app.Leggio;

/**
 * One {@code leggio} command line run in-process, with what it printed: {@code out} is stdout,
 * {@code err} is stderr (progress and log lines) followed by the error messages.
 */
record CommandRun(int code, String out, String err) {
    /** Runs {@code args}; System.out and System.err are captured for the duration (serialised). */
    static synchronized CommandRun of(String... args) {
        StringWriter errors = new StringWriter();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            int code = Leggio.run(new PrintWriter(errors, true), args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8),
                    log.toString(StandardCharsets.UTF_8) + errors);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
