package org.leggio.score;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.leggio.proto.v1.PieceMetadata;

/**
 * What to add to the library.
 *
 * @param files one MusicXML/.mxl file, one PDF, or one or more PNG/JPEG pages in page order
 * @param metadata title, composer, …; blank fields are filled from the MusicXML where it has them,
 *     and the title from the file name as a last resort
 * @param pieceId the id to give the piece, or {@code null} to derive one from the title and content
 * @param replace whether an existing piece with that id may be replaced
 * @param followStridePx stride of the following grid, px (default 8)
 * @param identifyStridePx stride of the identification grid, px (default 50)
 */
public record ImportRequest(List<Path> files, PieceMetadata metadata, String pieceId, boolean replace,
        int followStridePx, int identifyStridePx) {
    public ImportRequest {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no score file given");
        }
        Objects.requireNonNull(metadata, "metadata can't be null");
        if (followStridePx < 1 || identifyStridePx < 1) {
            throw new IllegalArgumentException("strides must be ≥ 1 px");
        }
    }

    /** A request with default strides, no fixed id, no replacing. */
    public static ImportRequest of(List<Path> files, PieceMetadata metadata) {
        return new ImportRequest(files, metadata, null, false, SnippetGridBuilder.FOLLOW_STRIDE_PX,
                SnippetGridBuilder.IDENTIFY_STRIDE_PX);
    }

    public ImportRequest withPieceId(String id) {
        return new ImportRequest(files, metadata, id, replace, followStridePx, identifyStridePx);
    }

    public ImportRequest withReplace(boolean replaceExisting) {
        return new ImportRequest(files, metadata, pieceId, replaceExisting, followStridePx, identifyStridePx);
    }
}
