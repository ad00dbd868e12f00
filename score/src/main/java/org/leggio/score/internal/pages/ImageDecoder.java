package org.leggio.score.internal.pages;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.leggio.model.StripImage;
import org.leggio.score.ScoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one PNG or JPEG page into full-resolution 8-bit grey, upright, transparent areas white.
 * The size is read from the file header and checked against {@link PageLoader#MAX_PIXELS_PER_PAGE}
 * before any pixel buffer is allocated, so an oversized upload costs a few kilobytes, not gigabytes.
 */
final class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    /** Size of an image as it will be shown (after Exif orientation) and the orientation to apply. */
    record Header(int widthPx, int heightPx, int exifOrientation) {}

    private ImageDecoder() {}

    /** Reads the size from the header only; fails if it is unreadable or above the pixel limit. */
    static Header header(Path file, PageFormat format) {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(format);
            try {
                reader.setInput(in, false, true);
                return checkedHeader(file, format, reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, format, e);
        }
    }

    /** Decodes the whole image; see the class comment for what the result looks like. */
    static StripImage decode(Path file, PageFormat format) {
        List<String> warnings = new ArrayList<>();
        Header header;
        StripImage grey;
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(format);
            try {
                // ignoreMetadata: skips PNG text chunks (a compressed-text bomb can't cost memory);
                // tRNS transparency is still honoured, and we read Exif orientation ourselves.
                reader.setInput(in, false, true);
                header = checkedHeader(file, format, reader);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0, greyWhereOffered(reader));
                grey = toGrey(image);
            } finally {
                reader.dispose();
            }
        } catch (ScoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, format, e);
        }
        // The JPEG decoder does not fail on a truncated file: it warns and fills the rest with grey.
        // A page half grey would silently ruin following, so truncation is an error.
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncated")) {
                throw new ScoreException(format + " image " + file + " is truncated (the decoder said: " + warning
                        + "); upload the complete file");
            }
            LOG.warn("{} image {}: decoder warning: {}", format, file, warning);
        }
        return ExifOrientation.apply(grey, header.exifOrientation());
    }

    /**
     * Converts any decoded image to 8-bit grey over a white background (Rec. 601 luma:
     * {@code (77 R + 150 G + 29 B) / 256}). The layouts ImageIO produces for PNG and JPEG (8-bit
     * interleaved grey, grey + alpha, RGB, RGBA; 1/2/4/8-bit palettes) are read straight from the
     * data buffer: {@code BufferedImage.getRGB} costs ~30 ns a pixel, a second per 35-megapixel scan,
     * and pushes grey images through Java 2D's linear-grey colour space, lightening mid-greys
     * (64 → 137). Anything else (16-bit, other colour spaces) takes a slower general path.
     */
    static StripImage toGrey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h];
        if (!fastGrey(image, out)) {
            generalGrey(image, out);
        }
        return new StripImage(w, h, out);
    }

    /** The direct data-buffer paths; false if the image's layout is not one of them. */
    private static boolean fastGrey(BufferedImage image, byte[] out) {
        Raster raster = image.getRaster();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1) {
            return false;
        }
        byte[] data = buffer.getData();
        int base = buffer.getOffset();
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        SampleModel sm = raster.getSampleModel();
        if (cm instanceof IndexColorModel icm && sm instanceof MultiPixelPackedSampleModel packed) {
            // 1/2/4-bit palettes (bilevel scans are mostly 1-bit): unpack the indices, look up grey.
            int[] lut = paletteGrey(icm);
            int bits = packed.getPixelBitStride();
            int mask = (1 << bits) - 1;
            int stride = packed.getScanlineStride();
            int bitOffset = packed.getDataBitOffset();
            for (int y = 0; y < h; y++) {
                int row = base + y * stride;
                for (int x = 0; x < w; x++) {
                    int bit = bitOffset + x * bits;
                    int index = (data[row + (bit >> 3)] >> (8 - bits - (bit & 7))) & mask;
                    out[y * w + x] = (byte) lut[index];
                }
            }
            return true;
        }
        if (!(sm instanceof ComponentSampleModel component) || component.getNumBands() != cm.getNumComponents()) {
            return false;
        }
        int pixelStride = component.getPixelStride();
        int stride = component.getScanlineStride();
        int[] bandOffsets = component.getBandOffsets();
        if (cm instanceof IndexColorModel icm && bandOffsets.length == 1) {
            int[] lut = paletteGrey(icm);
            for (int y = 0; y < h; y++) {
                int row = base + y * stride + bandOffsets[0];
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) lut[data[row + x * pixelStride] & 0xff];
                }
            }
            return true;
        }
        if (!(cm instanceof ComponentColorModel) || cm.getPixelSize() != 8 * cm.getNumComponents()) {
            return false; // not 8 bits per component
        }
        boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
        boolean rgb = cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3;
        if (!grey && !rgb) {
            return false;
        }
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int c0 = bandOffsets[0];
        int c1 = rgb ? bandOffsets[1] : 0;
        int c2 = rgb ? bandOffsets[2] : 0;
        int ca = alpha ? bandOffsets[cm.getNumColorComponents()] : 0;
        if (grey && !alpha && pixelStride == 1) { // TYPE_BYTE_GRAY: rows are already what we want
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, base + y * stride + c0, out, y * w, w);
            }
            return true;
        }
        for (int y = 0; y < h; y++) {
            int row = base + y * stride;
            for (int x = 0; x < w; x++) {
                int p = row + x * pixelStride;
                int v = rgb
                        ? (77 * (data[p + c0] & 0xff) + 150 * (data[p + c1] & 0xff) + 29 * (data[p + c2] & 0xff) + 128) >> 8
                        : data[p + c0] & 0xff;
                if (alpha) {
                    int a = data[p + ca] & 0xff;
                    v = premultiplied ? Math.min(v + 255 - a, 255) : overWhite(v, a);
                }
                out[y * w + x] = (byte) v;
            }
        }
        return true;
    }

    /** Grey over white for every palette entry. */
    private static int[] paletteGrey(IndexColorModel icm) {
        int[] lut = new int[Math.max(icm.getMapSize(), 256)];
        for (int i = 0; i < icm.getMapSize(); i++) {
            int p = icm.getRGB(i);
            int luma = (77 * ((p >> 16) & 0xff) + 150 * ((p >> 8) & 0xff) + 29 * (p & 0xff) + 128) >> 8;
            lut[i] = overWhite(luma, p >>> 24);
        }
        for (int i = icm.getMapSize(); i < lut.length; i++) {
            lut[i] = 255; // an index past the palette (a corrupt file): paper
        }
        return lut;
    }

    /** Any other image: grey component models from raster samples, everything else through getRGB. */
    private static void generalGrey(BufferedImage image, byte[] out) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && raster.getNumBands() == cm.getNumComponents()) {
            int greyMax = (1 << cm.getComponentSize(0)) - 1;
            boolean alpha = cm.hasAlpha();
            int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
            boolean premultiplied = cm.isAlphaPremultiplied();
            int[] g = new int[w];
            int[] a = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, g);
                if (alpha) {
                    raster.getSamples(0, y, w, 1, 1, a);
                }
                for (int x = 0; x < w; x++) {
                    int v = (int) (((long) g[x] * 255 + greyMax / 2) / greyMax);
                    if (alpha) {
                        int av = (int) (((long) a[x] * 255 + alphaMax / 2) / alphaMax);
                        v = premultiplied ? v + 255 - av : overWhite(v, av);
                    }
                    out[y * w + x] = (byte) Math.min(v, 255);
                }
            }
            return;
        }
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int luma = (77 * ((p >> 16) & 0xff) + 150 * ((p >> 8) & 0xff) + 29 * (p & 0xff) + 128) >> 8;
                out[y * w + x] = (byte) overWhite(luma, p >>> 24);
            }
        }
    }

    /** Composites grey {@code v} with opacity {@code alpha} (0..255) over white paper. */
    private static int overWhite(int v, int alpha) {
        return (v * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    private static Header checkedHeader(Path file, PageFormat format, ImageReader reader) throws IOException {
        int storedWidthPx = reader.getWidth(0);
        int storedHeightPx = reader.getHeight(0);
        if (storedWidthPx < 1 || storedHeightPx < 1) {
            throw new ScoreException(format + " image " + file + " has no pixels (" + storedWidthPx + "x"
                    + storedHeightPx + ")");
        }
        PageLoader.checkPixelLimit(file, "image", storedWidthPx, storedHeightPx,
                "scan or export it at a lower resolution (300 dpi is plenty)");
        int orientation = format == PageFormat.JPEG ? ExifOrientation.read(file) : ExifOrientation.NORMAL;
        return ExifOrientation.swapsAxes(orientation)
                ? new Header(storedHeightPx, storedWidthPx, orientation)
                : new Header(storedWidthPx, storedHeightPx, orientation);
    }

    /**
     * Asks the decoder for 8-bit grey output when it offers it: the JDK JPEG decoder then hands back
     * the luma channel directly, a third of the memory of RGB and no colour conversion afterwards.
     */
    private static ImageReadParam greyWhereOffered(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (!(reader.getFormatName().toLowerCase(Locale.ROOT).contains("jpeg"))) {
            return param;
        }
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier type = it.next();
            if (type.getBufferedImageType() == BufferedImage.TYPE_BYTE_GRAY) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    private static ImageReader readerFor(PageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
        if (!readers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no " + format + " decoder");
        }
        return readers.next();
    }

    private static ScoreException decodeFailure(Path file, PageFormat format, Exception e) {
        if (e instanceof ScoreException se) {
            return se;
        }
        StringBuilder message = new StringBuilder("can't decode ").append(format).append(" image ").append(file)
                .append(": it is corrupt or truncated (").append(e.getMessage() == null ? e.toString() : e.getMessage());
        if (e.getCause() != null && e.getCause().getMessage() != null) {
            message.append(": ").append(e.getCause().getMessage());
        }
        message.append(')');
        if (e instanceof IIOException && String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
            message = new StringBuilder("can't decode JPEG image ").append(file)
                    .append(": its colour type is not supported by Java's JPEG decoder; save it as an RGB or "
                            + "greyscale JPEG, or as PNG");
        }
        return new ScoreException(message.toString(), e);
    }
}
