package org.leggio.score.internal.pages;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.leggio.model.StripImage;
import org.leggio.score.ScoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages of a PDF, rasterised with PDFBox one at a time at exactly the asked width. The document is
 * parsed once when opened (page tree, encryption) and kept open; page content is read per render.
 */
final class PdfPageSource implements PageSource {
    private static final Logger LOG = LoggerFactory.getLogger(PdfPageSource.class);

    /** Where {@code %%EOF} must be found, counted from the end of the file. */
    static final int EOF_SEARCH_BYTES = 1024;
    /** How deep form XObjects may nest when looking for embedded images (real files use 1–3). */
    private static final int MAX_FORM_DEPTH = 16;

    private final Path file;
    private final PDDocument document;
    private final PDFRenderer renderer;
    private final int pageCount;
    private boolean closed;

    private PdfPageSource(Path file, PDDocument document) {
        this.file = file;
        this.document = document;
        this.renderer = new PDFRenderer(document);
        this.pageCount = document.getNumberOfPages();
    }

    static PdfPageSource open(Path file) {
        checkNotTruncated(file);
        PDDocument document;
        try {
            // Reads the file through a buffered random-access view: objects are parsed on demand,
            // so a 100-page PDF is not loaded into memory whole.
            document = Loader.loadPDF(file.toFile());
        } catch (InvalidPasswordException e) {
            throw new ScoreException("PDF " + file + " is password-protected: it can't be opened without its "
                    + "password; save a copy without a password and load that", e);
        } catch (IOException | RuntimeException e) {
            throw new ScoreException("can't read PDF " + file + ": it is corrupt or truncated ("
                    + e.getMessage() + ")", e);
        }
        try {
            int pages = document.getNumberOfPages();
            if (pages == 0) {
                throw new ScoreException("PDF " + file + " has no pages");
            }
            if (document.isEncrypted()) {
                AccessPermission permission = document.getCurrentAccessPermission();
                // Viewing is never restricted by PDF permissions; see PageLoader's class comment.
                LOG.info("PDF {} is encrypted with an empty user password (owner restrictions: print={}, "
                                + "copy={}, modify={}); rendering its pages for display and following",
                        file, permission.canPrint(), permission.canExtractContent(), permission.canModify());
            }
            return new PdfPageSource(file, document);
        } catch (RuntimeException e) {
            closeQuietly(document);
            if (e instanceof ScoreException) {
                throw e;
            }
            throw new ScoreException("can't read the page tree of PDF " + file + ": it is corrupt ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses a PDF without {@code %%EOF} in its last {@value #EOF_SEARCH_BYTES} bytes, the tail every
     * complete PDF ends with (Acrobat requires it there). PDFBox would repair such a file by scanning
     * for objects, and hand back whatever pages survived, silently missing the rest: an interrupted
     * upload must be an error the user sees, not a score with its last pages blank.
     */
    static void checkNotTruncated(Path file) {
        byte[] tail;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, EOF_SEARCH_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the tail is complete
            }
            tail = buffer.array();
        } catch (IOException e) {
            throw new ScoreException("can't read PDF " + file + ": " + e.getMessage(), e);
        }
        String text = new String(tail, StandardCharsets.ISO_8859_1);
        if (!text.contains("%%EOF")) {
            throw new ScoreException("PDF " + file + " is truncated: it does not end with the %%EOF marker every "
                    + "complete PDF has (an interrupted download or upload?); load the complete file");
        }
    }

    @Override
    public int pageCount() {
        return pageCount;
    }

    @Override
    public Path file(int pageIndex) {
        Objects.checkIndex(pageIndex, pageCount);
        return file;
    }

    @Override
    public PageFormat format(int pageIndex) {
        Objects.checkIndex(pageIndex, pageCount);
        return PageFormat.PDF;
    }

    @Override
    public StripImage render(int pageIndex, int targetWidthPx) {
        Objects.checkIndex(pageIndex, pageCount);
        PageLoader.checkTargetWidth(targetWidthPx);
        if (closed) {
            throw new IllegalStateException("page source is closed");
        }
        String page = "page " + (pageIndex + 1) + " of " + pageCount;
        BufferedImage image;
        try {
            PDPage pdPage = document.getPage(pageIndex);
            float widthPt = displayedWidthPt(pdPage);
            float heightPt = displayedHeightPt(pdPage);
            if (!(widthPt > 0 && heightPt > 0) || Float.isInfinite(widthPt) || Float.isInfinite(heightPt)) {
                throw new ScoreException(capitalised(page) + " of PDF " + file + " has an empty or invalid page box ("
                        + widthPt + " x " + heightPt + " pt)");
            }
            float scale = scaleForWidth(widthPt, targetWidthPx);
            long heightPx = (long) Math.floor(heightPt * scale);
            PageLoader.checkPixelLimit(file, page + " rendered " + targetWidthPx + " px wide", targetWidthPx,
                    heightPx, "the page is unusually long and narrow (" + widthPt + " x " + heightPt + " pt)");
            checkEmbeddedImages(pdPage, page);
            // Same as renderImageWithDPI(pageIndex, 72 · scale, GRAY), without a second float rounding.
            image = renderer.renderImage(pageIndex, scale, ImageType.GRAY);
        } catch (ScoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // PDFBox skips most content-stream errors itself; what reaches here is a page it can't draw.
            throw new ScoreException("can't render " + page + " of PDF " + file + ": it is corrupt or uses an "
                    + "unsupported feature (" + e.getMessage() + ")", e);
        }
        StripImage grey = ImageDecoder.toGrey(image);
        if (grey.widthPx() != targetWidthPx) {
            // Not expected given WIDTH_ROUNDING_MARGIN_PX; resample rather than hand back a wrong width.
            LOG.debug("PDFBox rendered {} of {} {} px wide instead of {}", page, file, grey.widthPx(), targetWidthPx);
            grey = GreyResampler.resize(grey, targetWidthPx,
                    (int) ImagePageSource.scaledHeight(grey.widthPx(), grey.heightPx(), targetWidthPx));
        }
        return grey;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(document);
        }
    }

