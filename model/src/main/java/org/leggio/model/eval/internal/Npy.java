package org.leggio.model.eval.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leggio.model.eval.PairFormatException;

/**
 * N-D little-endian float32, C-order NumPy {@code .npy} files. Writes format 1.0 (header padded to
 * 64 bytes, as NumPy does); reads format 1.0, 2.0 and 3.0 headers. Every error names the file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * A parsed header.
     *
     * @param shape the array's shape, outermost first
     * @param dataOffsetBytes where the data starts in the file
     */
    public record Header(int[] shape, long dataOffsetBytes) {
        /** Number of float values, the product of the shape. */
        public long valueCount() {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** The shape as NumPy prints it, e.g. {@code (12, 80, 100)}. */
        public String shapeText() {
            return Npy.shapeText(shape);
        }
    }

    /** {@code (12, 80, 100)} for {@code {12, 80, 100}}. */
    public static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Reads and checks the header; also checks that the file holds exactly the data it declares. */
    public static Header readHeader(Path path) throws IOException {
        long fileSize = Files.size(path);
        Header header;
        try (InputStream in = Files.newInputStream(path)) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8 || !Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
                throw new PairFormatException(path + ": not a .npy file (bad magic)");
            }
            int major = prefix[6] & 0xff;
            int lengthBytes = major == 1 ? 2 : major == 2 || major == 3 ? 4 : -1;
            if (lengthBytes < 0) {
                throw new PairFormatException(path + ": unsupported .npy format version " + major + "." + (prefix[7] & 0xff));
            }
            byte[] len = in.readNBytes(lengthBytes);
            if (len.length < lengthBytes) {
                throw new PairFormatException(path + ": truncated .npy header");
            }
            long headerLength = lengthBytes == 2 ? (len[0] & 0xff) | (len[1] & 0xff) << 8
                    : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            byte[] text = in.readNBytes((int) Math.min(headerLength, 1 << 20));
            if (text.length < headerLength) {
                throw new PairFormatException(path + ": truncated .npy header");
            }
            header = parse(path, new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1),
                    8 + lengthBytes + headerLength);
        }
        long expected = header.dataOffsetBytes() + header.valueCount() * Float.BYTES;
        if (fileSize != expected) {
            throw new PairFormatException(path + ": shape " + header.shapeText() + " needs " + expected
                    + " bytes but the file has " + fileSize + (fileSize < expected ? " (truncated)" : " (trailing bytes)"));
        }
        return header;
    }

    private static Header parse(Path path, String dict, long offset) throws PairFormatException {
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new PairFormatException(path + ": unreadable .npy header " + dict.trim());
        }
        if (!descr.group(1).equals("<f4")) {
            throw new PairFormatException(path + ": dtype must be '<f4' (little-endian float32) but was '" + descr.group(1) + "'");
        }
        if (fortran.group(1).equals("True")) {
            throw new PairFormatException(path + ": must be C order but is Fortran order");
        }
        String[] parts = shape.group(1).split(",");
        int[] dims = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(s -> {
            try {
                return Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }).toArray();
        if (dims.length == 0 || Arrays.stream(dims).anyMatch(x -> x < 0)) {
            throw new PairFormatException(path + ": bad shape (" + shape.group(1) + ") in .npy header");
        }
        return new Header(dims, offset);
    }

    /**
     * Writes {@code items} as one array of shape {@code (items.size(), itemShape...)}.
     *
     * @throws IllegalArgumentException if {@code itemShape}'s product differs from the item length
     */
    public static void write(Path path, int[] itemShape, FloatItems items) throws IOException {
        long product = 1;
        for (int s : itemShape) {
            product *= s;
        }
        if (product != items.itemLength()) {
            throw new IllegalArgumentException("item shape " + shapeText(itemShape) + " does not hold " + items.itemLength() + " values");
        }
        int[] shape = new int[itemShape.length + 1];
        shape[0] = items.size();
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
            out.write(prefix.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            float[] item = new float[items.itemLength()];
            ByteBuffer bytes = ByteBuffer.allocate(item.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < items.size(); i++) {
                items.copy(i, item);
                bytes.clear();
                bytes.asFloatBuffer().put(item);
                out.write(bytes.array());
            }
        }
    }
}
