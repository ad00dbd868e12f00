package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leggio.app.Leggio;

/** The service commands refuse bad settings and unreachable brokers with one clear line, before starting. */
class ServiceCommandsIT {
    @BeforeAll
    static void useTheRepositoryModel() {
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Leggio.run(new PrintWriter(err, true), args);
        assertThat(exit).as(String.join(" ", args)).isEqualTo(Leggio.EXIT_FAILURE);
        return err.toString().strip();
    }

    @Test
    void anUnreachableBrokerIsNamed() {
        for (String command : new String[] {"match", "embed"}) {
            assertThat(run(command, "--bootstrap", "127.0.0.1:1")).startsWith("leggio: error: ").contains("127.0.0.1:1")
                    .containsIgnoringCase("reach");
        }
        assertThat(run("score", "publish", "--bootstrap", "127.0.0.1:1", "--library",
                Path.of("target", "no-such-library").toString())).startsWith("leggio: error: ");
    }

    @Test
    void badSettingsAreNamed() {
        assertThat(run("embed", "--max-batch", "0", "--bootstrap", "127.0.0.1:1")).contains("maxBatch must be >= 1");
        assertThat(run("match", "--idle-expiry", "0", "--bootstrap", "127.0.0.1:1")).contains("--idle-expiry");
        assertThat(run("match", "--threads", "0", "--bootstrap", "127.0.0.1:1")).contains("--threads must be >= 1");
        assertThat(run("match", "--model", "no-such-model", "--bootstrap", "127.0.0.1:1")).contains("no-such-model");
    }
}
