package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.StripImage;
import org.leggio.score.ScoreException;

class ImagePagesTest {
    @TempDir
    Path dir;

    @Test
    void shouldShrinkAPngTo835PxKeepingTheAspectRatio() throws Exception {
        // 1670 x 2362 (2x the target): rectangle at (200, 300) size 400 x 100 lands at (100, 150) 200 x 50.
        Path png = TestFiles.imageWithRect(dir.resolve("page.png"), "png", 1670, 2362, 200, 300, 400, 100);

        try (PageSource pages = PageLoader.open(png)) {
            StripImage page = pages.render(0);

            assertThat(pages.pageCount()).isEqualTo(1);
            assertThat(pages.format(0)).isEqualTo(PageFormat.PNG);
            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo(1181);
            assertThat(page.grey(100, 150)).isZero();
            assertThat(page.grey(299, 199)).isZero();
            assertThat(page.grey(99, 150)).isEqualTo(255);
            assertThat(page.grey(300, 150)).isEqualTo(255);
            assertThat(page.grey(200, 200)).isEqualTo(255);
        }
    }

    @Test
    void shouldAverageAThinLineInsteadOfDroppingIt() throws Exception {
        // 1-px lines 59 rows apart in a 4961-px-wide "600 dpi" page: after shrinking 5.94x, each
        // line's ink is all still there, spread over the one or two output rows it falls in, which
        // subsampling or plain bilinear (dropping most source rows) would not ensure.
        BufferedImage scan = new BufferedImage(4961, 600, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scan.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 4961, 600);
        g.setColor(Color.BLACK);
        for (int y = 3; y < 600; y += 59) {
            g.fillRect(0, y, 4961, 1);
        }
        g.dispose();
        Path png = TestFiles.write(scan, "png", dir.resolve("scan.png"));

        try (PageSource pages = PageLoader.open(png)) {
            StripImage page = pages.render(0);
            for (int y = 3; y < 600; y += 59) {
                int row = (int) (y * 835.0 / 4961);
                int ink = 0;
                for (int r = Math.max(row - 1, 0); r <= row + 1; r++) {
                    ink += 255 - page.grey(400, r);
                }
                assertThat(ink).as("ink of the line at source row %d", y).isBetween(40, 46); // 255 / 5.94 = 43
            }
        }
    }

    @Test
    void shouldEnlargeASmallImage() throws Exception {
        Path png = TestFiles.imageWithRect(dir.resolve("small.png"), "png", 400, 300, 100, 100, 100, 50);

        try (PageSource pages = PageLoader.open(png)) {
            StripImage page = pages.render(0);

            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo(626); // 300 * 835 / 400 = 626.25
            assertThat(page.grey(313, 261)).isZero(); // centre of the rectangle, (150, 125) * 2.0875
            assertThat(page.grey(100, 100)).isEqualTo(255);
        }
    }

    @Test
    void shouldConvertAColourJpegToGrey() throws Exception {
        BufferedImage photo = new BufferedImage(1000, 1400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(250, 245, 235)); // cream paper
        g.fillRect(0, 0, 1000, 1400);
        g.setColor(new Color(20, 20, 60)); // dark blue ink
        g.fillRect(100, 100, 400, 200);
        g.dispose();
        Path jpeg = TestFiles.write(photo, "jpg", dir.resolve("photo.jpg"));

        try (PageSource pages = PageLoader.open(jpeg)) {
            StripImage page = pages.render(0);

            assertThat(pages.format(0)).isEqualTo(PageFormat.JPEG);
            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo(1169);
            assertThat(page.grey(250, 167)).isBetween(15, 35); // luma of (20, 20, 60) ≈ 24
            assertThat(page.grey(700, 900)).isBetween(238, 252); // luma of cream ≈ 245
        }
    }

