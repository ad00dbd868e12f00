package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code leggio demo} as a user runs it, needing nothing from {@code ../shared}: every service in one
 * process, the bundled score and performance, followed to its last bar.
 */
class DemoCommandIT {
    @Test
    @Timeout(300)
    void theDemoFollowsTheBundledPerformanceToItsLastBar() {
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        CommandRun run = CommandRun.of("demo", "--port", "0", "--exit-when-done");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("Viewer: http://127\\.0\\.0\\.1:\\d+/sessions/demo")
                .contains("identified: Johann Sebastian Bach — Prelude in C major")
                .contains("turn to page 2")
                .contains("demo: session ended; followed to page 2, bar 11");
    }
}
