package org.leggio.ingest;

import org.leggio.proto.v1.AudioSourceKind;

/**
 * A pull source of mono audio samples at the source's own sample rate: a file, a rendered MIDI
 * file or a live capture device.
 *
 * <p><b>Samples.</b> Values are floats on the int16 scale {@code int16 / 32767}, so full scale is
 * about ±1. Several channels are mixed to mono by their mean; for 16-bit PCM the mean is taken in
 * integers and truncated toward zero exactly as NumPy's {@code np.mean(s, axis=-1).astype(np.int16)}
 * does ({@code (L + R) / 2} in Java), then divided by 32767. The published model depends on this
 * convention. Samples are not resampled: {@link #sampleRateHz()} is the rate of the data.
 *
 * <p><b>Threading and lifecycle.</b> A source is single-threaded: one thread calls {@link #read}
 * until it returns -1, then {@link #close()}. Only {@code close()} may be called from another
 * thread, to stop a live source that is blocked in {@code read}. A source must always be closed
 * (use try-with-resources); closing twice is harmless. Memory use is constant however long the
 * input: data is streamed, never loaded whole.
 *
 * <pre>{@code
 * try (AudioSource source = AudioSources.openFile(path)) {
 *     float[] block = new float[4096];
 *     long index = 0;
 *     int n;
 *     while ((n = source.read(block, 0, block.length)) > 0) {
 *         long firstSampleMicros = source.captureTimeMicros(index);
 *         process(block, n, firstSampleMicros);
 *         index += n;
 *     }
 * }
 * }</pre>
 */
public interface AudioSource extends AutoCloseable {

    /**
     * The sample rate of the samples {@link #read} delivers.
     *
     * @return samples per second, Hz, &gt; 0
     */
    int sampleRateHz();

    /**
     * Reads up to {@code length} mono samples into {@code buffer[offset, offset + n)}.
     *
     * <p>Blocks until at least one sample is available: briefly for a file or MIDI source, until
     * audio is captured for a live one. It may deliver fewer samples than asked for.
     *
     * @param buffer destination
     * @param offset first index written
     * @param length maximum number of samples, &gt; 0
     * @return the number of samples read, &gt; 0, or -1 at the end of the audio (or once a live
     *     source was closed)
     * @throws IngestException on a decode error or when the audio ends before its header said
     * @throws IllegalStateException if a file or MIDI source is closed
     * @throws IndexOutOfBoundsException if the range is outside {@code buffer}
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    int read(float[] buffer, int offset, int length);

    /**
     * The capture time of a delivered sample, in microseconds since the Unix epoch (UTC).
     *
     * <p>For a file or MIDI source it is the instant the source was opened plus {@code
     * sampleIndex / sampleRateHz()}. For a live source it is derived from the capture line's frame
     * position, anchored when capture started, and not from the wall clock when a read returned.
     *
     * @param sampleIndex index of a sample, 0 = the first sample this source delivered, &ge; 0
     * @return microseconds since 1970-01-01T00:00:00Z
     * @throws IllegalArgumentException if {@code sampleIndex} is negative
     */
    long captureTimeMicros(long sampleIndex);

    /**
     * What kind of source this is, for the {@code source_kind} field of published chunks.
     *
     * @return the kind, never {@code AUDIO_SOURCE_KIND_UNSPECIFIED}
     */
    AudioSourceKind kind();

    /**
     * What this source reads, for logs and messages.
     *
     * @return the file path or the capture device's name
     */
    String description();

    /**
     * Whether the audio arrives in real time (a capture device) rather than as fast as it can be
     * decoded (a file or a rendered MIDI file).
     *
     * @return {@code true} for a live source
     */
    boolean isLive();

    /** Releases the file, synthesizer or capture line. Idempotent; never throws a checked exception. */
    @Override
    void close();
}
