package org.leggio.score.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.StripImage;

/**
 * Timings for page loading, printed, not asserted (beyond sanity): run with
 * {@code mvn -o -q test -pl score -Dtest=PageLoadingBenchmark -Dleggio.bench=true}.
 *
 * <p>Pages: an engraved-looking vector A4 page (10 systems of staff lines, ~900 noteheads, stems,
 * beams, text), a scanned A4 page embedded in a PDF at 300 dpi (Flate and JPEG), and image files
 * at 300 and 600 dpi. Also compares ways of shrinking a grey page to 835 px.
 */
@EnabledIfSystemProperty(named = "leggio.bench", matches = "true")
class PageLoadingBenchmark {
    private static final int WARMUP = 5;
    private static final int RUNS = 12;

    @TempDir
    Path dir;

    @Test
    void vectorPdfPages() throws Exception {
        TestFiles.PageDrawing[] pages = new TestFiles.PageDrawing[RUNS + WARMUP];
        Arrays.fill(pages, (TestFiles.PageDrawing) PageLoadingBenchmark::engravedLookingPage);
        Path pdf = TestFiles.pdf(dir.resolve("engraved.pdf"), PDRectangle.A4, pages);
        try (PageSource source = PageLoader.open(pdf)) {
            report("vector A4 PDF page -> 835 px", i -> source.render(i, 835));
            report("vector A4 PDF page -> 1200 px", i -> source.render(i, 1200));
        }
    }

