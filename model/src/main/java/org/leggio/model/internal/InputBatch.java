package org.leggio.model.internal;

import java.util.List;
import java.util.Objects;
import org.leggio.model.EmbeddingException;

/**
 * A batch of 2-D inputs flattened into one row-major {@code float[]} (n × rows × columns), ready to
 * become an n×1×rows×columns tensor. Built only from validated inputs.
 *
 * @param data n·rows·columns values, input-major then row-major
 * @param count n
 * @param rows rows per input (92 bands, or 80 for a sheet snippet)
 * @param columns columns per input (T frames, or 100 for a sheet snippet)
 */
public record InputBatch(float[] data, int count, int rows, int columns) {
    /**
     * Checks every input before any engine work: not null, exactly {@code rows} rows of exactly
     * {@code columns} finite values. Messages name the input index (and row, column) and the
     * expected and actual shape.
     *
     * @param what the kind of input for messages, e.g. "audio window"
     */
    public static void validate(List<float[][]> inputs, int rows, int columns, String what) {
        Objects.requireNonNull(inputs, what + " list can't be null");
        String expected = "[" + rows + "][" + columns + "]";
        for (int i = 0; i < inputs.size(); i++) {
            float[][] input = inputs.get(i);
            if (input == null) {
                throw new EmbeddingException(what + " " + i + " is null (expected " + expected + ")");
            }
            if (input.length != rows) {
                throw new EmbeddingException(what + " " + i + " has " + input.length + " rows but "
                        + expected + " is expected (shape [" + input.length + "][" + columnsText(input) + "])");
            }
            for (int r = 0; r < rows; r++) {
                float[] row = input[r];
                if (row == null) {
                    throw new EmbeddingException(what + " " + i + ": row " + r + " is null (expected " + expected + ")");
                }
                if (row.length != columns) {
                    throw new EmbeddingException(what + " " + i + ": row " + r + " has " + row.length
                            + " columns but " + expected + " is expected");
                }
                for (int c = 0; c < columns; c++) {
                    float v = row[c];
                    if (!Float.isFinite(v)) {
                        throw new EmbeddingException(what + " " + i + " has " + v + " at row " + r
                                + ", column " + c + " (inputs must be finite)");
                    }
                }
            }
        }
    }

    /** Flattens {@code inputs[from, to)}; they must have been {@link #validate validated}. */
    public static InputBatch of(List<float[][]> inputs, int from, int to, int rows, int columns) {
        int n = to - from;
        float[] data = new float[n * rows * columns];
        int offset = 0;
        for (int i = from; i < to; i++) {
            for (float[] row : inputs.get(i)) {
                System.arraycopy(row, 0, data, offset, columns);
                offset += columns;
            }
        }
        return new InputBatch(data, n, rows, columns);
    }

    private static String columnsText(float[][] input) {
        return input.length > 0 && input[0] != null ? Integer.toString(input[0].length) : "?";
    }
}