    @Test
    void shouldPutTransparentPngsOnWhitePaper() throws Exception {
        BufferedImage argb = new BufferedImage(835, 100, BufferedImage.TYPE_INT_ARGB); // all transparent black
        Graphics2D g = argb.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(10, 10, 20, 20);
        g.setColor(new Color(0, 0, 0, 128)); // half-transparent black
        g.fillRect(50, 10, 20, 20);
        g.dispose();
        Path png = TestFiles.write(argb, "png", dir.resolve("transparent.png"));

        try (PageSource pages = PageLoader.open(png)) {
            StripImage page = pages.render(0);

            assertThat(page.grey(0, 0)).isEqualTo(255);
            assertThat(page.grey(15, 15)).isZero();
            assertThat(page.grey(55, 15)).isBetween(126, 128);
        }
    }

    @Test
    void shouldReadGreyPngsWithoutGammaShiftAndHonourTheirTransparency() throws Exception {
        // 8-bit grey + alpha: (64, opaque), (0, transparent); and grey with a tRNS colour key of 0.
        byte[] greyAlpha = TestFiles.png(2, 1, 8, 4, TestFiles.zlib(new byte[] {0, 64, (byte) 255, 0, 0}), new byte[0][]);
        byte[] greyKey = TestFiles.png(2, 1, 8, 0, TestFiles.zlib(new byte[] {0, 64, 0}),
                new byte[][] {"tRNS".getBytes(), new byte[] {0, 0}});
        Path a = Files.write(dir.resolve("ga.png"), greyAlpha);
        Path b = Files.write(dir.resolve("key.png"), greyKey);

        for (Path png : List.of(a, b)) {
            try (PageSource pages = PageLoader.open(png)) {
                StripImage page = pages.render(0, 2);
                assertThat(page.grey(0, 0)).as("%s opaque grey", png).isEqualTo(64);
                assertThat(page.grey(1, 0)).as("%s transparent", png).isEqualTo(255);
            }
        }
    }

    @Test
    void shouldTurnAnExifRotatedPhotoUpright() throws Exception {
        // Stored landscape 1200 x 800 with the rectangle near the stored top-left; orientation 6 means
        // "turn clockwise to view", so the upright page is portrait with the rectangle near the top-right.
        Path stored = TestFiles.imageWithRect(dir.resolve("stored.jpg"), "jpg", 1200, 800, 0, 0, 200, 100);
        Path photo = Files.write(dir.resolve("photo.jpg"), TestFiles.withExifOrientation(Files.readAllBytes(stored), 6));

        try (PageSource pages = PageLoader.open(photo)) {
            StripImage page = pages.render(0);

            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo(1253); // 1200 * 835 / 800 = 1252.5
            double s = 835.0 / 800;
            assertThat(page.grey((int) (760 * s), (int) (100 * s))).isLessThan(40); // stored (100, 40)
            assertThat(page.grey((int) (40 * s), (int) (100 * s))).isGreaterThan(215);
        }
    }

