package org.leggio.matcher.stream.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.proto.v1.ScoreIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pieces one matcher instance can identify and follow: a {@link PieceLibrary} kept in step with the
 * global scores store. The global thread adds and removes pieces as score records arrive; stream threads
 * read the current library. Pieces embedded with another model than the instance's are left out and
 * reported, since their snippet embeddings cannot be compared with the audio's.
 *
 * <p>Thread-safe: writers are serialised, readers see an immutable library through a volatile field.
 * Adding a piece builds a new library (copy-on-write); the tracks are rebuilt, which takes milliseconds
 * per piece.
 */
public final class ScoreCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreCatalog.class);

    private final String modelId;
    private final Map<String, ScoreIndex> pieces = new TreeMap<>();
    private volatile PieceLibrary library = PieceLibrary.of(List.of());
    private boolean loaded;

    /**
     * @param modelId the model whose embeddings this instance receives; pieces of other models are left
     *     out (empty: accept the model of the first piece seen)
     */
    public ScoreCatalog(String modelId) {
        this.modelId = modelId == null ? "" : modelId;
    }

    /** The current library (immutable; a newer one replaces it when pieces change). */
    public PieceLibrary library() {
        return library;
    }

    /** Loads every piece of the global store once (the store is restored before processing starts). */
    public synchronized void loadOnce(ReadOnlyKeyValueStore<String, ScoreIndex> store) {
        if (loaded) {
            return;
        }
        loaded = true;
        int before = pieces.size();
        try (KeyValueIterator<String, ScoreIndex> all = store.all()) {
            all.forEachRemaining(entry -> accept(entry.key, entry.value));
        }
        rebuild();
        LOG.info("score catalog: {} pieces loaded from the scores store ({} before)", pieces.size(), before);
    }

    /** Adds or replaces a piece (a null index removes it). */
    public synchronized void put(String pieceId, ScoreIndex index) {
        if (index == null) {
            if (pieces.remove(pieceId) != null) {
                LOG.info("score catalog: piece {} removed", pieceId);
                rebuild();
            }
            return;
        }
        if (accept(pieceId, index)) {
            rebuild();
            LOG.info("score catalog: piece {} added ({} pieces, {} identification snippets)", pieceId, pieces.size(),
                    library.snippetCount());
        }
    }

    private boolean accept(String pieceId, ScoreIndex index) {
        String pieceModel = index.getFollowGrid().getModelId();
        String expected = expectedModel();
        if (index.getFollowGrid().getStripXPxCount() == 0) {
            LOG.error("score catalog: piece {} has no snippet embeddings; left out", pieceId);
            return false;
        }
        if (!expected.isEmpty() && !expected.equals(pieceModel)) {
            LOG.error("score catalog: piece {} was embedded with model {}, this matcher expects {}; left out "
                    + "(re-add it with `leggio score add --model` of the matcher's model)", pieceId, pieceModel, expected);
            return false;
        }
        pieces.put(pieceId, index.getPieceId().equals(pieceId) ? index : index.toBuilder().setPieceId(pieceId).build());
        return true;
    }

    private String expectedModel() {
        if (!modelId.isEmpty() || pieces.isEmpty()) {
            return modelId;
        }
        return pieces.values().iterator().next().getFollowGrid().getModelId();
    }

    private void rebuild() {
        library = PieceLibrary.of(new ArrayList<>(pieces.values()));
    }
}
