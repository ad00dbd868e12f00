package org.leggio.ingest;

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

/**
 * Reads and writes 2-D float32 matrices as NumPy {@code .npy} files (format 1.0, little-endian,
 * C order), so spectrograms can be inspected with NumPy and compared with reference files.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\s*,?\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");

    private Npy() {}

    /** Writes {@code matrix} ({@code [rows][cols]}, rectangular) as float32 {@code .npy}. */
    public static void writeFloat32(Path path, float[][] matrix) throws IOException {
        int rows = matrix.length;
        int cols = rows == 0 ? 0 : matrix[0].length;
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = MAGIC.length + 4 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String fullHeader = header + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(path)) {
            ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) fullHeader.length());
            out.write(prefix.array());
            out.write(fullHeader.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer row = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] values : matrix) {
                if (values.length != cols) {
                    throw new IllegalArgumentException("matrix is not rectangular: row of " + values.length + " != " + cols);
                }
                row.clear();
                row.asFloatBuffer().put(values);
                out.write(row.array());
            }
        }
    }

    /** Reads a 2-D little-endian float32 {@code .npy} file into {@code [rows][cols]}. */
    public static float[][] readFloat32(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] prefix = in.readNBytes(10);
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.length < 10 || prefix[i] != MAGIC[i]) {
                    throw new IOException("not a .npy file: " + path);
                }
            }
            int headerLength = (prefix[8] & 0xff) | (prefix[9] & 0xff) << 8;
            String header = new String(in.readNBytes(headerLength), StandardCharsets.US_ASCII);
            Matcher descr = DESCR.matcher(header);
            Matcher shape = SHAPE.matcher(header);
            if (!descr.find() || !descr.group(1).equals("<f4") || !shape.find() || header.contains("'fortran_order': True")) {
                throw new IOException("expected a 2-D little-endian float32 C-order .npy, got header " + header.trim() + ": " + path);
            }
            int rows = Integer.parseInt(shape.group(1));
            int cols = Integer.parseInt(shape.group(2));
            ByteBuffer data = ByteBuffer.wrap(in.readNBytes(rows * cols * 4)).order(ByteOrder.LITTLE_ENDIAN);
            if (data.capacity() != rows * cols * 4) {
                throw new IOException("truncated .npy file: " + path);
            }
            float[][] out = new float[rows][cols];
            for (float[] row : out) {
                data.asFloatBuffer().get(row);
                data.position(data.position() + cols * 4);
            }
            return out;
        }
    }
}
