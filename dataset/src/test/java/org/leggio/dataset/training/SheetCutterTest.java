package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;

class SheetCutterTest {
    @Test
    void aPositiveShiftCentresTheCropThatManyRowsLower() {
        // a black 2 × 2 block at rows 106–107, columns 300–301: snippet pixel (43, 50) of a plain cut at x = 300
        StripImage strip = TestBuild.white(600, 200, new int[] {300, 106}, new int[] {301, 106}, new int[] {300, 107},
                new int[] {301, 107});
        assertThat(TestBuild.flat(SheetSnippets.cut(strip, 300))[43 * 100 + 50]).isZero();
        float[] out = new float[2 * 8000];
        SheetCutter cutter = new SheetCutter();
        StripColumns columns = StripColumns.of(strip);
        cutter.cut(columns, 300, 6, 1, out, 8000); // centred on row 106: the block moves up 3 snippet rows
        assertThat(out[8000 + 40 * 100 + 50]).isZero();
        cutter.cut(columns, 300, -2, 1, out, 0); // centred on row 98: down 1 snippet row
        assertThat(out[44 * 100 + 50]).isZero();
        cutter.cut(columns, 300, 5, 1, out, 0); // an odd shift splits the block over two snippet rows
        assertThat(out[40 * 100 + 50]).isEqualTo(0.5f);
        assertThat(out[41 * 100 + 50]).isEqualTo(0.5f);
    }

    @Test
    void blurReplicatesTheEdges() {
        float[] snippet = new float[8000 + 8000];
        java.util.Arrays.fill(snippet, 1f);
        snippet[8000] = 0; // the corner (0, 0) of the second snippet
        new SheetCutter().blur(snippet, 8000);
        assertThat(snippet[8000]).isCloseTo(5f / 9, within(1e-6f)); // (0, 0) is its own neighbour 4 times
        assertThat(snippet[8000 + 1]).isCloseTo(7f / 9, within(1e-6f));
        assertThat(snippet[8000 + 100]).isCloseTo(7f / 9, within(1e-6f));
        assertThat(snippet[8000 + 101]).isCloseTo(8f / 9, within(1e-6f));
        assertThat(snippet[8000 + 2]).isEqualTo(1f);
        assertThat(snippet[7999]).isEqualTo(1f); // the first snippet is untouched
    }
}
