package org.leggio.score.internal.pages;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Page files made in code: PDFs drawn with PDFBox, PNGs byte by byte, JPEGs with ImageIO. */
public final class TestFiles {
    /** A4 in PDF points. */
    static final float A4_WIDTH_PT = PDRectangle.A4.getWidth();
    static final float A4_HEIGHT_PT = PDRectangle.A4.getHeight();

    private TestFiles() {}

    /** Something drawn on one PDF page; coordinates in points from the top-left corner. */
    interface PageDrawing {
        void draw(PDPageContentStream content, float pageHeightPt) throws IOException;
    }

    /** A black rectangle {@code (x, yFromTop, w, h)} in points. */
    static PageDrawing blackRect(float xPt, float yFromTopPt, float widthPt, float heightPt) {
        return (content, pageHeightPt) -> {
            content.setNonStrokingColor(Color.BLACK);
            content.addRect(xPt, pageHeightPt - yFromTopPt - heightPt, widthPt, heightPt);
            content.fill();
        };
    }

    /** Writes a PDF with one page per drawing, each {@code mediaBox} large. */
    static Path pdf(Path file, PDRectangle mediaBox, PageDrawing... pages) throws IOException {
        return pdf(file, doc -> { }, mediaBox, pages);
    }

    /** As {@link #pdf(Path, PDRectangle, PageDrawing...)}, letting {@code prepare} change the document before saving. */
    static Path pdf(Path file, Consumer<PDDocument> prepare, PDRectangle mediaBox, PageDrawing... pages)
            throws IOException {
        try (PDDocument doc = new PDDocument()) {
            for (PageDrawing drawing : pages) {
                PDPage page = new PDPage(mediaBox);
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    drawing.draw(content, mediaBox.getHeight());
                }
            }
            prepare.accept(doc);
            doc.save(file.toFile());
        }
        return file;
    }

    /** A copy of {@code source}'s first {@code lengthBytes} bytes. */
    static Path truncatedCopy(Path source, Path target, int lengthBytes) throws IOException {
        byte[] data = Files.readAllBytes(source);
        Files.write(target, Arrays.copyOf(data, Math.min(lengthBytes, data.length)));
        return target;
    }

    /** White image with a black rectangle, written as {@code format} ("png" or "jpg"). */
    static Path imageWithRect(Path file, String format, int widthPx, int heightPx, int rectX, int rectY, int rectW,
            int rectH) throws IOException {
        BufferedImage image = new BufferedImage(widthPx, heightPx,
                format.equals("png") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, widthPx, heightPx);
        g.setColor(Color.BLACK);
        g.fillRect(rectX, rectY, rectW, rectH);
        g.dispose();
        write(image, format, file);
        return file;
    }

    static Path write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    /**
     * A valid PNG of any size whose pixels are all white, made without holding them: 1-bit grey rows
     * of 0xFF streamed through a deflater, so 20000 × 20000 costs ~50 KB on disk and ~nothing in heap.
     */
    public static Path hugeWhitePng(Path file, int widthPx, int heightPx) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (widthPx + 7) / 8];
        Arrays.fill(row, (byte) 0xff);
        row[0] = 0; // filter type None
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            for (int y = 0; y < heightPx; y++) {
                z.write(row);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(png(widthPx, heightPx, 1, 0, idat.toByteArray(), new byte[0][]));
        }
        return file;
    }

    /**
     * PNG bytes from parts: IHDR for {@code widthPx × heightPx} at {@code bitDepth} and {@code colourType},
     * then {@code extraChunks} (each type + data, e.g. {@code "tRNS"} then its bytes), then one IDAT
     * holding {@code zlibData} as is, then IEND.
     */
    static byte[] png(int widthPx, int heightPx, int bitDepth, int colourType, byte[] zlibData, byte[][] extraChunks)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(widthPx);
        h.writeInt(heightPx);
        h.writeByte(bitDepth);
        h.writeByte(colourType);
        h.writeByte(0); // deflate
        h.writeByte(0); // adaptive filtering
        h.writeByte(0); // not interlaced
        chunk(out, "IHDR", ihdr.toByteArray());
        for (int i = 0; i + 1 < extraChunks.length; i += 2) {
            chunk(out, new String(extraChunks[i], StandardCharsets.US_ASCII), extraChunks[i + 1]);
        }
        chunk(out, "IDAT", zlibData);
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    /** zlib-compresses raw PNG scanlines (each starting with its filter byte). */
    static byte[] zlib(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /**
     * {@code jpeg} with an Exif APP1 segment carrying {@code orientation} inserted after the JFIF APP0
     * segment (where cameras that also write JFIF put it).
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        // TIFF header (big-endian "MM"), IFD0 at offset 8 with one entry: 0x0112 SHORT count 1.
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0
        };
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exifHeader.length + tiff.length;
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        app1.write(0xff);
        app1.write(0xe1);
        app1.write(length >> 8);
        app1.write(length & 0xff);
        app1.writeBytes(exifHeader);
        app1.writeBytes(tiff);
        int afterApp0 = 2;
        if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
            afterApp0 = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, afterApp0);
        out.writeBytes(app1.toByteArray());
        out.write(jpeg, afterApp0, jpeg.length - afterApp0);
        return out.toByteArray();
    }

    /** Overwrites the size in a baseline JPEG's SOF0 segment, leaving the image data as it was. */
    static byte[] withJpegSize(byte[] jpeg, int widthPx, int heightPx) {
        byte[] out = jpeg.clone();
        int i = 2;
        while (i + 4 < out.length) {
            int marker = out[i + 1] & 0xff;
            int length = ((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff);
            if (marker == 0xc0 || marker == 0xc2) {
                out[i + 5] = (byte) (heightPx >> 8);
                out[i + 6] = (byte) heightPx;
                out[i + 7] = (byte) (widthPx >> 8);
                out[i + 8] = (byte) widthPx;
                return out;
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no SOF0/SOF2 segment found");
    }
}
