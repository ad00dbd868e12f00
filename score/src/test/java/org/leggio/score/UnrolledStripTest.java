package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.model.StripImage;

class UnrolledStripTest {
    /** A page whose pixel (x, y) is (x + 3y) mod 256, so every copied pixel says where it came from. */
    private static StripImage coded(int width, int height) {
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) ((x + 3 * y) % 256);
            }
        }
        return new StripImage(width, height, pixels);
    }

    @Test
    void systemsAreCopiedCentreRowsPlusMinus100WithEdgeRowsRepeatedAndJoinedInReadingOrder() {
        StripImage page0 = coded(300, 400);
        StripImage page1 = coded(300, 400);
        List<ScorePage> pages = List.of(
                new ScorePage(0, page0, 7, List.of(new SystemBox(10, 40, 110, 80), new SystemBox(20.4, 250, 220.6, 300))),
                new ScorePage(1, page1, 7, List.of(new SystemBox(0, 350, 300, 390))));

        UnrolledStrip strip = UnrolledStrip.build(pages);

        assertThat(strip.image().heightPx()).isEqualTo(200);
        assertThat(strip.systems()).extracting(UnrolledStrip.StripSystem::stripStartXPx).containsExactly(0, 100, 301);
        assertThat(strip.widthPx()).isEqualTo(100 + 201 + 300);
        // system 0: centre row 60, strip row r is page row 60 - 100 + r, clamped to 0 above the page
        assertThat(strip.image().grey(5, 100)).isEqualTo((15 + 3 * 60) % 256);
        assertThat(strip.image().grey(5, 0)).isEqualTo(15); // page row -40 → edge row 0
        // system 1 starts at page column floor(20.4) = 20, centre row 275
        assertThat(strip.image().grey(100, 100)).isEqualTo((20 + 3 * 275) % 256);
        // system 2 on page 1: centre 370, rows beyond 399 repeat row 399
        assertThat(strip.image().grey(301 + 7, 199)).isEqualTo((7 + 3 * 399) % 256);

        UnrolledStrip.PagePosition p = strip.toPage(150.5);
        assertThat(p.systemIndex()).isEqualTo(1);
        assertThat(p.pageIndex()).isZero();
        assertThat(p.pageXPx()).isEqualTo(70.5);
        assertThat(p.pageYPx()).isEqualTo(275);
        assertThat(strip.toStrip(1, 70.5)).isEqualTo(150.5);
        for (double x = 0; x < strip.widthPx(); x += 7.25) {
            UnrolledStrip.PagePosition back = strip.toPage(x);
            assertThat(strip.toStrip(back.systemIndex(), back.pageXPx())).isEqualTo(x);
        }
        assertThat(strip.toPage(10_000).systemIndex()).isEqualTo(2);
    }

    @Test
    void aScoreWithoutSystemsHasNoStrip() {
        assertThatThrownBy(() -> UnrolledStrip.build(List.of(new ScorePage(0, coded(10, 10), 0, List.of()))))
                .isInstanceOf(ScoreException.class).hasMessageContaining("no staff system");
    }

    @Test
    void snippetPositionsCoverTheStripAtTheStride() {
        assertThat(SnippetGridBuilder.positions(20, 8)).containsExactly(0f, 8f, 16f);
        assertThat(SnippetGridBuilder.positions(16, 8)).containsExactly(0f, 8f);
        assertThatThrownBy(() -> SnippetGridBuilder.positions(16, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
