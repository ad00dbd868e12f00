package org.leggio.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.ScoreException;
import org.leggio.score.ScoreLibrary;

/**
 * The score library as the viewer needs it: each piece's geometry and metadata without its snippet
 * embeddings (megabytes the browser has no use for), cached until the piece's index file changes, and its
 * page images, resolved only inside the library. Thread-safe.
 */
public final class PieceCatalog {
    private record Cached(FileTime modified, ScoreIndex geometry) {}

    private final ScoreLibrary library;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PieceCatalog(Path libraryDir) {
        this.library = ScoreLibrary.open(libraryDir);
    }

    /** Every piece's geometry, in the library's order. */
    public List<ScoreIndex> list() {
        return library.list().stream().map(p -> find(p.getPieceId()).orElse(null)).filter(p -> p != null).toList();
    }

    /** The piece without its snippet grids, or empty for an unknown or invalid id. */
    public Optional<ScoreIndex> find(String pieceId) {
        if (!ScoreLibrary.isValidPieceId(pieceId) || !library.contains(pieceId)) {
            return Optional.empty();
        }
        Path index = library.dir().resolve(pieceId).resolve(ScoreLibrary.INDEX_FILE);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(index);
        } catch (IOException e) {
            return Optional.empty();
        }
        Cached cached = cache.get(pieceId);
        if (cached == null || !cached.modified().equals(modified)) {
            ScoreIndex geometry = library.get(pieceId).toBuilder().clearFollowGrid().clearIdentifyGrid().build();
            cached = new Cached(modified, geometry);
            cache.put(pieceId, cached);
        }
        return Optional.of(cached.geometry());
    }

    /**
     * The image file of page {@code pageIndex} (0-based) of a piece, or empty when there is no such page.
     * Never a path outside the library.
     */
    public Optional<Path> pageImage(String pieceId, int pageIndex) {
        Optional<ScoreIndex> piece = find(pieceId);
        if (piece.isEmpty() || pageIndex < 0 || pageIndex >= piece.get().getPagesCount()) {
            return Optional.empty();
        }
        try {
            return Optional.of(library.resolvePageImage(piece.get().getPages(pageIndex).getImageRef()));
        } catch (ScoreException e) {
            return Optional.empty();
        }
    }
}