    /**
     * Pixels per point that make the page {@code targetWidthPx} wide: target width over the displayed
     * (crop box, rotation applied) width. Times 72 it is the dpi: 835 px on A4 (8.27 in) is 101 dpi.
     */
    static float scaleForWidth(float displayedWidthPt, int targetWidthPx) {
        float scale = targetWidthPx / displayedWidthPt;
        // PDFBox sizes the image as floor(widthPt * scale), multiplied in float: the nearest float to
        // the exact ratio may land a hair below and lose a column. Step up by single ulps (no visible
        // change in scale) until the product reaches the target, exactly as PDFBox will compute it.
        for (int i = 0; i < 8 && (int) Math.floor(displayedWidthPt * scale) < targetWidthPx; i++) {
            scale = Math.nextUp(scale);
        }
        return scale;
    }

    /** Width as displayed: the crop box's, or its height when the page is rotated by 90° or 270°. */
    private static float displayedWidthPt(PDPage page) {
        PDRectangle crop = page.getCropBox();
        return quarterTurned(page) ? crop.getHeight() : crop.getWidth();
    }

    private static float displayedHeightPt(PDPage page) {
        PDRectangle crop = page.getCropBox();
        return quarterTurned(page) ? crop.getWidth() : crop.getHeight();
    }

    private static boolean quarterTurned(PDPage page) {
        int rotation = page.getRotation(); // PDFBox normalises /Rotate to 0, 90, 180 or 270
        return rotation == 90 || rotation == 270;
    }

    /**
     * Refuses a page that embeds an image above the pixel limit: PDFBox decodes embedded images at
     * full size when drawing, whatever the output resolution, so a small page can still hide a
     * 400-megapixel bitmap. Reads only the image dictionaries (width, height), never the data; follows
     * form XObjects, where scanning software often wraps the page image.
     */
    private void checkEmbeddedImages(PDPage page, String pageName) {
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> resources = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        if (page.getResources() != null) {
            resources.push(page.getResources().getCOSObject());
            depths.push(0);
        }
        while (!resources.isEmpty()) {
            COSDictionary res = resources.pop();
            int depth = depths.pop();
            COSDictionary xObjects = res.getCOSDictionary(COSName.XOBJECT);
            if (xObjects == null || depth > MAX_FORM_DEPTH) {
                continue;
            }
            for (COSName name : xObjects.keySet()) {
                COSBase base = xObjects.getDictionaryObject(name);
                if (base instanceof COSObject indirect) {
                    base = indirect.getObject();
                }
                if (!(base instanceof COSDictionary xObject) || !seen.add(xObject)) {
                    continue;
                }
                COSName subtype = xObject.getCOSName(COSName.SUBTYPE);
                if (COSName.IMAGE.equals(subtype)) {
                    checkImageSize(xObject, pageName, name);
                    COSDictionary softMask = xObject.getCOSDictionary(COSName.SMASK);
                    if (softMask != null) {
                        checkImageSize(softMask, pageName, name);
                    }
                } else if (COSName.FORM.equals(subtype)) {
                    COSDictionary formResources = xObject.getCOSDictionary(COSName.RESOURCES);
                    if (formResources != null) {
                        resources.push(formResources);
                        depths.push(depth + 1);
                    }
                }
            }
        }
    }

    private void checkImageSize(COSDictionary image, String pageName, COSName name) {
        long widthPx = image.getInt(COSName.WIDTH, 0);
        long heightPx = image.getInt(COSName.HEIGHT, 0);
        PageLoader.checkPixelLimit(file, "embedded image /" + name.getName() + " on " + pageName, widthPx, heightPx,
                "re-export the PDF with images downsampled to 300 dpi");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void closeQuietly(PDDocument document) {
        try {
            document.close();
        } catch (IOException e) {
            LOG.debug("closing PDF failed", e);
        }
    }
}
