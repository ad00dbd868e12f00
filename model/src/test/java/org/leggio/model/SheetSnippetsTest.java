package org.leggio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class SheetSnippetsTest {
    /** A 200-row strip whose pixel (x, y) is (x + 3y) mod 256. */
    private static StripImage ramp(int width) {
        byte[] pixels = new byte[width * 200];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) ((x + 3 * y) % 256);
            }
        }
        return new StripImage(width, 200, pixels);
    }

    @Test
    void shouldAverageTwoByTwoBlocksOfTheCentredCrop() {
        StripImage strip = ramp(600);
        float[][] snippet = SheetSnippets.cut(strip, 300);
        assertThat(snippet.length).isEqualTo(80);
        assertThat(snippet[0].length).isEqualTo(100);
        for (int r : new int[] {0, 17, 79}) {
            for (int c : new int[] {0, 42, 99}) {
                int x = 200 + 2 * c;
                int y = 20 + 2 * r;
                double mean = (strip.grey(x, y) + strip.grey(x + 1, y) + strip.grey(x, y + 1) + strip.grey(x + 1, y + 1)) / 4.0;
                assertThat((double) snippet[r][c]).as("row %d col %d", r, c).isCloseTo(mean / 255, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void shouldReadColumnsOutsideTheStripAsWhitePaper() {
        StripImage black = new StripImage(300, 200, new byte[300 * 200]);
        float[][] snippet = SheetSnippets.cut(black, 20); // columns -80..119
        assertThat(snippet[40][0]).isEqualTo(1.0f); // x = -80, -79
        assertThat(snippet[40][39]).isEqualTo(1.0f); // x = -2, -1
        assertThat(snippet[40][40]).isEqualTo(0.0f); // x = 0, 1
    }

    @Test
    void shouldRejectAStripLowerThanTheCrop() {
        assertThatThrownBy(() -> SheetSnippets.cut(new StripImage(300, 100, new byte[30_000]), 150))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("strip must be at least 160 px high but is 100");
    }

    @Test
    void shouldReproduceTheReferenceSnippetsOfLesGraces() throws Exception {
        Path reference = Paths.get(System.getProperty("leggio.shared.dir", "../shared"), "reference");
        assumeTrue(Files.isRegularFile(reference.resolve("ucasr_mc_audio_io.npz")),
                "skipped: " + reference + "/ucasr_mc_audio_io.npz not found (../shared is absent)");
        StripImage strip = StripImage.read(reference.resolve("lesgraces_unrolled_score.png"));
        assertThat(strip.widthPx()).isEqualTo(2968);
        try (NDManager manager = NDManager.newBaseManager(); InputStream in = Files.newInputStream(reference.resolve("ucasr_mc_audio_io.npz"))) {
            NDList arrays = NDList.decode(manager, in);
            float[] expected = arrays.get("real_sheet").toFloatArray();
            long[] xs = arrays.get("real_sheet_x").toLongArray();
            double maxError = 0;
            for (int i = 0; i < xs.length; i++) {
                float[][] snippet = SheetSnippets.cut(strip, (int) xs[i]);
                for (int r = 0; r < 80; r++) {
                    for (int c = 0; c < 100; c++) {
                        maxError = Math.max(maxError, Math.abs(snippet[r][c] - expected[i * 8000 + r * 100 + c]));
                    }
                }
            }
            assertThat(maxError).isLessThan(1e-6);
        }
    }

    @Test
    void shouldNameAMissingImage() {
        assertThatThrownBy(() -> StripImage.read(Path.of("/nonexistent/strip.png")))
                .hasMessage("image not found: /nonexistent/strip.png");
    }

}
