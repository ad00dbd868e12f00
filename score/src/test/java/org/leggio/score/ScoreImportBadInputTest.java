package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.EmbedderOptions;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.NetworkSpec;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.internal.pages.TestFiles;

/**
 * Image and PDF scores through the whole import, and every kind of bad input the issue names:
 * each gives a {@link ScoreException} naming the file, and the library holds nothing new.
 */
class ScoreImportBadInputTest {
    private static NetworkEmbedder embedder;
    private static ScoreImporter importer;

    @BeforeAll
    static void open() {
        embedder = Embedders.untrained(NetworkSpec.published(), 3, EmbedderOptions.defaults());
        importer = new ScoreImporter(EngraverOptions.defaults(), embedder);
    }

    @AfterAll
    static void close() {
        importer.close();
        embedder.close();
    }

    /** A 1654 × 2339 page (A4 at 200 dpi) with {@code systems} grand staffs of staff space 14 px. */
    private static BufferedImage scorePage(int systems) {
        return scorePage(systems, 14);
    }

    /** The same with another staff space, px. */
    private static BufferedImage scorePage(int systems, int space) {
        BufferedImage page = new BufferedImage(1654, 2339, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < systems; s++) {
            int top = 200 + s * 30 * space;
            for (int staff = 0; staff < 2; staff++) {
                int y0 = top + staff * 12 * space;
                for (int line = 0; line < 5; line++) {
                    g.drawLine(150, y0 + line * space, 1550, y0 + line * space);
                }
                for (int note = 0; note < 16; note++) {
                    g.fillOval(260 + note * 80, y0 + (note % 5) * space / 2, 18, 13);
                }
            }
            g.drawLine(150, top, 150, top + 16 * space); // system line joining the two staves
            g.drawLine(1550, top, 1550, top + 16 * space);
        }
        g.dispose();
        return page;
    }

    @Test
    void imagePagesAreScaledToTheModelsStaffSpaceAndTheirSystemsFound(@TempDir Path dir) throws Exception {
        Path p1 = dir.resolve("p1.png");
        Path p2 = dir.resolve("p2.png");
        ImageIO.write(scorePage(5), "png", p1.toFile());
        ImageIO.write(scorePage(3), "png", p2.toFile());
        ScoreLibrary library = ScoreLibrary.open(dir.resolve("library"));

        ScoreIndex piece = importer.importScore(ImportRequest.of(List.of(p1, p2),
                PieceMetadata.newBuilder().setTitle("Scan").build()), library, ImportProgress.NONE);

        assertThat(piece.getSourceFormat()).isEqualTo("images");
        assertThat(piece.getPagesList()).hasSize(2);
        assertThat(piece.getSystemsList()).hasSize(8);
        assertThat(piece.getSystemsList()).extracting(s -> s.getPageIndex()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
        // 14 px at 1654 px width is 7.07 px at 835: no rescaling needed; the staff space is measured
        assertThat(piece.getPages(0).getWidthPx()).isEqualTo(835);
        assertThat(piece.getPages(0).getStaffSpacePx()).isCloseTo(14f * 835 / 1654, within(0.3f));
        double scale = 835.0 / 1654;
        assertThat(piece.getSystems(1).getTopYPx()).isCloseTo((float) (620 * scale), within(2f));
        assertThat(piece.getSystems(1).getBottomYPx()).isCloseTo((float) ((620 + 16 * 14) * scale), within(2f));
        assertThat(piece.getBarsList()).isEmpty();
        assertThat(piece.getFollowGrid().getStripXPxCount()).isEqualTo((int) Math.ceil(piece.getStripWidthPx() / 8));
    }

    @Test
    void largePrintIsScaledDownSoItsStaffSpaceIsSevenPixels(@TempDir Path dir) throws Exception {
        // staff space 22 px on a 1654-px page is 11.1 px at 835 px width: large print
        Path page = dir.resolve("large-print.png");
        ImageIO.write(scorePage(4, 22), "png", page.toFile());
        ScoreIndex piece = importer.importScore(ImportRequest.of(List.of(page), PieceMetadata.getDefaultInstance()),
                ScoreLibrary.open(dir.resolve("library")), ImportProgress.NONE);
        assertThat(piece.getPages(0).getStaffSpacePx()).isCloseTo(7.0f, within(0.35f));
        assertThat(piece.getPages(0).getWidthPx()).isLessThan(835);
        assertThat(piece.getSystemsList()).hasSize(4);
    }

    @Test
    void aPdfWithNoStaffIsRefusedAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("letter.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                text.newLineAtOffset(72, 700);
                text.showText("Dear colleague, this letter has no music in it.");
                text.endText();
            }
            doc.save(pdf.toFile());
        }
        assertRefused(dir, pdf, "no staff found", "letter.pdf");
    }

    @Test
    void encryptedAndCorruptPdfsAreRefused(@TempDir Path dir) throws Exception {
        Path locked = dir.resolve("locked.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage(PDRectangle.A4));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(locked.toFile());
        }
        assertRefused(dir, locked, "password", "locked.pdf");
        Path corrupt = dir.resolve("corrupt.pdf");
        Files.writeString(corrupt, "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage");
        assertRefused(dir, corrupt, "", "corrupt.pdf");
    }

    @Test
    void anImageAboveThePixelLimitIsRefusedWithoutDecodingIt(@TempDir Path dir) throws Exception {
        Path huge = TestFiles.hugeWhitePng(dir.resolve("huge.png"), 20_000, 20_000);
        assertRefused(dir, huge, "megapixels", "huge.png");
    }

    @Test
    void musicXmlThatVerovioRejectsIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.musicxml"),
                "<?xml version=\"1.0\"?><score-partwise version=\"4.0\"><part-list><score-part id=\"P1\"/></part-list>"
                        + "<part id=\"P1\"></part></score-partwise>");
        assertRefused(dir, empty, "", "empty.musicxml");
    }

    @Test
    void missingNodeIsReportedAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path xml = TinyScores.writeScale(dir, "scale.musicxml", 2, 0);
        try (ScoreImporter noNode = new ScoreImporter(EngraverOptions.defaults().withNodeExecutable("/no/such/node"),
                embedder)) {
            ScoreLibrary library = ScoreLibrary.open(dir.resolve("library"));
            assertThatThrownBy(() -> noNode.importScore(ImportRequest.of(List.of(xml), PieceMetadata.getDefaultInstance()),
                    library, ImportProgress.NONE)).isInstanceOf(ScoreException.class).hasMessageContaining("Node.js");
            assertLibraryEmpty(library);
        }
    }

    private static void assertRefused(Path dir, Path file, String reason, String name) throws Exception {
        ScoreLibrary library = ScoreLibrary.open(dir.resolve("library"));
        assertThatThrownBy(() -> importer.importScore(ImportRequest.of(List.of(file), PieceMetadata.getDefaultInstance()),
                library, ImportProgress.NONE)).isInstanceOf(ScoreException.class).hasMessageContaining(name)
                .hasMessageContaining(reason);
        assertLibraryEmpty(library);
    }

    private static void assertLibraryEmpty(ScoreLibrary library) throws Exception {
        try (Stream<Path> entries = Files.list(library.dir())) {
            assertThat(entries).isEmpty();
        }
        assertThat(library.list()).isEmpty();
    }
}
