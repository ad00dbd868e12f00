package org.leggio.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.SpectrogramChunk;

/** Reads a session's chunks back (read_committed) and checks the sequence, for the CLI's summary. */
final class ChunkVerifier {
    private ChunkVerifier() {}

    /** The outcome: {@code ok} false when the chunks read back are not what was sent. */
    record Result(boolean ok, String message) {}

    static Result verify(String bootstrapServers, String sessionId, long expectedChunks) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = Topics.AUDIO_CHUNKS.name();
        try (KafkaConsumer<String, SpectrogramChunk> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.AUDIO_CHUNKS.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long next = 0;
            long frames = 0;
            boolean ended = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!ended && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpectrogramChunk> record : consumer.poll(Duration.ofMillis(200))) {
                    SpectrogramChunk chunk = record.value();
                    if (!sessionId.equals(record.key())) {
                        continue;
                    }
                    if (chunk.getSequenceNumber() != next) {
                        return new Result(false, "verify failed: expected chunk " + next + " but read " + chunk.getSequenceNumber());
                    }
                    next++;
                    frames += chunk.getFrameCount();
                    ended = chunk.getEndOfStream();
                }
            }
            if (!ended || next != expectedChunks) {
                return new Result(false, "verify failed: read " + next + " of " + expectedChunks + " chunks"
                        + (ended ? "" : ", no end-of-stream"));
            }
            return new Result(true, String.format("verified: read back %d chunks (%d frames) of session %s from %s with read_committed:"
                    + " gap-free, ending with end-of-stream", next, frames, sessionId, topic));
        }
    }
}
