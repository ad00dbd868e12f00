package org.leggio.ingest;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.leggio.ingest.chunk.Chunker;
import org.leggio.ingest.dsp.LogSpectrogram;
import org.leggio.ingest.dsp.Resampler;

/**
 * Runs one session's audio through the front end: source → mono 22050 Hz (band-limited
 * resampling) → log-frequency spectrogram → chunks → a {@link ChunkSink}.
 *
 * <p>{@link #run} blocks the calling thread until the source ends or {@link #stop()} is called,
 * then sends the end-of-stream chunk. If the source fails, the frames so far and an end-of-stream
 * chunk are still sent (an all-or-nothing sink discards them) and the failure is rethrown. Memory is constant: blocks of {@link
 * IngestConfig#blockSizeSamples()} are processed as they are read. With {@link
 * IngestConfig#realtime()} a file or MIDI source is paced to the speed of live audio.
 */
public final class IngestPipeline {
    /** Progress callback, called on the ingest thread about once per second of audio. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(IngestStats stats);
    }

    /** What a run did. {@code audioSeconds} is the duration of audio consumed. */
    public record IngestStats(long frames, long chunks, double audioSeconds, double wallSeconds) {}

    private final IngestConfig config;
    private volatile boolean stopRequested;

    public IngestPipeline(IngestConfig config) {
        this.config = Objects.requireNonNull(config, "config can't be null");
    }

    /** Asks a running {@link #run} to finish after the current block; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Processes {@code source} to its end into {@code sink}. */
    public IngestStats run(AudioSource source, ChunkSink sink, ProgressListener progress) {
        int sourceRateHz = source.sampleRateHz();
        Resampler resampler = new Resampler(sourceRateHz, FrontEnd.SAMPLE_RATE_HZ);
        LogSpectrogram spectrogram = new LogSpectrogram();
        Chunker chunker = new Chunker(config.sessionId(), config.framesPerChunk(), config.encoding(),
                source.kind(), sourceRateHz, frame -> source.captureTimeMicros(
                        sourceSampleOf(FrontEnd.frameStartSample(frame), sourceRateHz)), sink);
        float[] block = new float[config.blockSizeSamples()];
        float[] resampled = new float[resampler.maxOutput(block.length)];
        boolean paced = config.realtime() && !source.isLive();
        long startNanos = System.nanoTime();
        long sourceSamples = 0;
        long nextProgressSamples = sourceRateHz;
        try {
            int read;
            while (!stopRequested && (read = source.read(block, 0, block.length)) > 0) {
                sourceSamples += read;
                if (paced) {
                    waitUntil(startNanos + sourceSamples * 1_000_000_000L / sourceRateHz);
                }
                int produced = resampler.process(block, 0, read, resampled, 0);
                spectrogram.process(resampled, 0, produced, chunker);
                if (progress != null && sourceSamples >= nextProgressSamples) {
                    nextProgressSamples += sourceRateHz;
                    progress.onProgress(stats(spectrogram, chunker, sourceSamples, sourceRateHz, startNanos));
                }
            }
        } catch (RuntimeException e) {
            endAfterFailure(chunker, spectrogram, e);
            throw e;
        }
        int produced = resampler.flush(resampled, 0);
        spectrogram.process(resampled, 0, produced, chunker);
        spectrogram.finish(chunker);
        chunker.endOfStream(spectrogram.framesEmitted());
        IngestStats stats = stats(spectrogram, chunker, sourceSamples, sourceRateHz, startNanos);
        if (progress != null) {
            progress.onProgress(stats);
        }
        return stats;
    }

    /** Tells consumers the session is over (their state can go) even though the source failed. */
    private static void endAfterFailure(Chunker chunker, LogSpectrogram spectrogram, RuntimeException failure) {
        try {
            chunker.endOfStream(spectrogram.framesEmitted());
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }

    private static IngestStats stats(LogSpectrogram spectrogram, Chunker chunker, long sourceSamples,
            int sourceRateHz, long startNanos) {
        return new IngestStats(spectrogram.framesEmitted(), chunker.chunkCount(),
                (double) sourceSamples / sourceRateHz, (System.nanoTime() - startNanos) / 1e9);
    }

    /** The source sample index at the same instant as {@code sample22050} of the analysed signal. */
    static long sourceSampleOf(long sample22050, int sourceRateHz) {
        return sample22050 * sourceRateHz / FrontEnd.SAMPLE_RATE_HZ;
    }

    private static void waitUntil(long deadlineNanos) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
