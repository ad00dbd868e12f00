/**
 * The exact front end of the published model, on plain arrays: {@link
 * org.leggio.ingest.dsp.LogFilterbank}, the streaming {@link org.leggio.ingest.dsp.LogSpectrogram}
 * and the band-limited {@link org.leggio.ingest.dsp.Resampler}. No I/O, no capture, no Kafka; all
 * buffers allocated at construction. Instances are single-threaded.
 */
package org.leggio.ingest.dsp;
