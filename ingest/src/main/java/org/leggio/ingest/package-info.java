/**
 * Leggio's audio side, up to spectrogram chunks on Kafka.
 *
 * <p>The public API: {@link org.leggio.ingest.AudioSource} (opened by {@code
 * source.AudioSources}), {@link org.leggio.ingest.IngestPipeline} (source → 22050 Hz → log
 * spectrogram → chunks), {@link org.leggio.ingest.KafkaChunkPublisher} and {@link
 * org.leggio.ingest.IngestService} (a session to Kafka, all or nothing), {@link
 * org.leggio.ingest.ChunkCodec} (chunk values), {@link org.leggio.ingest.FrontEnd} (constants and
 * the one place that converts samples, frames and time), {@link org.leggio.ingest.Spectrograms}
 * and {@link org.leggio.ingest.Npy} for offline inspection. The package knows nothing of
 * embeddings or scores.
 *
 * <p>Sub-packages: {@code dsp} (filterbank, spectrogram, resampler: arrays in, arrays out, no
 * allocation per frame), {@code chunk} (frames → protobuf chunks, float16), {@code source} (Java
 * Sound files, Gervill MIDI rendering, capture — the only code that touches {@code javax.sound}).
 */
package org.leggio.ingest;
