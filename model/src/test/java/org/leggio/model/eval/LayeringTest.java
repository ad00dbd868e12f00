package org.leggio.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The metrics work on plain arrays: no DJL anywhere in eval, and only RetrievalEvaluation sees an Embedder. */
class LayeringTest {
    private static final Path EVAL = Path.of("src/main/java/org/leggio/model/eval");

    @Test
    void shouldKeepDjlOutOfTheEvaluationCode() throws IOException {
        assertThat(importsMatching("import ai.djl")).isEmpty();
    }

    @Test
    void shouldCallTheEmbedderOnlyFromRetrievalEvaluation() throws IOException {
        assertThat(importsMatching("import org.leggio.model.Embedder;")).containsExactly("RetrievalEvaluation.java: import org.leggio.model.Embedder;");
    }

    @Test
    void shouldNotDependOnOtherLeggioModules() throws IOException {
        assertThat(importsMatching("import org.leggio.ingest")).isEmpty();
        assertThat(importsMatching("import org.leggio.model.internal")).isEmpty();
    }

    private static List<String> importsMatching(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(EVAL)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().flatMap(f -> lines(f)
                    .filter(line -> line.startsWith(prefix)).map(line -> f.getFileName() + ": " + line)).toList();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
