package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inputs are checked before any engine work, with messages that say which input and where. */
class EmbedderInputValidationTest {
    private static NetworkEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = Embedders.untrained(new NetworkSpec(42, false, 32), 1,
                EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build());
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void shouldNameTheWindowAndBothShapesForTooFewRows() {
        List<float[][]> windows = new ArrayList<>(TestInputs.audio(3, 42, 1));
        windows.set(2, new float[91][42]);

        assertThatThrownBy(() -> embedder.embedAudio(windows))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("audio window 2 has 91 rows but [92][42] is expected (shape [91][42])");
    }

    @Test
    void shouldNameTheRowForAWrongNumberOfColumns() {
        List<float[][]> windows = new ArrayList<>(TestInputs.audio(2, 42, 1));
        windows.get(1)[7] = new float[84];

        assertThatThrownBy(() -> embedder.embedAudio(windows))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("audio window 1: row 7 has 84 columns but [92][42] is expected");
    }

    @Test
    void shouldRejectAWindowOfAnotherAudioContext() {
        assertThatThrownBy(() -> embedder.embedAudio(TestInputs.audio(1, 84, 1)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("audio window 0: row 0 has 84 columns but [92][42] is expected");
    }

    @Test
    void shouldRejectAWronglyShapedSheetSnippet() {
        List<float[][]> snippets = List.<float[][]>of(new float[100][80]);

        assertThatThrownBy(() -> embedder.embedSheet(snippets))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("sheet snippet 0 has 100 rows but [80][100] is expected (shape [100][80])");
    }

    @Test
    void shouldNameIndexRowAndColumnOfANaN() {
        List<float[][]> windows = TestInputs.audio(4, 42, 1);
        windows.get(3)[10][41] = Float.NaN;

        assertThatThrownBy(() -> embedder.embedAudio(windows))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("audio window 3 has NaN at row 10, column 41 (inputs must be finite)");
    }

    @Test
    void shouldNameIndexRowAndColumnOfAnInfinity() {
        List<float[][]> snippets = TestInputs.sheet(2, 1);
        snippets.get(0)[79][0] = Float.NEGATIVE_INFINITY;

        assertThatThrownBy(() -> embedder.embedSheet(snippets))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("sheet snippet 0 has -Infinity at row 79, column 0 (inputs must be finite)");
    }

    @Test
    void shouldRejectNullInputsAndRows() {
        List<float[][]> withNull = Arrays.asList(TestInputs.sheet(1, 1).get(0), null);
        float[][] nullRow = new float[80][];

        assertThatThrownBy(() -> embedder.embedSheet(withNull))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("sheet snippet 1 is null (expected [80][100])");
        assertThatThrownBy(() -> embedder.embedSheet(List.<float[][]>of(nullRow)))
                .isInstanceOf(EmbeddingException.class)
                .hasMessage("sheet snippet 0: row 0 is null (expected [80][100])");
        assertThatThrownBy(() -> embedder.embedAudio(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("audio window list can't be null");
    }

    @Test
    void shouldCheckInputsBeforeAnyEngineWork() {
        NetworkEmbedder closed = Embedders.untrained(new NetworkSpec(42, false, 32), 1,
                EmbedderOptions.builder().device(EmbedderOptions.DeviceChoice.CPU).build());
        closed.close();
        List<float[][]> windows = TestInputs.audio(1, 42, 1);
        windows.get(0)[0][0] = Float.NaN;

        // a closed embedder can't run the engine, yet the input problem is reported
        assertThatThrownBy(() -> closed.embedAudio(windows))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("has NaN at row 0, column 0");
    }

    @Test
    void shouldNeverReturnANonFiniteEmbedding() {
        // finite, so it passes the input check, but so large that the convolutions overflow
        List<float[][]> windows = TestInputs.audio(3, 42, 1);
        for (float[] row : windows.get(1)) {
            Arrays.fill(row, 3e38f);
        }

        assertThatThrownBy(() -> embedder.embedAudio(windows))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("for audio window 1 ")
                .hasMessageContaining("DNNL_MAX_CPU_ISA=AVX2");
    }

    @Test
    void shouldNameTheFirstNonFiniteRowOfABatchByItsIndexInTheCall() {
        float[][] rows = {{0.6f, 0.8f}, {0.6f, Float.NaN}};

        NetworkEmbedder.requireFinite(new float[][] {{1f, 0f}}, 0, "sheet snippet", "cpu()");
        assertThatThrownBy(() -> NetworkEmbedder.requireFinite(rows, 32, "sheet snippet", "cpu()"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageStartingWith("the network computed NaN for sheet snippet 33 on cpu() from finite input");
    }
}
