package org.leggio.tests;

import java.time.Duration;
import java.util.ArrayList;
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

/** Reads {@code leggio.audio.chunks} from the beginning, accumulating every session's chunks. */
final class ChunkTopicReader implements AutoCloseable {
    private final KafkaConsumer<String, SpectrogramChunk> consumer;
    private final Map<String, List<SpectrogramChunk>> bySession = new HashMap<>();

    ChunkTopicReader(String bootstrapServers, String isolationLevel) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), Topics.AUDIO_CHUNKS.valueSerde().deserializer());
        String topic = Topics.AUDIO_CHUNKS.name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (create it with leggio topics first)");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once and returns the chunks read so far for {@code sessionId}, in arrival order. */
    List<SpectrogramChunk> poll(String sessionId) {
        for (ConsumerRecord<String, SpectrogramChunk> record : consumer.poll(Duration.ofMillis(100))) {
            bySession.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        return List.copyOf(bySession.getOrDefault(sessionId, List.of()));
    }

    /** Every session key seen so far. */
    java.util.Set<String> sessions() {
        return bySession.keySet();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
