package org.leggio.dataset.asap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leggio.ingest.chunk.Float16;

/**
 * 2-D float16 matrices as NumPy {@code .npy} files: format 1.0, dtype {@code '<f2'} (IEEE binary16,
 * little-endian), C order, so {@code np.load(path)} (or {@code mmap_mode='r'}) reads them directly.
 * Values are rounded to nearest even ({@link Float16}); spectrogram values (0 to about 3) keep
 * about 3 significant digits.
 */
public final class Float16Npy {
    /** Bytes before the header text: magic, version, header length. */
    private static final int PREFIX_BYTES = 10;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\s*,?\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");

    /**
     * Shape and data position of a file.
     *
     * @param rows first dimension
     * @param cols second dimension
     * @param dataOffsetBytes where the data starts (a multiple of 64)
     */
    public record Header(int rows, int cols, int dataOffsetBytes) {
        /** The exact file size a complete file with this header has. */
        public long expectedFileBytes() {
            return dataOffsetBytes + 2L * rows * cols;
        }
    }

    private Float16Npy() {}

    /** Writes {@code matrix} ({@code [rows][cols]}, rectangular). */
    public static void write(Path path, float[][] matrix) throws IOException {
        int rows = matrix.length;
        int cols = rows == 0 ? 0 : matrix[0].length;
        String dict = "{'descr': '<f2', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int padding = (64 - (PREFIX_BYTES + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(path)) {
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
            out.write(prefix.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer row = ByteBuffer.allocate(cols * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] values : matrix) {
                if (values.length != cols) {
                    throw new IllegalArgumentException("matrix is not rectangular: row of " + values.length + " != " + cols);
                }
                row.clear();
                for (float v : values) {
                    row.putShort(Float16.fromFloat(v));
                }
                out.write(row.array());
            }
        }
    }

    /** Reads a file written by {@link #write} (or NumPy with dtype {@code '<f2'}) into {@code [rows][cols]}. */
    public static float[][] read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            Header header = readHeader(in, path);
            int cols = header.cols();
            float[][] out = new float[header.rows()][cols];
            byte[] bytes = new byte[cols * 2];
            for (float[] row : out) {
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                    throw new IOException("truncated .npy file: " + path);
                }
                ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int c = 0; c < cols; c++) {
                    row[c] = Float16.toFloat(data.getShort());
                }
            }
            if (in.read() >= 0) {
                throw new IOException("trailing bytes after the data of .npy file: " + path);
            }
            return out;
        }
    }

    /** Reads only the header; {@link Header#expectedFileBytes()} checks completeness cheaply. */
    public static Header readHeader(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readHeader(in, path);
        }
    }

    private static Header readHeader(InputStream in, Path path) throws IOException {
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.length < PREFIX_BYTES || prefix[i] != MAGIC[i]) {
                throw new IOException("not a .npy file: " + path);
            }
        }
        if (prefix[6] != 1) {
            throw new IOException("unsupported .npy version " + prefix[6] + ": " + path);
        }
        int headerLength = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length != headerLength) {
            throw new IOException("truncated .npy header: " + path);
        }
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !descr.group(1).equals("<f2") || !shape.find()
                || header.contains("'fortran_order': True")) {
            throw new IOException("expected a 2-D little-endian float16 C-order .npy, got header " + header.strip()
                    + ": " + path);
        }
        return new Header(Integer.parseInt(shape.group(1)), Integer.parseInt(shape.group(2)),
                PREFIX_BYTES + headerLength);
    }
}
