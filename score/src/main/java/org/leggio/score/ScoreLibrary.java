package org.leggio.score;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.leggio.model.StripImage;
import org.leggio.proto.v1.ScoreIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of scores: one folder per piece, {@code <library>/<pieceId>/}, holding
 * {@value #INDEX_FILE} (the binary {@code ScoreIndex}) and its page images {@code page-NNN.png}
 * (0-based NNN; {@code Page.image_ref} is relative to the library).
 *
 * <p>A piece appears all at once or not at all: it is written into a hidden staging folder inside
 * the library and renamed into place when complete, so an interrupted or failed ingestion leaves
 * nothing that {@link #list()} shows. Threading: reads are safe from any thread; two writers of the
 * same piece id race and one of them fails with {@link ScoreException}.
 */
public final class ScoreLibrary {
    /** File name of a piece's index. */
    public static final String INDEX_FILE = "score-index.pb";
    private static final Pattern PIECE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final String STAGING_PREFIX = ".staging-";
    private static final Logger LOG = LoggerFactory.getLogger(ScoreLibrary.class);

    private final Path dir;

    private ScoreLibrary(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) the library at {@code dir}. */
    public static ScoreLibrary open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ScoreException("cannot create the score library " + dir + ": " + e.getMessage(), e);
        }
        return new ScoreLibrary(dir.toAbsolutePath().normalize());
    }

    /** The default library: {@code -Dleggio.library}, else {@code ~/.leggio/library}. */
    public static Path defaultDir() {
        String explicit = System.getProperty("leggio.library");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return Path.of(System.getProperty("user.home"), ".leggio", "library");
    }

    public Path dir() {
        return dir;
    }

    /** Whether {@code id} is a valid piece id: lower-case letters, digits, '.', '_', '-'; ≤ 128 chars. */
    public static boolean isValidPieceId(String id) {
        return id != null && PIECE_ID.matcher(id).matches();
    }

    /** The pieces in the library, sorted by id. A broken entry is logged and left out. */
    public List<ScoreIndex> list() {
        List<ScoreIndex> pieces = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!isValidPieceId(name) || !Files.isRegularFile(entry.resolve(INDEX_FILE))) {
                    continue;
                }
                try {
                    pieces.add(read(entry.resolve(INDEX_FILE)));
                } catch (ScoreException e) {
                    LOG.warn("skipping {}: {}", entry, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new ScoreException("cannot list the score library " + dir + ": " + e.getMessage(), e);
        }
        pieces.sort(Comparator.comparing(ScoreIndex::getPieceId));
        return pieces;
    }

    public boolean contains(String pieceId) {
        return isValidPieceId(pieceId) && Files.isRegularFile(dir.resolve(pieceId).resolve(INDEX_FILE));
    }

    /** The piece, if present. */
    public Optional<ScoreIndex> find(String pieceId) {
        return contains(pieceId) ? Optional.of(read(dir.resolve(pieceId).resolve(INDEX_FILE))) : Optional.empty();
    }

    /**
     * The piece.
     *
     * @throws ScoreException if there is no such piece (the message lists what there is)
     */
    public ScoreIndex get(String pieceId) {
        return find(pieceId).orElseThrow(() -> new ScoreException("no piece '" + pieceId + "' in the library " + dir
                + " (it has: " + String.join(", ", list().stream().map(ScoreIndex::getPieceId).toList()) + ")"));
    }

    /**
     * Resolves a page image reference of a piece, refusing any path outside the library.
     *
     * @throws ScoreException if the reference leaves the library or names no file
     */
    public Path resolvePageImage(String imageRef) {
        Path resolved = dir.resolve(imageRef).normalize();
        if (!resolved.startsWith(dir) || resolved.equals(dir)) {
            throw new ScoreException("page image reference leaves the library: " + imageRef);
        }
        if (!Files.isRegularFile(resolved)) {
            throw new ScoreException("page image not found: " + imageRef);
        }
        return resolved;
    }

    /** Reads a page image of a piece as grey. */
    public StripImage readPage(ScoreIndex piece, int pageIndex) {
        try {
            return StripImage.read(resolvePageImage(piece.getPages(pageIndex).getImageRef()));
        } catch (IOException e) {
            throw new ScoreException("cannot read page " + pageIndex + " of " + piece.getPieceId() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts writing a new piece.
     *
     * @param replace whether an existing piece of that id may be replaced on commit
     * @throws ScoreException if the id is invalid, or taken and {@code replace} is false
     */
    public Staging stage(String pieceId, boolean replace) {
        if (!isValidPieceId(pieceId)) {
            throw new ScoreException("invalid piece id '" + pieceId
                    + "': use lower-case letters, digits, '.', '_' and '-' (at most 128)");
        }
        if (!replace && contains(pieceId)) {
            throw new ScoreException("the library already has a piece '" + pieceId
                    + "' (give another --id, or --replace it)");
        }
        try {
            return new Staging(pieceId, replace, Files.createTempDirectory(dir, STAGING_PREFIX + pieceId + "-"));
        } catch (IOException e) {
            throw new ScoreException("cannot write to the score library " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes a piece; returns whether it was there. */
    public boolean remove(String pieceId) {
        if (!contains(pieceId)) {
            return false;
        }
        deleteTree(dir.resolve(pieceId));
        return true;
    }

    private static ScoreIndex read(Path file) {
        try {
            return ScoreIndex.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new ScoreException("not a ScoreIndex: " + file + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ScoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {} completely: {}", root, e.getMessage());
        }
    }

    /**
     * A piece being written. Write its pages, then {@link #commit} its index; {@link #close} without
     * a commit removes everything written. Not thread-safe.
     */
    public final class Staging implements AutoCloseable {
        private final String pieceId;
        private final boolean replace;
        private final Path folder;
        private boolean committed;

        private Staging(String pieceId, boolean replace, Path folder) {
            this.pieceId = pieceId;
            this.replace = replace;
            this.folder = folder;
        }

        public String pieceId() {
            return pieceId;
        }

        /** Writes page {@code pageIndex} as PNG; returns its reference relative to the library. */
        public String writePage(int pageIndex, StripImage page) {
            String name = String.format("page-%03d.png", pageIndex);
            try {
                page.writePng(folder.resolve(name));
            } catch (IOException e) {
                throw new ScoreException("cannot write page " + pageIndex + " of " + pieceId + ": " + e.getMessage(), e);
            }
            return pieceId + "/" + name;
        }

        /** Writes the index and moves the piece into place atomically. */
        public void commit(ScoreIndex index) {
            if (!index.getPieceId().equals(pieceId)) {
                throw new IllegalArgumentException("index is for " + index.getPieceId() + ", staging is for " + pieceId);
            }
            Path target = dir.resolve(pieceId);
            try {
                Files.write(folder.resolve(INDEX_FILE), index.toByteArray());
                if (Files.exists(target)) {
                    if (!replace) {
                        throw new ScoreException("the library already has a piece '" + pieceId + "'");
                    }
                    Path old = Files.createTempDirectory(dir, STAGING_PREFIX + "old-");
                    Files.move(target, old.resolve(pieceId), StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(old);
                }
                try {
                    Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(folder, target);
                }
                committed = true;
            } catch (IOException e) {
                throw new ScoreException("cannot add " + pieceId + " to the library: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                deleteTree(folder);
            }
        }
    }
}
