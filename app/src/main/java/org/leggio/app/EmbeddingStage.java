package org.leggio.app;

import java.nio.file.Path;
import java.util.List;
import org.leggio.model.Embedder;

/** The embedding service of a pipeline benchmark, started only when the measured path includes it. */
final class EmbeddingStage implements AutoCloseable {
    private EmbeddingStage() {
    }

    static EmbeddingStage start(List<PipelineBenchmark.Stage> stages, String bootstrap, Path stateDir, Embedder embedder,
            int maxBatch, int maxWaitMillis) {
        if (stages.contains(PipelineBenchmark.Stage.ALL)) {
            throw new UnsupportedOperationException("stage all needs the embedding service");
        }
        return new EmbeddingStage();
    }

    void resetMetrics() {
    }

    String describe() {
        return "";
    }

    @Override
    public void close() {
    }
}
