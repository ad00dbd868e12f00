package org.leggio.app;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.SessionEvent;

/** A read_committed consumer of every partition of {@code leggio.positions}, from now on (no group). */
final class PositionsTail {
    private PositionsTail() {
    }

    /**
     * @param fetchMaxWaitMillis how long an empty fetch waits (small for latency measurements)
     */
    static KafkaConsumer<String, SessionEvent> fromNow(String bootstrap, int fetchMaxWaitMillis) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMillis);
        KafkaConsumer<String, SessionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.POSITIONS.valueSerde());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSITIONS_NAME).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end offsets now, so that nothing produced after this call is missed
        partitions.forEach(consumer::position);
        return consumer;
    }
}