    @Test
    void shouldOpenAListOfImagesAsPagesInOrder() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Page i has its rectangle i * 200 px further down; PNG and JPEG alternate.
            String format = i % 2 == 0 ? "png" : "jpg";
            files.add(TestFiles.imageWithRect(dir.resolve("p" + i + "." + format), format, 1670, 2362,
                    200, 100 + 400 * i, 400, 100));
        }

        try (PageSource pages = PageLoader.open(files)) {
            assertThat(pages.pageCount()).isEqualTo(4);
            List<Integer> seen = new ArrayList<>();
            pages.forEachPage(835, (index, page) -> {
                seen.add(index);
                assertThat(page.grey(200, 75 + 200 * index)).as("page %d", index).isLessThan(30);
                assertThat(page.grey(200, 25 + 200 * index)).as("page %d above", index).isGreaterThan(225);
            });
            assertThat(seen).containsExactly(0, 1, 2, 3);
            assertThat(pages.file(2)).isEqualTo(files.get(2));
            assertThat(pages.format(1)).isEqualTo(PageFormat.JPEG);
        }
    }

    @Test
    void shouldRenderTheSamePageAgainAtAnotherWidth() throws Exception {
        Path png = TestFiles.imageWithRect(dir.resolve("page.png"), "png", 1670, 2362, 200, 300, 400, 100);

        try (PageSource pages = PageLoader.open(png)) {
            StripImage first = pages.render(0);
            StripImage wider = pages.render(0, 1002); // staff space measured 5.83 px: 835 * 7 / 5.83

            assertThat(first.widthPx()).isEqualTo(835);
            assertThat(wider.widthPx()).isEqualTo(1002);
            assertThat(wider.heightPx()).isEqualTo(1417);
            assertThat(Arrays.equals(pages.render(0).pixels(), first.pixels())).isTrue();
        }
    }

    @Test
    void shouldRefuseAHugePngFromItsHeaderWithoutAllocatingIt() throws Exception {
        Path huge = TestFiles.hugeWhitePng(dir.resolve("huge.png"), 20_000, 20_000);
        assertThat(Files.size(huge)).isLessThan(200_000);

        long allocatedBefore = threadAllocatedBytes();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> PageLoader.open(huge));
        long allocatedBytes = threadAllocatedBytes() - allocatedBefore;

        assertThat(thrown).isInstanceOf(ScoreException.class)
                .hasMessage("Image in " + huge + " is 20000 x 20000 px = 400.0 megapixels, above the limit of 50 "
                        + "megapixels per page; scan or export it at a lower resolution (300 dpi is plenty)");
        // Decoding would need 400 MB even as 8-bit grey; refusing it must cost next to nothing.
        assertThat(allocatedBytes).isLessThan(16L << 20);
    }

    @Test
    void shouldRefuseAHugeJpegFromItsHeader() throws Exception {
        Path small = TestFiles.imageWithRect(dir.resolve("small.jpg"), "jpg", 64, 64, 0, 0, 8, 8);
        Path huge = Files.write(dir.resolve("huge.jpg"), TestFiles.withJpegSize(Files.readAllBytes(small), 30_000, 20_000));

        assertThatThrownBy(() -> PageLoader.open(huge))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("Image in " + huge + " is 30000 x 20000 px = 600.0 megapixels");
    }

    @Test
    void shouldAcceptAnImageJustUnderThePixelLimit() throws Exception {
        // 5000 x 10000 = 50 MP exactly: allowed (the limit is inclusive), decoded from 1-bit grey.
        Path big = TestFiles.hugeWhitePng(dir.resolve("big.png"), 5_000, 10_000);

        try (PageSource pages = PageLoader.open(big)) {
            StripImage page = pages.render(0);
            assertThat(page.heightPx()).isEqualTo(1670);
            assertThat(page.grey(400, 800)).isEqualTo(255);
        }
    }

    @Test
    void shouldRefuseARenderWiderThanThePixelLimitAllows() throws Exception {
        Path png = TestFiles.imageWithRect(dir.resolve("page.png"), "png", 100, 141, 0, 0, 10, 10);

        try (PageSource pages = PageLoader.open(png)) {
            assertThatThrownBy(() -> pages.render(0, 10_000))
                    .isInstanceOf(ScoreException.class)
                    .hasMessage("Page 1 scaled to 10000 px wide in " + png + " is 10000 x 14100 px = 141.0 megapixels, "
                            + "above the limit of 50 megapixels per page; render it at a smaller width");
        }
    }

    @Test
    void shouldRefuseCorruptAndTruncatedPngs() throws Exception {
        Path png = TestFiles.imageWithRect(dir.resolve("page.png"), "png", 800, 1000, 100, 100, 300, 300);
        byte[] bytes = Files.readAllBytes(png);
        byte[] scrambled = bytes.clone();
        for (int i = 60; i < scrambled.length - 20; i++) {
            scrambled[i] ^= 0x5a;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.png"), scrambled);
        Path truncated = TestFiles.truncatedCopy(png, dir.resolve("truncated.png"), bytes.length * 2 / 3);
        Path headerOnly = TestFiles.truncatedCopy(png, dir.resolve("header.png"), 12);

        for (Path bad : List.of(corrupt, truncated)) {
            try (PageSource pages = PageLoader.open(bad)) { // the header is intact
                assertThatThrownBy(() -> pages.render(0))
                        .isInstanceOf(ScoreException.class)
                        .hasMessageStartingWith("can't decode PNG image " + bad + ": it is corrupt or truncated (")
                        .hasCauseInstanceOf(javax.imageio.IIOException.class);
            }
        }
        assertThatThrownBy(() -> PageLoader.open(headerOnly))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("can't decode PNG image " + headerOnly + ": it is corrupt or truncated (");
    }

    @Test
    void shouldRefuseATruncatedJpegRatherThanReturnAHalfGreyPage() throws Exception {
        BufferedImage photo = new BufferedImage(800, 1000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 1000);
        g.setColor(Color.BLACK);
        for (int y = 0; y < 1000; y += 10) {
            g.drawLine(0, y, 800, y);
        }
        g.dispose();
        Path jpeg = TestFiles.write(photo, "jpg", dir.resolve("photo.jpg"));
        Path truncated = TestFiles.truncatedCopy(jpeg, dir.resolve("cut.jpg"), (int) Files.size(jpeg) / 2);

        try (PageSource pages = PageLoader.open(truncated)) {
            assertThatThrownBy(() -> pages.render(0))
                    .isInstanceOf(ScoreException.class)
                    .hasMessageStartingWith("JPEG image " + truncated + " is truncated (the decoder said: ")
                    .hasMessageEndingWith("); upload the complete file");
        }
    }

    @Test
    void shouldDecodeAFourChannelCmykJpeg() throws Exception {
        // Print workflows produce CMYK JPEGs; Java 17's decoder reads them (as a naive CMYK space).
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 400, 300, 4, null);
        Path jpeg = dir.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }

        try (PageSource pages = PageLoader.open(jpeg)) {
            StripImage page = pages.render(0);
            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo(626);
        }
    }

    @Test
    void shouldRefuseAJpegWhoseHeaderIsGarbage() throws Exception {
        Path bad = Files.write(dir.resolve("bad.jpg"),
                new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xc0, 0, 3, 1, 2, 3, 4, 5});

        assertThatThrownBy(() -> PageLoader.open(bad))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("can't decode JPEG image " + bad + ": it is corrupt or truncated (");
    }

    @Test
    void shouldCheckEveryFileOfAListWhenOpening() throws Exception {
        Path good = TestFiles.imageWithRect(dir.resolve("1.png"), "png", 100, 141, 0, 0, 10, 10);
        Path text = Files.writeString(dir.resolve("2.png"), "not an image");
        Path pdf = TestFiles.pdf(dir.resolve("3.pdf"), PDRectangle.A4, TestFiles.blackRect(0, 0, 10, 10));
        Path huge = TestFiles.hugeWhitePng(dir.resolve("4.png"), 10_000, 10_000);

        assertThatThrownBy(() -> PageLoader.open(List.of(good, text)))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("score file " + text + " is not a PDF, PNG or JPEG file");
        assertThatThrownBy(() -> PageLoader.open(List.of(good, pdf)))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + pdf + " is a PDF inside a list of page images; give a PDF on its own, "
                        + "or only PNG/JPEG files one per page");
        assertThatThrownBy(() -> PageLoader.open(List.of(good, good, huge)))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("Image in " + huge + " is 10000 x 10000 px");
        assertThatThrownBy(() -> PageLoader.open(List.of()))
                .isInstanceOf(ScoreException.class)
                .hasMessage("no page files given; give a PDF, or PNG/JPEG files one per page");
        assertThatThrownBy(() -> PageLoader.open(dir.resolve("gone.png")))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + dir.resolve("gone.png") + " does not exist");
    }

    private static long threadAllocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
