package org.leggio.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.SessionEvent;

/** Reads leggio.positions from the beginning with read_committed, on its own thread, per session. */
final class PositionsReader implements AutoCloseable {
    private final Map<String, List<SessionEvent>> bySession = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivalNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    PositionsReader(String bootstrap, int partitionCount) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, SessionEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.POSITIONS.valueSerde());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new TopicPartition(Topics.POSITIONS_NAME, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, SessionEvent> r : consumer.poll(Duration.ofMillis(100))) {
                        bySession.computeIfAbsent(r.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(r.value());
                        arrivalNanos.computeIfAbsent(r.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(System.nanoTime());
                    }
                }
            }
        }, "positions-reader");
        thread.start();
    }

    /** The longest time between two consecutive events of a session reaching this reader, seconds. */
    double longestPauseSeconds(String session) {
        List<Long> times = List.copyOf(arrivalNanos.getOrDefault(session, List.of()));
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        return longest / 1e9;
    }

    List<SessionEvent> events(String session) {
        return List.copyOf(bySession.getOrDefault(session, List.of()));
    }

    /** Whether every session has at least {@code count} events (or more: a duplicate fails later). */
    boolean ended(List<String> sessions, int count) {
        return sessions.stream().allMatch(s -> events(s).size() >= count);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
