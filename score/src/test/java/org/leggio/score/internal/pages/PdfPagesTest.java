package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.StripImage;
import org.leggio.score.ScoreException;

class PdfPagesTest {
    /** Pixels per point at the default width on A4: 835 / 595.28. */
    private static final double PX_PER_PT = PageLoader.DEFAULT_WIDTH_PX / TestFiles.A4_WIDTH_PT;

    @TempDir
    Path dir;

    @Test
    void shouldRenderAnA4PageAt835PxWideKeepingTheAspectRatio() throws Exception {
        // 100 x 50 pt rectangle 100 pt from the left, 200 pt from the top.
        Path pdf = TestFiles.pdf(dir.resolve("a4.pdf"), PDRectangle.A4, TestFiles.blackRect(100, 200, 100, 50));

        try (PageSource pages = PageLoader.open(pdf)) {
            StripImage page = pages.render(0);

            assertThat(page.widthPx()).isEqualTo(835);
            // 841.89 pt * 835 / 595.28 = 1180.9, rounded down as PDFBox does.
            assertThat(page.heightPx()).isEqualTo(1180);
            assertDark(page, 100, 200, 100, 50);
            assertThat(page.grey(px(50), px(225))).isEqualTo(255); // left of it
            assertThat(page.grey(px(150), px(300))).isEqualTo(255); // below it
            assertThat(page.grey(0, 0)).isEqualTo(255);
            assertThat(pages.format(0)).isEqualTo(PageFormat.PDF);
            assertThat(pages.file(0)).isEqualTo(pdf);
        }
    }

