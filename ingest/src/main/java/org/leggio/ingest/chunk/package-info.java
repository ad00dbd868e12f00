/**
 * Spectrogram frames → {@code SpectrogramChunk} messages: {@link org.leggio.ingest.chunk.Chunker}
 * (gap-free sequence, capture times, end of stream) and {@link org.leggio.ingest.chunk.Float16}
 * (IEEE binary16 for Java 17).
 */
package org.leggio.ingest.chunk;
