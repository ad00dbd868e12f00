package org.leggio.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.dsp.LogSpectrogram;
import org.leggio.proto.v1.AudioSourceKind;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;

class IngestPipelineTest {
    /** A source over an array; fails after {@code failAfter} samples when that is ≥ 0. */
    static final class ArraySource implements AudioSource {
        private final float[] samples;
        private final int rateHz;
        private final int failAfter;
        private int position;

        ArraySource(float[] samples, int rateHz, int failAfter) {
            this.samples = samples;
            this.rateHz = rateHz;
            this.failAfter = failAfter;
        }

        @Override
        public int sampleRateHz() {
            return rateHz;
        }

        @Override
        public int read(float[] buffer, int offset, int length) {
            if (failAfter >= 0 && position >= failAfter) {
                throw new IngestException("truncated: test source");
            }
            if (position >= samples.length) {
                return -1;
            }
            int n = Math.min(length, samples.length - position);
            System.arraycopy(samples, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public long captureTimeMicros(long sampleIndex) {
            return 5_000_000L + sampleIndex * 1_000_000L / rateHz;
        }

        @Override
        public AudioSourceKind kind() {
            return AudioSourceKind.AUDIO_SOURCE_KIND_FILE;
        }

        @Override
        public String description() {
            return "array";
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public void close() {}
    }

    private static float[] tone(int rateHz, double seconds) {
        float[] out = new float[(int) (rateHz * seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rateHz) + 0.1 * Math.sin(2 * Math.PI * 1500 * i / rateHz));
        }
        return out;
    }

    @Test
    void shouldChunkExactlyTheOfflineSpectrogramAtTheFrontEndRate() {
        float[] signal = tone(22050, 3.0);
        List<SpectrogramChunk> chunks = new ArrayList<>();
        IngestConfig config = IngestConfig.builder("s").encoding(ValueEncoding.VALUE_ENCODING_FLOAT32).framesPerChunk(3).build();
        IngestPipeline.IngestStats stats = new IngestPipeline(config).run(new ArraySource(signal, 22050, -1), chunks::add, null);
        float[][] offline = LogSpectrogram.compute(signal);
        assertEquals(60, stats.frames());
        assertEquals(21, stats.chunks()); // 20 full chunks + an empty end-of-stream chunk
        assertEquals(3.0, stats.audioSeconds(), 1e-9);
        for (SpectrogramChunk chunk : chunks) {
            float[] values = ChunkCodec.decode(chunk);
            for (int f = 0; f < chunk.getFrameCount(); f++) {
                int frame = (int) chunk.getFirstFrameIndex() + f;
                for (int b = 0; b < 92; b++) {
                    assertEquals(offline[b][frame], values[f * 92 + b], "band " + b + " frame " + frame);
                }
            }
            // Capture time of the frame's first sample: frame k starts floor(k * 1102.5) samples in.
            long expected = 5_000_000L + FrontEnd.frameStartSample(chunk.getFirstFrameIndex()) * 1_000_000L / 22050;
            assertEquals(expected, chunk.getCaptureTimeMicros());
        }
        assertTrue(chunks.get(chunks.size() - 1).getEndOfStream());
    }

    @Test
    void shouldResampleOtherRatesBeforeTheSpectrogram() {
        List<SpectrogramChunk> chunks = new ArrayList<>();
        IngestConfig config = IngestConfig.builder("s").encoding(ValueEncoding.VALUE_ENCODING_FLOAT32).build();
        IngestPipeline.IngestStats stats = new IngestPipeline(config).run(new ArraySource(tone(48000, 2.0), 48000, -1), chunks::add, null);
        assertEquals(40, stats.frames()); // 2 s at 22050 Hz = 44100 samples = 40 frames
        float[][] offline = LogSpectrogram.compute(tone(22050, 2.0));
        float[] frame20 = ChunkCodec.decode(chunks.get(10));
        for (int b = 0; b < 92; b++) {
            assertEquals(offline[b][20], frame20[b], 2e-3, "band " + b);
        }
        assertEquals(48000, chunks.get(0).getSourceSampleRateHz());
    }

    @Test
    void shouldEndTheStreamAndRethrowWhenTheSourceFails() {
        List<SpectrogramChunk> chunks = new ArrayList<>();
        IngestPipeline pipeline = new IngestPipeline(IngestConfig.builder("s").build());
        IngestException e = assertThrows(IngestException.class,
                () -> pipeline.run(new ArraySource(tone(22050, 3.0), 22050, 22050), chunks::add, null));
        assertEquals("truncated: test source", e.getMessage());
        assertTrue(chunks.get(chunks.size() - 1).getEndOfStream());
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).getSequenceNumber());
        }
    }

    @Test
    void shouldKeepTheOriginalFailureWhenTheSinkFailsToo() {
        RuntimeException sinkDown = new IllegalStateException("sink down");
        IngestPipeline pipeline = new IngestPipeline(IngestConfig.builder("s").build());
        RuntimeException e = assertThrows(RuntimeException.class, () -> pipeline.run(
                new ArraySource(tone(22050, 1.0), 22050, -1), chunk -> { throw sinkDown; }, null));
        assertSame(sinkDown, e);
    }

    @Test
    void shouldStopOnRequestWithEndOfStream() {
        List<SpectrogramChunk> chunks = new ArrayList<>();
        IngestPipeline pipeline = new IngestPipeline(IngestConfig.builder("s").build());
        IngestPipeline.IngestStats stats = pipeline.run(new ArraySource(tone(22050, 60.0), 22050, -1), chunks::add,
                progress -> pipeline.stop());
        assertTrue(stats.audioSeconds() < 2.0, "stopped after about one second, not " + stats.audioSeconds());
        assertTrue(chunks.get(chunks.size() - 1).getEndOfStream());
    }

    @Test
    void shouldPaceAFileAtTheSpeedOfLiveAudioInRealTimeMode() {
        IngestPipeline pipeline = new IngestPipeline(IngestConfig.builder("s").realtime(true).build());
        IngestPipeline.IngestStats stats = pipeline.run(new ArraySource(tone(22050, 1.0), 22050, -1), chunk -> { }, null);
        // A lower bound only: the pipeline must not run ahead of the audio.
        assertTrue(stats.wallSeconds() >= 0.95, "1 s of audio took " + stats.wallSeconds() + " s");
    }
}
