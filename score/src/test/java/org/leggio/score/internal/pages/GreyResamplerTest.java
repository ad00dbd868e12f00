package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.leggio.model.StripImage;

class GreyResamplerTest {
    private static StripImage uniform(int widthPx, int heightPx, int grey) {
        byte[] pixels = new byte[widthPx * heightPx];
        Arrays.fill(pixels, (byte) grey);
        return new StripImage(widthPx, heightPx, pixels);
    }

    @Test
    void shouldReturnTheSameImageWhenTheSizeIsUnchanged() {
        StripImage image = uniform(5, 4, 7);
        assertThat(GreyResampler.resize(image, 5, 4)).isSameAs(image);
    }

    @Test
    void shouldKeepAUniformGreyAtAnySize() {
        StripImage image = uniform(1237, 1751, 200);
        for (int[] size : new int[][] {{835, 1182}, {311, 440}, {1240, 1755}, {2000, 2831}, {1, 1}}) {
            StripImage out = GreyResampler.resize(image, size[0], size[1]);
            assertThat(out.widthPx()).isEqualTo(size[0]);
            assertThat(out.heightPx()).isEqualTo(size[1]);
            for (byte p : out.pixels()) {
                assertThat(p & 0xff).isEqualTo(200);
            }
        }
    }

    @Test
    void shouldAverageTheCoveredAreaWhenShrinking() {
        // A one-pixel black line in a white 4x4 image halved: the line's column averages to mid grey.
        StripImage image = uniform(4, 4, 255);
        for (int y = 0; y < 4; y++) {
            image.pixels()[y * 4 + 1] = 0;
        }
        StripImage out = GreyResampler.resize(image, 2, 2);

        assertThat(out.grey(0, 0)).isEqualTo(128); // (255 + 0) / 2, rounded
        assertThat(out.grey(0, 1)).isEqualTo(128);
        assertThat(out.grey(1, 0)).isEqualTo(255);
    }

    @Test
    void shouldKeepAThinLineVisibleWhenShrinkingByANonIntegerFactor() {
        // A 600-dpi scan's 2-px staff line shrunk to 835 px from 4961 px (factor 5.94): still a grey row.
        StripImage image = uniform(4961, 60, 255);
        Arrays.fill(image.pixels(), 30 * 4961, 32 * 4961, (byte) 0);
        StripImage out = GreyResampler.resize(image, 835, 10);

        int darkest = 255;
        for (int y = 0; y < 10; y++) {
            darkest = Math.min(darkest, out.grey(400, y));
        }
        assertThat(darkest).isBetween(150, 175); // 2 of 5.94 rows black: 255 * (1 - 2 / 5.94) ≈ 169
    }

    @Test
    void shouldInterpolateWhenEnlarging() {
        StripImage image = new StripImage(2, 1, new byte[] {0, (byte) 200});
        StripImage out = GreyResampler.resize(image, 4, 1);

        // Centres at -0.25, 0.25, 0.75, 1.25 in input pixels, clamped at the edges.
        assertThat(new int[] {out.grey(0, 0), out.grey(1, 0), out.grey(2, 0), out.grey(3, 0)})
                .containsExactly(0, 50, 150, 200);
        assertThat(GreyResampler.resize(uniform(1, 1, 9), 3, 2).pixels()).containsOnly(9);
    }

    @Test
    void shouldRejectAnEmptyTargetSize() {
        assertThatThrownBy(() -> GreyResampler.resize(uniform(2, 2, 0), 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target size must be >= 1x1 but was 0x2");
    }
}
