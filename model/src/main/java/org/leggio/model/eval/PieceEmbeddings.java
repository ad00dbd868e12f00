package org.leggio.model.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.leggio.model.eval.internal.Vectors;

/**
 * Embeddings grouped by piece, each piece an ordered sequence (reading order of its snippets, or
 * time order of its audio windows): the query side or the database side of piece identification.
 * Rows are stored L2-normalised. Immutable and thread-safe.
 */
public final class PieceEmbeddings {
    private final List<String> pieces;
    private final int[] starts;
    private final float[] rows;
    private final int dim;

    private PieceEmbeddings(List<String> pieces, int[] starts, float[] rows, int dim) {
        this.pieces = List.copyOf(pieces);
        this.starts = starts;
        this.rows = rows;
        this.dim = dim;
    }

    /**
     * Groups {@code rows} by {@code pieceIds} (row i belongs to piece {@code pieceIds.get(i)}),
     * keeping the pieces in order of first appearance and each piece's rows in their order. The
     * rows of one piece need not be contiguous.
     *
     * @throws IllegalArgumentException for differing lengths, no rows, ragged rows, a non-finite
     *     value or an all-zero row
     */
    public static PieceEmbeddings of(float[][] rows, List<String> pieceIds) {
        Objects.requireNonNull(rows, "rows can't be null");
        Objects.requireNonNull(pieceIds, "pieceIds can't be null");
        if (rows.length != pieceIds.size()) {
            throw new IllegalArgumentException("rows has " + rows.length + " rows but pieceIds has " + pieceIds.size() + " ids");
        }
        Map<String, List<float[]>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            String id = Objects.requireNonNull(pieceIds.get(i), "piece id of row " + i + " can't be null");
            grouped.computeIfAbsent(id, k -> new ArrayList<>()).add(rows[i]);
        }
        Map<String, float[][]> sequences = new LinkedHashMap<>();
        grouped.forEach((id, list) -> sequences.put(id, list.toArray(new float[0][])));
        return of(sequences);
    }

    /**
     * One sequence per piece, pieces in the map's iteration order.
     *
     * @throws IllegalArgumentException for no pieces, an empty sequence, differing row lengths, a
     *     non-finite value or an all-zero row, naming the piece
     */
    public static PieceEmbeddings of(Map<String, float[][]> sequences) {
        Objects.requireNonNull(sequences, "sequences can't be null");
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("sequences must hold at least one piece");
        }
        List<String> pieces = new ArrayList<>();
        List<float[]> flats = new ArrayList<>();
        int[] starts = new int[sequences.size() + 1];
        int dim = -1;
        for (Map.Entry<String, float[][]> e : sequences.entrySet()) {
            String id = Objects.requireNonNull(e.getKey(), "piece id can't be null");
            float[][] seq = Objects.requireNonNull(e.getValue(), "sequence of piece '" + id + "' can't be null");
            if (seq.length == 0) {
                throw new IllegalArgumentException("piece '" + id + "' has no rows");
            }
            float[] flat = Vectors.normalisedFlat(seq, "piece '" + id + "'");
            int d = flat.length / seq.length;
            if (dim >= 0 && d != dim) {
                throw new IllegalArgumentException("piece '" + id + "' rows have " + d + " values but earlier rows have " + dim);
            }
            dim = d;
            pieces.add(id);
            flats.add(flat);
            starts[pieces.size()] = starts[pieces.size() - 1] + seq.length;
        }
        float[] all = new float[starts[pieces.size()] * dim];
        for (int p = 0; p < flats.size(); p++) {
            System.arraycopy(flats.get(p), 0, all, starts[p] * dim, flats.get(p).length);
        }
        return new PieceEmbeddings(pieces, starts, all, dim);
    }

    /** The piece ids, in order. */
    public List<String> pieces() {
        return pieces;
    }

    /** Total number of rows over all pieces. */
    public int rowCount() {
        return starts[pieces.size()];
    }

    /** Embedding size d. */
    public int dim() {
        return dim;
    }

    /** The normalised sequence of {@code pieceId}, {@code [length][d]}, as a fresh copy. */
    public float[][] sequence(String pieceId) {
        int p = pieces.indexOf(pieceId);
        if (p < 0) {
            throw new IllegalArgumentException("unknown piece '" + pieceId + "'");
        }
        float[][] out = new float[starts[p + 1] - starts[p]][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(rows, (starts[p] + i) * dim, (starts[p] + i + 1) * dim);
        }
        return out;
    }

    int start(int piece) {
        return starts[piece];
    }

    int end(int piece) {
        return starts[piece + 1];
    }

    float[] flatRows() {
        return rows;
    }
}
