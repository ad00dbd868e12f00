package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leggio.model.StripImage;

class ImageDecoderTest {
    /**
     * Every BufferedImage layout converts to the Rec. 601 luma of its colours over white, whether it
     * takes a direct data-buffer path or the general one.
     */
    @ParameterizedTest(name = "BufferedImage type {0}")
    @ValueSource(ints = {
        BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_4BYTE_ABGR_PRE,
        BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_USHORT_565_RGB,
    })
    void shouldConvertColourLayoutsToLumaOverWhite(int type) {
        BufferedImage image = new BufferedImage(37, 11, type);
        fillRandomly(image);

        StripImage grey = ImageDecoder.toGrey(image);

        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int luma = (77 * ((p >> 16) & 0xff) + 150 * ((p >> 8) & 0xff) + 29 * (p & 0xff) + 128) >> 8;
                int alpha = p >>> 24;
                int expected = (luma * alpha + 255 * (255 - alpha) + 127) / 255;
                assertThat(grey.grey(x, y)).as("(%d, %d) of %08x", x, y, p).isCloseTo(expected,
                        within(type == BufferedImage.TYPE_4BYTE_ABGR_PRE ? 2 : 0));
            }
        }
    }

    @ParameterizedTest(name = "{0} bits per pixel")
    @ValueSource(ints = {1, 2, 4})
    void shouldUnpackPackedPalettes(int bits) {
        int size = 1 << bits;
        byte[] levels = new byte[size];
        for (int i = 0; i < size; i++) {
            levels[i] = (byte) (255 - i * 255 / (size - 1));
        }
        BufferedImage image = new BufferedImage(29, 5, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(bits, size, levels, levels, levels));
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 29; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % size);
            }
        }

        StripImage grey = ImageDecoder.toGrey(image);

        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 29; x++) {
                assertThat(grey.grey(x, y)).isEqualTo(levels[(x + y) % size] & 0xff);
            }
        }
    }

    @ParameterizedTest(name = "BufferedImage type {0}")
    @ValueSource(ints = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY})
    void shouldTakeGreySamplesAsTheyAre(int type) {
        BufferedImage image = new BufferedImage(13, 7, type);
        int max = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y) * max / 97);
            }
        }

        StripImage grey = ImageDecoder.toGrey(image);

        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                int sample = image.getRaster().getSample(x, y, 0);
                assertThat(grey.grey(x, y)).isEqualTo((int) Math.round(sample * 255.0 / max));
            }
        }
    }

    private static void fillRandomly(BufferedImage image) {
        Random random = new Random(image.getType());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int alpha = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 255;
                    default -> random.nextInt(256);
                };
                image.setRGB(x, y, alpha << 24 | random.nextInt(1 << 24));
            }
        }
    }
}
