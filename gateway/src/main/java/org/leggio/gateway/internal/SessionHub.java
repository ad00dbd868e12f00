package org.leggio.gateway.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every session's events from {@code leggio.positions} (read_committed) on one thread, keeps each
 * session's latest position, identification and page turn, and hands every event to the session's
 * subscribers. A subscriber must not block: {@link ClientQueue} coalesces and defers to the client's
 * event loop, so a slow client never holds up the consumer or the other clients.
 *
 * <p>On start it reads back the last {@value #REPLAY_RECORDS} records of each partition, so a viewer that
 * connects to a session already running gets its latest state at once.
 *
 * <p>Thread-safe. Lifecycle: {@link #start()}, then {@link #close()}.
 */
public final class SessionHub implements AutoCloseable {
    /** Records read back per partition on start, to know each running session's latest state. */
    static final int REPLAY_RECORDS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionHub.class);

    /** Receives a session's events; called on the hub's thread, must not block. */
    public interface Subscriber {
        void deliver(EncodedEvent event);
    }

    /**
     * Sees every session's events (e.g. the webhooks); called on the hub's thread, must not block.
     * {@code live} is false for events read back at start, which happened before the gateway ran.
     */
    public interface Listener {
        void event(String sessionId, EncodedEvent event, boolean live);
    }

    /** What a late subscriber needs first. */
    private static final class Latest {
        volatile EncodedEvent identification;
        volatile EncodedEvent pageTurn;
        volatile EncodedEvent position;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> liveFrom = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public SessionHub(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "leggio-gateway-positions");
        thread.setDaemon(true);
    }

    public void start() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.POSITIONS_NAME, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
        for (TopicPartition p : partitions) {
            consumer.seek(p, Math.max(begins.get(p), ends.get(p) - REPLAY_RECORDS));
            liveFrom.put(p, ends.get(p));
        }
        thread.start();
    }

    /** Adds a listener of every session's events (before {@link #start()}, to see the read-back too). */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Adds a subscriber and gives it the session's latest identification, page turn and position. */
    public void subscribe(String sessionId, Subscriber subscriber) {
        subscribers.computeIfAbsent(sessionId, s -> new CopyOnWriteArraySet<>()).add(subscriber);
        Latest state = latest.get(sessionId);
        if (state != null) {
            for (EncodedEvent event : new EncodedEvent[] {state.identification, state.pageTurn, state.position}) {
                if (event != null) {
                    subscriber.deliver(event);
                }
            }
        }
    }

    public void unsubscribe(String sessionId, Subscriber subscriber) {
        Set<Subscriber> set = subscribers.get(sessionId);
        if (set != null) {
            set.remove(subscriber);
        }
    }

    /** Sessions with a known state (for listings). */
    public List<String> sessionIds() {
        return new ArrayList<>(latest.keySet());
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    handle(record);
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the positions reader stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SessionEvent event;
        try {
            event = Topics.POSITIONS.valueSerde().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipped an unreadable event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        Long live = liveFrom.get(new TopicPartition(record.topic(), record.partition()));
        dispatch(record.key(), event, live == null || record.offset() >= live);
    }

    /** A live event (tests). */
    void dispatch(String sessionId, SessionEvent raw) {
        dispatch(sessionId, raw, true);
    }

    /** Remembers the event as the session's latest of its kind and hands it to the listeners and subscribers. */
    void dispatch(String sessionId, SessionEvent raw, boolean live) {
        Latest state = latest.computeIfAbsent(sessionId, s -> new Latest());
        EncodedEvent event = new EncodedEvent(raw);
        switch (raw.getEventCase()) {
            case POSITION -> state.position = event;
            case IDENTIFICATION -> state.identification = event;
            case PAGE_TURN -> state.pageTurn = event;
            default -> {
                return;
            }
        }
        for (Listener listener : listeners) {
            listener.event(sessionId, event, live);
        }
        Set<Subscriber> set = subscribers.get(sessionId);
        if (set != null) {
            for (Subscriber s : set) {
                s.deliver(event);
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
