package org.leggio.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedService;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio embed}: one instance of the embedding processor, until Ctrl-C. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Runs one embedding-processor instance until Ctrl-C: spectrogram chunks (leggio.audio.chunks) in,",
            "audio embeddings (leggio.audio.embeddings) out, exactly once, the windows of concurrent sessions embedded",
            "in micro-batches. The network runs on a GPU when DJL sees one. Start more instances with the same",
            "--application-id to share the sessions."})
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    ModelOption model;

    @Mixin
    ServiceOptions service;

    @Option(names = "--max-batch", defaultValue = "32", description = "Most windows per network call (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "10", description = "Longest wait for a batch to fill, ms (default: ${DEFAULT-VALUE}).")
    int maxWaitMillis;

    @Option(names = "--idle-expiry", paramLabel = "SECONDS", defaultValue = "600",
            description = "Forget a session after this long without audio (default: ${DEFAULT-VALUE} s).")
    long idleExpirySeconds;

    @Override
    public Integer call() throws Exception {
        EmbedConfig config;
        try {
            config = new EmbedConfig(AudioEmbeddingRun.HOP_FRAMES, maxBatch, maxWaitMillis,
                    Duration.ofSeconds(idleExpirySeconds), org.leggio.ingest.Loudness.RECENT_FRAMES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad option: " + e.getMessage(), e);
        }
        java.util.Map<String, Object> overrides = service.overrides();
        try (Embedder embedder = Embedders.open(model.resolve());
                KafkaOptions.Connection connection = kafka.connect()) {
            Path stateDir = service.stateDirectory("embed");
            try (EmbedService embed = new EmbedService(connection.bootstrapServers(),
                    service.applicationId(EmbedService.DEFAULT_APPLICATION_ID), stateDir, config, embedder,
                    overrides)) {
                CountDownLatch stopped = ServiceRunner.stopOnShutdown(embed::close, "leggio-embed-shutdown");
                embed.start(Duration.ofSeconds(120));
                System.out.printf("leggio embed: running on %s (model %s on %s, state in %s). Ctrl-C stops it.%n",
                        connection.bootstrapServers(), embedder.info().modelId(), embedder.info().device(), stateDir);
                stopped.await();
            }
        }
        return 0;
    }
}
