package org.leggio.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedService;
import org.leggio.model.Embedder;

/** The embedding service of a pipeline benchmark, started only when the measured path includes it. */
final class EmbeddingStage implements AutoCloseable {
    private final EmbedService service;

    private EmbeddingStage(EmbedService service) {
        this.service = service;
    }

    static EmbeddingStage start(List<PipelineBenchmark.Stage> stages, String bootstrap, Path stateDir, Embedder embedder,
            int maxBatch, int maxWaitMillis) {
        if (!stages.contains(PipelineBenchmark.Stage.ALL)) {
            return new EmbeddingStage(null);
        }
        EmbedConfig config = EmbedConfig.defaults().withBatching(maxBatch, maxWaitMillis);
        EmbedService service = new EmbedService(bootstrap, "leggio-bench-embed", stateDir, config, embedder, Map.of());
        service.start(Duration.ofSeconds(120));
        return new EmbeddingStage(service);
    }

    void resetMetrics() {
        if (service != null) {
            service.metrics().reset();
        }
    }

    /** The embedding side of the last run: batches, their mean size, network time and wait per batch. */
    String describe() {
        if (service == null || service.metrics().batches() == 0) {
            return "";
        }
        var m = service.metrics();
        return String.format(Locale.ROOT, "   batches %d, mean size %.1f, network %.1f ms/batch, fill wait %.1f ms", m.batches(),
                m.meanBatchSize(), m.meanBatchMillis(), m.meanWaitMillis());
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
    }
}
