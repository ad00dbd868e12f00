package org.leggio.ingest;

import java.util.Objects;

/**
 * One ingest session end to end: a source through the front end into a {@link
 * KafkaChunkPublisher}, all or nothing. The publisher's transaction is committed only when the
 * pipeline finished; any failure aborts it and is rethrown.
 */
public final class IngestService {
    private IngestService() {}

    /**
     * Runs the session on the calling thread.
     *
     * @param pipeline the configured pipeline (kept by the caller so it can {@link
     *     IngestPipeline#stop()} a live session)
     * @param progress optional, may be null
     */
    public static IngestPipeline.IngestStats publish(AudioSource source, IngestPipeline pipeline,
            KafkaChunkPublisher publisher, IngestPipeline.ProgressListener progress) {
        Objects.requireNonNull(source, "source can't be null");
        publisher.begin();
        try {
            IngestPipeline.IngestStats stats = pipeline.run(source, publisher, progress);
            publisher.commit();
            return stats;
        } catch (RuntimeException e) {
            publisher.abort();
            throw e;
        }
    }
}