    @Test
    void shouldRenderAtAnyAskedWidth() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("a4.pdf"), PDRectangle.A4, TestFiles.blackRect(100, 200, 100, 50));

        try (PageSource pages = PageLoader.open(pdf)) {
            for (int widthPx : new int[] {1, 300, 834, 836, 1000, 1190, 2480}) {
                StripImage page = pages.render(0, widthPx);
                assertThat(page.widthPx()).as("width for %d", widthPx).isEqualTo(widthPx);
                assertThat(page.heightPx()).as("height for %d", widthPx)
                        .isCloseTo(Math.round(widthPx * TestFiles.A4_HEIGHT_PT / TestFiles.A4_WIDTH_PT),
                                within(1));
            }
            StripImage big = pages.render(0, 1670);
            double scale = 1670 / TestFiles.A4_WIDTH_PT;
            assertThat(big.grey((int) (150 * scale), (int) (225 * scale))).isLessThan(30);
        }
    }

    @Test
    void shouldKnowThePageCountUpFrontAndRenderPagesInOrder() throws Exception {
        // Page i has its rectangle i * 100 pt further down.
        Path pdf = TestFiles.pdf(dir.resolve("three.pdf"), PDRectangle.A4,
                TestFiles.blackRect(100, 100, 50, 50), TestFiles.blackRect(100, 200, 50, 50),
                TestFiles.blackRect(100, 300, 50, 50));

        try (PageSource pages = PageLoader.open(pdf)) {
            assertThat(pages.pageCount()).isEqualTo(3);
            List<Integer> seen = new ArrayList<>();
            pages.forEachPage(PageLoader.DEFAULT_WIDTH_PX, (index, page) -> {
                seen.add(index);
                float top = 100 + 100 * index;
                assertDark(page, 100, top, 50, 50);
                assertThat(page.grey(px(125), px(top - 40))).isEqualTo(255);
            });
            assertThat(seen).containsExactly(0, 1, 2);
        }
    }

    @Test
    void shouldApplyPageRotation() throws Exception {
        // Rectangle near the top-left of the unrotated page; /Rotate 90 turns the page clockwise,
        // so on screen the page is landscape and the rectangle sits near the top-right.
        Path pdf = TestFiles.pdf(dir.resolve("rotated.pdf"), doc -> doc.getPage(0).setRotation(90), PDRectangle.A4,
                TestFiles.blackRect(50, 100, 100, 40));

        try (PageSource pages = PageLoader.open(pdf)) {
            StripImage page = pages.render(0);

            double scale = 835 / TestFiles.A4_HEIGHT_PT; // the displayed width is the page's height
            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo((int) (TestFiles.A4_WIDTH_PT * scale)); // 590
            // Unrotated (x, yTop) maps to displayed (H - yTop, x): rectangle spans x in [H-140, H-100], y in [50, 150].
            int xPx = (int) ((TestFiles.A4_HEIGHT_PT - 120) * scale);
            int yPx = (int) (100 * scale);
            assertThat(page.grey(xPx, yPx)).isLessThan(30);
            assertThat(page.grey((int) (120 * scale), yPx)).isEqualTo(255);
        }
    }

    @Test
    void shouldUseTheCropBoxNotTheMediaBox() throws Exception {
        // Crop to the top half of A4 (PDF y from the bottom: 421..842).
        PDRectangle topHalf = new PDRectangle(0, TestFiles.A4_HEIGHT_PT / 2, TestFiles.A4_WIDTH_PT, TestFiles.A4_HEIGHT_PT / 2);
        Path pdf = TestFiles.pdf(dir.resolve("cropped.pdf"), doc -> doc.getPage(0).setCropBox(topHalf),
                PDRectangle.A4, TestFiles.blackRect(100, 100, 100, 50));

        try (PageSource pages = PageLoader.open(pdf)) {
            StripImage page = pages.render(0);

            assertThat(page.widthPx()).isEqualTo(835);
            assertThat(page.heightPx()).isEqualTo((int) (TestFiles.A4_HEIGHT_PT / 2 * PX_PER_PT)); // 590
            assertDark(page, 100, 100, 100, 50);
        }
    }

    @Test
    void shouldRefuseAPasswordProtectedPdf() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("locked.pdf"), doc -> protect(doc, "owner", "secret", new AccessPermission()),
                PDRectangle.A4, TestFiles.blackRect(100, 100, 10, 10));

        Throwable thrown = catchThrowable(() -> PageLoader.open(pdf));

        assertThat(thrown).isInstanceOf(ScoreException.class)
                .hasMessage("PDF " + pdf + " is password-protected: it can't be opened without its password; "
                        + "save a copy without a password and load that")
                .hasCauseInstanceOf(InvalidPasswordException.class);
    }

    @Test
    void shouldRenderAPdfWithOnlyOwnerRestrictions() throws Exception {
        AccessPermission nothingAllowed = new AccessPermission();
        nothingAllowed.setCanPrint(false);
        nothingAllowed.setCanExtractContent(false);
        nothingAllowed.setCanModify(false);
        nothingAllowed.setCanExtractForAccessibility(false);
        Path pdf = TestFiles.pdf(dir.resolve("restricted.pdf"), doc -> protect(doc, "owner", "", nothingAllowed),
                PDRectangle.A4, TestFiles.blackRect(100, 200, 100, 50));

        try (PageSource pages = PageLoader.open(pdf)) {
            assertDark(pages.render(0), 100, 200, 100, 50);
        }
    }

    @Test
    void shouldRefuseAPdfWithNoPages() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("empty.pdf"), PDRectangle.A4);

        assertThatThrownBy(() -> PageLoader.open(pdf))
                .isInstanceOf(ScoreException.class)
                .hasMessage("PDF " + pdf + " has no pages");
    }

    @Test
    void shouldRefuseAPdfThatIsOnlyAHeader() throws Exception {
        Path pdf = Files.writeString(dir.resolve("junk.pdf"), "%PDF-1.7\nthis is not really a PDF\n%%EOF\n");

        assertThatThrownBy(() -> PageLoader.open(pdf))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("can't read PDF " + pdf + ": it is corrupt or truncated (")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseAPdfTruncatedAnywhere() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("whole.pdf"), PDRectangle.A4,
                TestFiles.blackRect(100, 100, 50, 50), TestFiles.blackRect(100, 200, 50, 50));
        int length = (int) Files.size(pdf);

        // PDFBox alone would repair most of these and return what survived (all cuts past the page
        // objects open with both pages); the missing %%EOF gives the interrupted upload away.
        for (int cut = 10; cut < length; cut += Math.max(1, length / 40)) {
            Path truncated = TestFiles.truncatedCopy(pdf, dir.resolve("cut" + cut + ".pdf"), cut);
            assertThatThrownBy(() -> PageLoader.open(truncated))
                    .as("cut at %d of %d bytes", cut, length)
                    .isInstanceOf(ScoreException.class)
                    .hasMessage("PDF " + truncated + " is truncated: it does not end with the %%EOF marker every "
                            + "complete PDF has (an interrupted download or upload?); load the complete file");
        }
    }

    @Test
    void shouldReportABrokenPdfThatStillEndsWithEof() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("whole.pdf"), PDRectangle.A4, TestFiles.blackRect(100, 100, 50, 50));
        byte[] bytes = Files.readAllBytes(pdf);
        // Keep the header and the final 200 bytes (trailer, %%EOF); lose the objects in between.
        byte[] broken = new byte[300];
        System.arraycopy(bytes, 0, broken, 0, 100);
        System.arraycopy(bytes, bytes.length - 200, broken, 100, 200);
        Path damaged = Files.write(dir.resolve("damaged.pdf"), broken);

        assertThatThrownBy(() -> PageLoader.open(damaged))
                .isInstanceOf(ScoreException.class)
                .hasMessageStartingWith("can't read PDF " + damaged + ": it is corrupt or truncated (");
    }

    @Test
    void shouldRefuseAPageWhoseRenderingWouldExceedThePixelLimit() throws Exception {
        // 20 pt wide, 14400 pt (200 in, the PDF maximum) long: 835 px wide means 601,200 px tall.
        Path pdf = TestFiles.pdf(dir.resolve("ribbon.pdf"), new PDRectangle(20, 14400), TestFiles.blackRect(0, 0, 10, 10));

        try (PageSource pages = PageLoader.open(pdf)) {
            assertThatThrownBy(() -> pages.render(0))
                    .isInstanceOf(ScoreException.class)
                    .hasMessageStartingWith("Page 1 of 1 rendered 835 px wide in " + pdf + " is 835 x 601200 px")
                    .hasMessageContaining("above the limit of 50 megapixels per page")
                    .hasMessageContaining("unusually long and narrow (20.0 x 14400.0 pt)");
            // A narrower rendering of the same page fits.
            assertThat(pages.render(0, 50).heightPx()).isEqualTo(36000);
        }
    }

    @Test
    void shouldRefuseAPageEmbeddingAnImageAboveThePixelLimit() throws Exception {
        // The image dictionary claims 20000 x 20000; its data is never decoded, so a few bytes do.
        Path pdf = TestFiles.pdf(dir.resolve("bomb.pdf"), doc -> {
            try {
                PDImageXObject image = new PDImageXObject(doc, new ByteArrayInputStream(new byte[] {0}),
                        COSName.FLATE_DECODE, 20000, 20000, 1, PDDeviceGray.INSTANCE);
                doc.getPage(0).getResources().put(COSName.getPDFName("Scan"), image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, PDRectangle.A4, TestFiles.blackRect(0, 0, 10, 10));

        try (PageSource pages = PageLoader.open(pdf)) {
            assertThatThrownBy(() -> pages.render(0))
                    .isInstanceOf(ScoreException.class)
                    .hasMessage("Embedded image /Scan on page 1 of 1 in " + pdf + " is 20000 x 20000 px = 400.0 "
                            + "megapixels, above the limit of 50 megapixels per page; re-export the PDF with images "
                            + "downsampled to 300 dpi");
        }
    }

    @Test
    void shouldCheckArgumentsAndClosing() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("one.pdf"), PDRectangle.A4, TestFiles.blackRect(0, 0, 10, 10));
        PageSource pages = PageLoader.open(pdf);

        assertThatThrownBy(() -> pages.render(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> pages.render(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targetWidthPx must be >= 1 but was 0");
        pages.close();
        pages.close();
        assertThatThrownBy(() -> pages.render(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldOpenASinglePdfGivenAsAList() throws Exception {
        Path pdf = TestFiles.pdf(dir.resolve("two.pdf"), PDRectangle.A4,
                TestFiles.blackRect(0, 0, 10, 10), TestFiles.blackRect(0, 0, 10, 10));

        try (PageSource pages = PageLoader.open(List.of(pdf))) {
            assertThat(pages.pageCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldComputeTheScaleFromTheDisplayedWidth() {
        // 835 px over 8.27 in (A4) is 101 dpi.
        assertThat(72 * PdfPageSource.scaleForWidth(TestFiles.A4_WIDTH_PT, 835)).isCloseTo(101.0f, within(0.01f));
        // Whatever the page width, PDFBox's float product floors to exactly the target width.
        for (float widthPt = 1; widthPt < 2000; widthPt += 0.37f) {
            for (int targetPx : new int[] {1, 7, 835, 1001, 4961}) {
                float scale = PdfPageSource.scaleForWidth(widthPt, targetPx);
                assertThat((int) Math.floor(widthPt * scale)).as("%s pt to %d px", widthPt, targetPx).isEqualTo(targetPx);
            }
        }
    }

    private static void protect(PDDocument doc, String ownerPassword, String userPassword, AccessPermission permission) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, permission);
        policy.setEncryptionKeyLength(256);
        try {
            doc.protect(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int px(double pt) {
        return (int) Math.round(pt * PX_PER_PT);
    }

    /** The inside of the rectangle (x, yTop, w, h) in points, one pixel in from each edge, is black. */
    private static void assertDark(StripImage page, float xPt, float yTopPt, float widthPt, float heightPt) {
        for (int y = px(yTopPt) + 1; y < px(yTopPt + heightPt) - 1; y++) {
            for (int x = px(xPt) + 1; x < px(xPt + widthPt) - 1; x++) {
                assertThat(page.grey(x, y)).as("grey at (%d, %d)", x, y).isLessThan(30);
            }
        }
    }
}
