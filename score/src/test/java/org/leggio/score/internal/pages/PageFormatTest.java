package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.score.ScoreException;

class PageFormatTest {
    @TempDir
    Path dir;

    @Test
    void shouldRecogniseFormatsByContentNotByName() throws Exception {
        Path pdfNamedPng = TestFiles.pdf(dir.resolve("scan.png"), PDRectangle.A4, TestFiles.blackRect(0, 0, 10, 10));
        Path pngNamedPdf = TestFiles.imageWithRect(dir.resolve("page.pdf"), "png", 20, 20, 0, 0, 5, 5);
        Path jpegWithoutExtension = TestFiles.imageWithRect(dir.resolve("page"), "jpg", 20, 20, 0, 0, 5, 5);

        assertThat(PageFormat.detect(pdfNamedPng)).isEqualTo(PageFormat.PDF);
        assertThat(PageFormat.detect(pngNamedPdf)).isEqualTo(PageFormat.PNG);
        assertThat(PageFormat.detect(jpegWithoutExtension)).isEqualTo(PageFormat.JPEG);
    }

    @Test
    void shouldAcceptAPdfHeaderAfterLeadingGarbage() {
        byte[] head = ("\r\n\n   junk from a mail gateway\n%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(PageFormat.detect(head)).isEqualTo(PageFormat.PDF);
        byte[] tooLate = new byte[PageFormat.PDF_HEADER_SEARCH_BYTES + 10];
        System.arraycopy("%PDF-".getBytes(StandardCharsets.US_ASCII), 0, tooLate, PageFormat.PDF_HEADER_SEARCH_BYTES + 1, 5);
        assertThat(PageFormat.detect(tooLate)).isNull();
    }

    @Test
    void shouldRejectATextFileNamingTheAcceptedFormats() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pdf"), "just some notes\n");

        assertThatThrownBy(() -> PageFormat.detect(text))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + text + " is not a PDF, PNG or JPEG file; accepted page formats are "
                        + "PDF, PNG or JPEG");
    }

    @Test
    void shouldSayWhenAFileLooksLikeMusicXml() throws Exception {
        Path xml = Files.writeString(dir.resolve("bach.pdf"), "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise>\n"
                + "<score-partwise version=\"4.0\"></score-partwise>\n");

        assertThatThrownBy(() -> PageFormat.detect(xml))
                .isInstanceOf(ScoreException.class)
                .hasMessageContaining("looks like MusicXML")
                .hasMessageContaining("accepted page formats are PDF, PNG or JPEG");
    }

    @Test
    void shouldSayWhenAFileLooksLikeTiffOrZip() throws Exception {
        Path tiff = Files.write(dir.resolve("scan.tif"), new byte[] {'I', 'I', '*', 0, 8, 0, 0, 0});
        Path mxl = Files.write(dir.resolve("score.mxl"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});

        assertThatThrownBy(() -> PageFormat.detect(tiff)).hasMessageContaining("looks like TIFF");
        assertThatThrownBy(() -> PageFormat.detect(mxl)).hasMessageContaining("ZIP archive");
    }

    @Test
    void shouldRejectMissingEmptyAndDirectoryPaths() throws Exception {
        Path missing = dir.resolve("missing.pdf");
        Path empty = Files.createFile(dir.resolve("empty.pdf"));

        assertThatThrownBy(() -> PageFormat.detect(missing))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + missing + " does not exist");
        assertThatThrownBy(() -> PageFormat.detect(empty))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + empty + " is empty (0 bytes)");
        assertThatThrownBy(() -> PageFormat.detect(dir))
                .isInstanceOf(ScoreException.class)
                .hasMessage("score file " + dir + " is not a regular file");
    }
}
