package org.leggio.gateway;

import java.nio.file.Path;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;

/**
 * Turns an uploaded score file into a piece of the library (engraving or page analysis, snippet
 * embeddings): what the gateway calls for {@code POST /api/pieces}. The gateway then publishes the index
 * on {@code leggio.scores}. Implementations may take seconds to minutes; they are called on the
 * gateway's upload thread, one at a time.
 */
@FunctionalInterface
public interface ScoreIngestor {
    /** Where an ingestion is, for the uploader's progress bar. Called on the ingesting thread. */
    @FunctionalInterface
    interface Progress {
        /**
         * @param stage what is being done, e.g. {@code "pages"} (engraving or reading) or {@code "embedding"}
         * @param fraction how much of that stage is done, in [0, 1]
         */
        void update(String stage, double fraction);
    }

    /**
     * @param file the uploaded file (its extension names the format: .pdf, .png, .jpg, .musicxml, .mxl)
     * @param metadata title, composer… as given with the upload (fields may be empty)
     * @return the piece as added to the library the gateway serves
     * @throws RuntimeException with a message a user can act on when the file is not a usable score
     */
    ScoreIndex ingest(Path file, PieceMetadata metadata);

    /** As {@link #ingest(Path, PieceMetadata)}, reporting progress; by default reports nothing. */
    default ScoreIndex ingest(Path file, PieceMetadata metadata, Progress progress) {
        return ingest(file, metadata);
    }
}
