package org.leggio.matcher.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.identify.SnippetIndex;
import org.leggio.matcher.identify.SnippetIndexes;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;

/**
 * The pieces a session may hear: every piece's following track, and one nearest-snippet index over all
 * identification-grid snippets (by default exact below {@link SnippetIndexes#DEFAULT_IVF_THRESHOLD}
 * snippets, IVF from there on; see {@link SnippetIndexes.Policy}).
 * Immutable and thread-safe; shared by all sessions. Adding a piece builds a new library.
 */
public final class PieceLibrary {
    private final List<ScoreIndex> pieces;
    private final List<ScoreTrack> tracks;
    private final List<ScoreTrack> coarseTracks;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final SnippetIndex snippets;
    private final int[] snippetPiece;
    private final String modelId;

    private PieceLibrary(List<ScoreIndex> pieces, SnippetIndexes.Policy indexPolicy) {
        this.pieces = List.copyOf(pieces);
        this.tracks = new ArrayList<>(pieces.size());
        this.coarseTracks = new ArrayList<>(pieces.size());
        String model = null;
        int dim = 0;
        int total = 0;
        for (ScoreIndex piece : pieces) {
            String pieceModel = piece.getFollowGrid().getModelId();
            if (model != null && !model.equals(pieceModel)) {
                throw new IllegalArgumentException("piece " + piece.getPieceId() + " was embedded with model "
                        + pieceModel + ", the others with " + model + "; re-add it with the same model");
            }
            model = pieceModel;
            dim = piece.getFollowGrid().getEmbeddingDim();
            ordinals.put(piece.getPieceId(), tracks.size());
            tracks.add(ScoreTrack.of(piece));
            coarseTracks.add(ScoreTrack.of(piece, identifyGrid(piece)));
            total += identifyGrid(piece).getStripXPxCount();
        }
        this.modelId = model == null ? "" : model;
        float[] flat = identificationVectors(pieces);
        this.snippetPiece = new int[total];
        int at = 0;
        for (int p = 0; p < pieces.size(); p++) {
            for (int n = identifyGrid(pieces.get(p)).getStripXPxCount(); n > 0; n--) {
                snippetPiece[at++] = p;
            }
        }
        this.snippets = total == 0 ? null : SnippetIndexes.create(flat, dim, indexPolicy);
    }

    /**
     * Every piece's identification-grid embeddings (the following grid where a piece has none), one
     * flat snippet-major array in piece order: what the library's snippet index holds.
     */
    public static float[] identificationVectors(List<ScoreIndex> pieces) {
        int values = 0;
        for (ScoreIndex piece : pieces) {
            values += identifyGrid(piece).getEmbeddingsCount();
        }
        float[] flat = new float[values];
        int at = 0;
        for (ScoreIndex piece : pieces) {
            SnippetGrid grid = identifyGrid(piece);
            for (int i = 0; i < grid.getEmbeddingsCount(); i++) {
                flat[at++] = grid.getEmbeddings(i);
            }
        }
        return flat;
    }

    private static SnippetGrid identifyGrid(ScoreIndex piece) {
        return piece.hasIdentifyGrid() && piece.getIdentifyGrid().getStripXPxCount() > 0 ? piece.getIdentifyGrid()
                : piece.getFollowGrid();
    }

    /** A library of {@code pieces} (all embedded with one model), indexed by {@link SnippetIndexes.Policy#defaults()}. */
    public static PieceLibrary of(List<ScoreIndex> pieces) {
        return new PieceLibrary(pieces, SnippetIndexes.Policy.defaults());
    }

    /** Same, with the snippet index {@code indexPolicy} chooses for the library's size. */
    public static PieceLibrary of(List<ScoreIndex> pieces, SnippetIndexes.Policy indexPolicy) {
        return new PieceLibrary(pieces, java.util.Objects.requireNonNull(indexPolicy, "indexPolicy"));
    }

    public int size() {
        return pieces.size();
    }

    public String modelId() {
        return modelId;
    }

    public ScoreIndex piece(int ordinal) {
        return pieces.get(ordinal);
    }

    public ScoreTrack track(int ordinal) {
        return tracks.get(ordinal);
    }

    /**
     * The piece's track on its identification grid (50 px by default): what verification aligns to, six
     * times cheaper than the following track and fine enough to re-seed the follower.
     */
    public ScoreTrack coarseTrack(int ordinal) {
        return coarseTracks.get(ordinal);
    }

    public Optional<Integer> ordinalOf(String pieceId) {
        return Optional.ofNullable(ordinals.get(pieceId));
    }

    /** Identification snippets over all pieces. */
    public int snippetCount() {
        return snippetPiece.length;
    }

    /** The nearest-snippet index (null for an empty library). */
    SnippetIndex snippets() {
        return snippets;
    }

    int pieceOfSnippet(int snippetId) {
        return snippetPiece[snippetId];
    }
}
