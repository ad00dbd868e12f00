package org.leggio.model;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A greyscale image of an unrolled score strip (or any page), 8 bits per pixel, row-major:
 * {@code pixel(x, y) = pixels[y * widthPx + x] & 0xff}, 255 = white paper.
 *
 * @param widthPx width in pixels
 * @param heightPx height in pixels (200 for an MSMD-style strip: each system's centre ± 100 rows)
 * @param pixels {@code widthPx * heightPx} grey values; not copied, do not modify
 */
public record StripImage(int widthPx, int heightPx, byte[] pixels) {
    public StripImage {
        Objects.requireNonNull(pixels, "pixels can't be null");
        if (widthPx < 1 || heightPx < 1 || pixels.length != widthPx * heightPx) {
            throw new IllegalArgumentException("a " + widthPx + "x" + heightPx + " image needs " + widthPx * heightPx
                    + " pixels but got " + pixels.length);
        }
    }

    /** Grey value 0..255 at (x, y). */
    public int grey(int xPx, int yPx) {
        return pixels[yPx * widthPx + xPx] & 0xff;
    }

    /** Converts any image to 8-bit grey (colour by the luminance of Java 2D's grey colour space). */
    public static StripImage of(BufferedImage image) {
        BufferedImage grey = image;
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            grey.getGraphics().drawImage(image, 0, 0, null);
        }
        byte[] pixels = new byte[grey.getWidth() * grey.getHeight()];
        grey.getRaster().getDataElements(0, 0, grey.getWidth(), grey.getHeight(), pixels);
        return new StripImage(grey.getWidth(), grey.getHeight(), pixels);
    }

    /** This image as an 8-bit grey {@link BufferedImage} (pixels copied). */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, widthPx, heightPx, pixels);
        return image;
    }

    /** Writes this image as a grey PNG file. */
    public void writePng(Path file) throws IOException {
        if (!ImageIO.write(toBufferedImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    /** Reads a PNG/JPEG/… file. */
    public static StripImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("image not found: " + file);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("not an image Java can read (PNG, JPEG, GIF, BMP): " + file);
        }
        return of(image);
    }
}
