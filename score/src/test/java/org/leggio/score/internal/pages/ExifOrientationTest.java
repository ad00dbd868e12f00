package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leggio.model.StripImage;

class ExifOrientationTest {
    /**
     * Stored 3 x 2:  0 1 2
     *                3 4 5
     */
    private static final StripImage STORED = new StripImage(3, 2, new byte[] {0, 1, 2, 3, 4, 5});

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource(delimiter = '|', value = {
        "1 | 3 | 0,1,2,3,4,5",
        "2 | 3 | 2,1,0,5,4,3",
        "3 | 3 | 5,4,3,2,1,0",
        "4 | 3 | 3,4,5,0,1,2",
        "5 | 2 | 0,3,1,4,2,5",
        "6 | 2 | 3,0,4,1,5,2",
        "7 | 2 | 5,2,4,1,3,0",
        "8 | 2 | 2,5,1,4,0,3",
    })
    void shouldTurnEachOrientationUpright(int orientation, int uprightWidthPx, String uprightPixels) {
        StripImage upright = ExifOrientation.apply(STORED, orientation);

        assertThat(upright.widthPx()).isEqualTo(uprightWidthPx);
        assertThat(upright.heightPx()).isEqualTo(6 / uprightWidthPx);
        StringBuilder actual = new StringBuilder();
        for (byte p : upright.pixels()) {
            actual.append(actual.length() == 0 ? "" : ",").append(p);
        }
        assertThat(actual.toString()).isEqualTo(uprightPixels);
        assertThat(ExifOrientation.swapsAxes(orientation)).isEqualTo(uprightWidthPx == 2);
    }

    @Test
    void shouldReadTheOrientationTagAndDefaultToNormal(@TempDir Path dir) throws Exception {
        Path plain = TestFiles.imageWithRect(dir.resolve("a.jpg"), "jpg", 16, 8, 0, 0, 4, 4);
        Path turned = Files.write(dir.resolve("b.jpg"), TestFiles.withExifOrientation(Files.readAllBytes(plain), 6));
        Path garbage = Files.write(dir.resolve("c.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0});

        assertThat(ExifOrientation.read(plain)).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientation.read(turned)).isEqualTo(6);
        assertThat(ExifOrientation.read(garbage)).isEqualTo(ExifOrientation.NORMAL);
    }
}
