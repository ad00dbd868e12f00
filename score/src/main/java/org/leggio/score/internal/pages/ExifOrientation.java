package org.leggio.score.internal.pages;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.leggio.model.StripImage;

/**
 * The Exif orientation of a JPEG (TIFF tag 0x0112, values 1–8) and the pixel transform that undoes
 * it. Phone photos of sheet music are usually stored sideways with orientation 6 or 8; ImageIO ignores
 * the tag, so without this a portrait page would arrive lying on its side.
 */
final class ExifOrientation {
    /** Stored upright: nothing to do. */
    static final int NORMAL = 1;

    private static final int SOI = 0xd8;
    private static final int APP1 = 0xe1;
    private static final int SOS = 0xda;
    private static final int EOI = 0xd9;
    private static final int ORIENTATION_TAG = 0x0112;
    /** Markers to look through before giving up; Exif is normally the first or second segment. */
    private static final int MAX_SEGMENTS = 32;

    private ExifOrientation() {}

    /**
     * Reads the orientation from the Exif APP1 segment of a JPEG file; {@link #NORMAL} when there is
     * none or it can't be parsed (a broken Exif block must not stop an otherwise readable page).
     */
    static int read(Path jpeg) {
        try (InputStream raw = Files.newInputStream(jpeg);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 8192))) {
            if (in.readUnsignedByte() != 0xff || in.readUnsignedByte() != SOI) {
                return NORMAL;
            }
            for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
                int marker = nextMarker(in);
                if (marker == SOS || marker == EOI) {
                    return NORMAL;
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    return NORMAL;
                }
                if (marker == APP1) {
                    byte[] data = in.readNBytes(length);
                    int orientation = fromApp1(data);
                    if (orientation != 0) {
                        return orientation;
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Truncated or malformed metadata: the decoder reports real damage; here upright is the safe guess.
            return NORMAL;
        }
        return NORMAL;
    }

    /** Whether {@code orientation} swaps width and height (the 90° and 270° cases). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** Returns {@code image} turned upright for {@code orientation} (1–8; other values change nothing). */
    static StripImage apply(StripImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.widthPx();
        int h = image.heightPx();
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.pixels();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = w - 1 - x; dy = y; } // mirrored horizontally
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; } // upside down
                    case 4 -> { dx = x; dy = h - 1 - y; } // mirrored vertically
                    case 5 -> { dx = y; dy = x; } // transposed
                    case 6 -> { dx = h - 1 - y; dy = x; } // needs a quarter turn clockwise
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; } // transversed
                    default -> { dx = y; dy = w - 1 - x; } // 8: needs a quarter turn anticlockwise
                }
                out[dy * ow + dx] = src[y * w + x];
            }
        }
        return new StripImage(ow, oh, out);
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b != 0xff) {
            throw new IOException("not at a JPEG marker");
        }
        while (b == 0xff) { // fill bytes
            b = in.readUnsignedByte();
        }
        return b;
    }

    /** The orientation in an APP1 payload, or 0 if it is not Exif or has no orientation tag. */
    private static int fromApp1(byte[] data) {
        if (data.length < 14 || data[0] != 'E' || data[1] != 'x' || data[2] != 'i' || data[3] != 'f'
                || data[4] != 0 || data[5] != 0) {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(data, 6, data.length - 6).slice();
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (tiff.get(0) == 'M' && tiff.get(1) == 'M') {
            tiff.order(ByteOrder.BIG_ENDIAN);
        } else {
            return 0;
        }
        if ((tiff.getShort(2) & 0xffff) != 42) {
            return 0;
        }
        long ifd = tiff.getInt(4) & 0xffffffffL;
        if (ifd < 8 || ifd + 2 > tiff.limit()) {
            return 0;
        }
        int entries = tiff.getShort((int) ifd) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > tiff.limit()) {
                return 0;
            }
            if ((tiff.getShort(entry) & 0xffff) == ORIENTATION_TAG) {
                // Type SHORT, count 1: the value sits left-aligned in the 4-byte value field.
                int value = tiff.getShort(entry + 8) & 0xffff;
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }
}
