package org.leggio.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The matcher's algorithms stay pure Java: only the stream package may touch Kafka (DESIGN §2). */
class PurePackagesTest {
    @Test
    void followIdentifySessionAndEvalImportNoKafka() throws IOException {
        Path root = Path.of("src/main/java/org/leggio/matcher");
        List<String> offenders;
        int checked;
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> pure = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !root.relativize(f).startsWith("stream")).toList();
            checked = pure.size();
            offenders = pure.stream().filter(f -> read(f).contains("org.apache.kafka")).map(Path::toString).toList();
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(offenders).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
