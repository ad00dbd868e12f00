package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.NetworkSpec;

/**
 * Leggio's own model ships in the repository and is what commands use without {@code --model},
 * with nothing from {@code ../shared}.
 */
@Timeout(300)
class DefaultModelIT {
    private static final Path SHIPPED = Path.of("..", "models", "default").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void installationIsTheCheckout() {
        System.setProperty("leggio.home", SHIPPED.getParent().getParent().toString());
    }

    @Test
    void theShippedModelLoadsWithItsIdAndThePublishedShapes() {
        assertThat(Embedders.modelId(SHIPPED)).isEqualTo("leggio-t84-centred-v1");
        try (NetworkEmbedder model = Embedders.open(SHIPPED)) {
            assertThat(model.info().modelId()).isEqualTo("leggio-t84-centred-v1");
            assertThat(model.spec()).isEqualTo(NetworkSpec.published());
            float[][] blank = new float[80][100];
            for (float[] row : blank) {
                java.util.Arrays.fill(row, 1f);
            }
            float[][] e = model.embedSheet(java.util.Collections.singletonList(blank));
            double norm = 0;
            for (float v : e[0]) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void commandsUseTheShippedModelWhenNoneIsGiven() throws Exception {
        Path pairs = dir.resolve("pairs");
        assertThat(CommandRun.of("pairs", "example", pairs.toString()).code()).isZero();
        CommandRun eval = CommandRun.of("eval", "retrieval", "--pairs", pairs.toString(), "--out", dir.resolve("eval").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out() + eval.err()).contains("leggio-t84-centred-v1");
        assertThat(Files.readString(dir.resolve("eval").resolve("retrieval.json")))
                .contains("\"model_id\": \"leggio-t84-centred-v1\"");
    }
}
