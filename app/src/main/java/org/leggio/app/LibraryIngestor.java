package org.leggio.app;

import java.nio.file.Path;
import java.util.List;
import org.leggio.gateway.ScoreIngestor;
import org.leggio.model.Embedder;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportProgress;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;

/**
 * The gateway's score uploads, done as {@code leggio score add} does them: engrave or analyse the pages,
 * embed the snippets, add the piece to the library. Not thread-safe (the gateway calls it from one thread);
 * the caller owns and closes the embedder.
 */
final class LibraryIngestor implements ScoreIngestor, AutoCloseable {
    private final ScoreLibrary library;
    private final ScoreImporter importer;

    LibraryIngestor(Path libraryDir, Embedder embedder, EngraverOptions engraver) {
        this.library = ScoreLibrary.open(libraryDir);
        this.importer = new ScoreImporter(engraver, embedder);
    }

    @Override
    public ScoreIndex ingest(Path file, PieceMetadata metadata) {
        return importer.importScore(ImportRequest.of(List.of(file), metadata), library, ImportProgress.NONE);
    }

    @Override
    public ScoreIndex ingest(Path file, PieceMetadata metadata, Progress progress) {
        return importer.importScore(ImportRequest.of(List.of(file), metadata), library, new ImportProgress() {
            @Override
            public void pageDone(int pagesDone, int pageCount) {
                progress.update("pages", pageCount == 0 ? 1 : (double) pagesDone / pageCount);
            }

            @Override
            public void snippetsDone(int snippetsDone, int snippetCount) {
                progress.update("embedding", snippetCount == 0 ? 1 : (double) snippetsDone / snippetCount);
            }
        });
    }

    @Override
    public void close() {
        importer.close();
    }
}
