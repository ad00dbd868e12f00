package org.leggio.app;

import java.util.Locale;
import org.leggio.dataset.follow.FollowingPerformance;
import org.leggio.model.Embedder;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.EmbeddingModels;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;

/** The evaluation's scores: each ASAP score folder as library piece {@code asap-<folder>}, imported on first use. */
final class EvalScores {
    private final ScoreLibrary library;
    private final Embedder embedder;

    EvalScores(ScoreLibrary library, Embedder embedder) {
        this.library = library;
        this.embedder = embedder;
    }

    static String pieceId(String scoreFolder) {
        return "asap-" + scoreFolder.toLowerCase(Locale.ROOT).replace('/', '-');
    }

    ScoreIndex get(FollowingPerformance performance) {
        String id = pieceId(performance.scoreFolder());
        var found = library.find(id).filter(index -> EmbeddingModels.matches(index, embedder.info().modelId()));
        if (found.isPresent()) {
            return found.get();
        }
        System.err.println("importing " + performance.musicXml() + " as " + id + " …");
        // closing the importer stops its engraver, not the caller's embedder
        try (ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
            ImportRequest request = ImportRequest.of(java.util.List.of(performance.musicXml()),
                    PieceMetadata.getDefaultInstance()).withPieceId(id).withReplace(true);
            return importer.importScore(request, library, new ScoreCommand.Bars());
        }
    }
}
