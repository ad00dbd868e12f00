package org.leggio.ingest;

import org.leggio.proto.v1.SpectrogramChunk;

/**
 * Receives the chunks of one session in sequence order. Called on the ingest thread; an
 * implementation that throws stops the ingest (nothing after the failing chunk is sent).
 */
@FunctionalInterface
public interface ChunkSink {
    /** Takes one chunk; the last one of a session has {@code end_of_stream} set. */
    void accept(SpectrogramChunk chunk);
}
