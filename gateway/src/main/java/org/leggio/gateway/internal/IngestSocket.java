package org.leggio.gateway.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteOrder;
import org.leggio.ingest.IngestConfig;
import org.leggio.ingest.IngestPipeline;
import org.leggio.ingest.IngestService;
import org.leggio.ingest.KafkaChunkPublisher;
import org.leggio.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser microphone streaming into a session ({@code /ws/ingest/{id}?rate=HZ}): binary frames of
 * little-endian float32 mono samples go through the same front end as any source (resampling,
 * spectrogram, chunks) on a thread of their own, and the chunks to {@code leggio.audio.chunks} at once.
 * The text frame {@code end} (or closing the socket) ends the session's audio.
 */
final class IngestSocket {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSocket.class);

    private final BrowserAudioSource source;
    private final Thread thread;

    private IngestSocket(BrowserAudioSource source, Thread thread) {
        this.source = source;
        this.thread = thread;
    }

    static IngestSocket start(String bootstrap, String sessionId, int sampleRateHz) {
        BrowserAudioSource source = new BrowserAudioSource(sampleRateHz, "browser microphone of session " + sessionId);
        IngestConfig config = IngestConfig.builder(sessionId).build();
        Thread thread = new Thread(() -> {
            try (KafkaChunkPublisher publisher = new KafkaChunkPublisher(bootstrap, Topics.AUDIO_CHUNKS_NAME, sessionId,
                    KafkaChunkPublisher.Delivery.IMMEDIATE, Topics.AUDIO_CHUNKS.valueSerde().serializer())) {
                var stats = IngestService.publish(source, new IngestPipeline(config), publisher, null);
                LOG.info("session {}: browser audio ended after {} s", sessionId, stats.audioSeconds());
            } catch (RuntimeException e) {
                LOG.error("session {}: browser audio failed: {}", sessionId, e.getMessage(), e);
            } finally {
                source.close();
            }
        }, "leggio-gateway-ingest-" + sessionId);
        thread.setDaemon(true);
        thread.start();
        return new IngestSocket(source, thread);
    }

    /**
     * Takes one binary frame of samples.
     *
     * @return false when the frame is not whole float32 samples or the client is far ahead of real time
     */
    boolean accept(ByteBuf frame) {
        if (frame.readableBytes() % 4 != 0) {
            return false;
        }
        float[] samples = new float[frame.readableBytes() / 4];
        for (int i = 0; i < samples.length; i++) {
            float v = frame.getFloatLE(frame.readerIndex() + 4 * i);
            samples[i] = Float.isFinite(v) ? Math.max(-1f, Math.min(1f, v)) : 0f;
        }
        return source.offer(samples);
    }

    void end() {
        source.end();
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    static ByteOrder order() {
        return ByteOrder.LITTLE_ENDIAN;
    }
}
