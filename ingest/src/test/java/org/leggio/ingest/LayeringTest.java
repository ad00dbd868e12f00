package org.leggio.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The DSP and chunking code depends on arrays only: no sound card, no Kafka, no file I/O. */
class LayeringTest {
    private static final List<String> FORBIDDEN = List.of("import javax.sound", "import org.apache.kafka", "import java.nio.file");

    @Test
    void shouldKeepCaptureAndKafkaOutOfTheDspAndChunking() throws IOException {
        for (String pkg : List.of("dsp", "chunk")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/leggio/ingest", pkg))) {
                List<String> violations = files.filter(f -> f.toString().endsWith(".java"))
                        .flatMap(LayeringTest::forbiddenImports).toList();
                assertEquals(List.of(), violations, "package org.leggio.ingest." + pkg);
            }
        }
    }

    private static Stream<String> forbiddenImports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
                    .map(line -> file.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