    @Test
    void scannedPdfPages() throws Exception {
        BufferedImage scan = scanLikePage(2480, 3508); // A4 at 300 dpi
        for (String kind : new String[] {"Flate", "JPEG"}) {
            Path pdf = TestFiles.pdf(dir.resolve(kind + ".pdf"), doc -> {
                try {
                    PDImageXObject image = kind.equals("Flate")
                            ? LosslessFactory.createFromImage(doc, scan)
                            : JPEGFactory.createFromImage(doc, scan, 0.85f);
                    for (int i = 0; i < doc.getNumberOfPages(); i++) {
                        try (PDPageContentStream content = new PDPageContentStream(doc, doc.getPage(i),
                                PDPageContentStream.AppendMode.APPEND, false)) {
                            content.drawImage(image, 0, 0, TestFiles.A4_WIDTH_PT, TestFiles.A4_HEIGHT_PT);
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, PDRectangle.A4, blankPages(RUNS + WARMUP));
            try (PageSource source = PageLoader.open(pdf)) {
                report("scanned A4 PDF page, 300 dpi " + kind + " -> 835 px", i -> source.render(i, 835));
            }
        }
    }

    @Test
    void imageFiles() throws Exception {
        BufferedImage scan300 = scanLikePage(2480, 3508);
        Path png300 = TestFiles.write(scan300, "png", dir.resolve("scan300.png"));
        Path jpg300 = TestFiles.write(scan300, "jpg", dir.resolve("scan300.jpg"));
        Path png600 = TestFiles.write(scanLikePage(4961, 7016), "png", dir.resolve("scan600.png"));
        BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.drawImage(scan300, 0, 0, 4000, 3000, null);
        g.dispose();
        Path jpgPhoto = TestFiles.write(photo, "jpg", dir.resolve("photo.jpg"));
        for (Path file : new Path[] {png300, jpg300, png600, jpgPhoto}) {
            report(file.getFileName() + " open + decode + scale -> 835 px", i -> {
                try (PageSource fresh = PageLoader.open(file)) {
                    return fresh.render(0, 835);
                }
            });
            try (PageSource source = PageLoader.open(file)) {
                report(file.getFileName() + " scale only (cached decode) -> ~835 px", i -> source.render(0, 835 + (i % 2)));
            }
        }
    }

    @Test
    void shrinkingMethods() {
        for (int[] size : new int[][] {{2480, 3508}, {4961, 7016}}) {
            BufferedImage page = scanLikePage(size[0], size[1]);
            StripImage grey = ImageDecoder.toGrey(page);
            int h = (int) Math.round(size[1] * 835.0 / size[0]);
            String name = size[0] + "x" + size[1] + " -> 835x" + h + ": ";
            report(name + "GreyResampler (area average)", i -> GreyResampler.resize(grey, 835, h));
            report(name + "Image.SCALE_AREA_AVERAGING", i -> {
                Image scaled = page.getScaledInstance(835, h, Image.SCALE_AREA_AVERAGING);
                BufferedImage out = new BufferedImage(835, h, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = out.createGraphics();
                g.drawImage(scaled, 0, 0, null);
                g.dispose();
                return ImageDecoder.toGrey(out);
            });
            report(name + "progressive halving + bilinear", i -> ImageDecoder.toGrey(halvingBilinear(page, 835, h)));
            report(name + "one bilinear drawImage (aliases)", i -> ImageDecoder.toGrey(bilinear(page, 835, h)));
        }
    }

    private interface Job {
        StripImage run(int i) throws Exception;
    }

    private static void report(String name, Job job) {
        try {
            for (int i = 0; i < WARMUP; i++) {
                job.run(i);
            }
            // Wall time and this thread's CPU time: on a shared machine the CPU time is the steadier figure.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] nanos = new long[RUNS];
            long[] cpuNanos = new long[RUNS];
            StripImage last = null;
            for (int i = 0; i < RUNS; i++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                last = job.run(WARMUP + i);
                nanos[i] = System.nanoTime() - t0;
                cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpu0;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpuNanos);
            assertThat(last.widthPx()).isBetween(835, 1200);
            System.out.printf(Locale.ROOT, "BENCH %-66s wall median %7.1f min %7.1f ms | cpu median %7.1f ms (%dx%d)%n",
                    name, nanos[RUNS / 2] / 1e6, nanos[0] / 1e6, cpuNanos[RUNS / 2] / 1e6, last.widthPx(), last.heightPx());
        } catch (Exception e) {
            throw new AssertionError(name, e);
        }
    }

    private static BufferedImage halvingBilinear(BufferedImage source, int widthPx, int heightPx) {
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        while (w / 2 >= widthPx) {
            w /= 2;
            h /= 2;
            current = bilinear(current, w, h);
        }
        return bilinear(current, widthPx, heightPx);
    }

    private static BufferedImage bilinear(BufferedImage source, int widthPx, int heightPx) {
        BufferedImage out = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, widthPx, heightPx, null);
        g.dispose();
        return out;
    }

    /** A grey page with staff lines, noteheads and a little noise, like a 300/600 dpi scan. */
    static BufferedImage scanLikePage(int widthPx, int heightPx) {
        BufferedImage page = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(246, 246, 246));
        g.fillRect(0, 0, widthPx, heightPx);
        double unit = widthPx / 835.0; // one px at the target width
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke((float) Math.max(1, unit * 0.8)));
        Random random = new Random(42);
        for (int system = 0; system < 10; system++) {
            double top = (80 + system * 105) * unit;
            for (int line = 0; line < 5; line++) {
                int y = (int) (top + line * 7 * unit);
                g.drawLine((int) (60 * unit), y, (int) (780 * unit), y);
            }
            for (int note = 0; note < 90; note++) {
                int x = (int) ((80 + note * 7.8) * unit);
                int y = (int) (top + random.nextInt(9) * 3.5 * unit - 3 * unit);
                g.fillOval(x, y, (int) (9 * unit), (int) (7 * unit));
                g.drawLine(x + (int) (8.5 * unit), y + (int) (3 * unit), x + (int) (8.5 * unit), y - (int) (22 * unit));
            }
        }
        g.dispose();
        return page;
    }

    private static TestFiles.PageDrawing[] blankPages(int n) {
        TestFiles.PageDrawing[] pages = new TestFiles.PageDrawing[n];
        Arrays.fill(pages, (TestFiles.PageDrawing) (content, h) -> { });
        return pages;
    }

    /**
     * An A4 page drawn like engraved music: 10 systems of 5 staff lines, 90 noteheads (Bézier ellipses)
     * with stems per system, a beam every 4 notes, bar lines, a title and lyrics in Helvetica.
     */
    private static void engravedLookingPage(PDPageContentStream content, float pageHeightPt) throws IOException {
        Random random = new Random(7);
        float space = 5f; // staff space in pt: 7 px at 835 px wide
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 18);
        content.newLineAtOffset(200, pageHeightPt - 50);
        content.showText("Sonata in C major");
        content.endText();
        for (int system = 0; system < 10; system++) {
            float top = pageHeightPt - 90 - system * 75;
            content.setLineWidth(0.5f);
            for (int line = 0; line < 5; line++) {
                content.moveTo(40, top - line * space);
                content.lineTo(555, top - line * space);
            }
            for (int bar = 0; bar <= 4; bar++) {
                content.moveTo(40 + bar * 128.75f, top);
                content.lineTo(40 + bar * 128.75f, top - 4 * space);
            }
            content.stroke();
            for (int note = 0; note < 90; note++) {
                float x = 55 + note * 5.6f;
                float y = top - random.nextInt(9) * space / 2;
                ellipse(content, x, y, 3.2f, 2.3f);
                content.fill();
                content.setLineWidth(0.6f);
                content.moveTo(x + 3, y);
                content.lineTo(x + 3, y + 3.5f * space);
                content.stroke();
                if (note % 4 == 3) {
                    content.addRect(x + 3 - 3 * 5.6f, y + 3.5f * space - 1.2f, 3 * 5.6f, 1.2f);
                    content.fill();
                }
            }
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8);
            content.newLineAtOffset(55, top - 32);
            content.showText("Al - le - lu - ia, al - le - lu - ia, glo - ri - a in ex - cel - sis De - o");
            content.endText();
        }
    }

    private static void ellipse(PDPageContentStream content, float cx, float cy, float rx, float ry) throws IOException {
        float k = 0.5523f;
        content.moveTo(cx + rx, cy);
        content.curveTo(cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry);
        content.curveTo(cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy);
        content.curveTo(cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry);
        content.curveTo(cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy);
    }
}
