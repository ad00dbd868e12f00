package org.leggio.kafka;

import com.google.protobuf.Message;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One Leggio topic: its name, the serdes of its keys (always strings) and values (a protobuf message),
 * and the defaults from which its {@link TopicSpec} is built. The instances live in {@link Topics};
 * immutable and thread-safe.
 *
 * @param <V> the protobuf message type of the values
 */
public final class Topic<V extends Message> {

    /** How a topic's partition count is chosen. */
    public enum Partitioning {
        /**
         * Keyed by session id and co-partitioned with every other session topic: all of them get the
         * same, configurable partition count, so a session's records of every kind land on the same
         * partition number and can be joined.
         */
        BY_SESSION,
        /**
         * A single partition, whatever the session partition count: for topics read whole by every
         * instance, such as the score indexes.
         */
        SINGLE
    }

    private final String name;
    private final String keyDescription;
    private final ProtoSerde<V> valueSerde;
    private final Partitioning partitioning;
    private final Map<String, String> configs;

    Topic(String name, String keyDescription, ProtoSerde<V> valueSerde, Partitioning partitioning,
          Map<String, String> configs) {
        this.name = Objects.requireNonNull(name, "name can't be null");
        this.keyDescription = Objects.requireNonNull(keyDescription, "keyDescription can't be null");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde can't be null");
        this.partitioning = Objects.requireNonNull(partitioning, "partitioning can't be null");
        this.configs = Map.copyOf(configs);
    }

    /** The topic name, e.g. {@code "leggio.audio.chunks"}. */
    public String name() {
        return name;
    }

    /** What the record keys hold, e.g. {@code "session id"}. */
    public String keyDescription() {
        return keyDescription;
    }

    /** The serde of the keys: UTF-8 strings. */
    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** The serde of the values. */
    public ProtoSerde<V> valueSerde() {
        return valueSerde;
    }

    /** How the partition count is chosen. */
    public Partitioning partitioning() {
        return partitioning;
    }

    /** The topic-level configs a new topic gets (unmodifiable). */
    public Map<String, String> configs() {
        return configs;
    }

    /**
     * Returns the spec of this topic.
     *
     * @param sessionPartitions the partition count shared by the {@link Partitioning#BY_SESSION} topics,
     *     at least 1; ignored by a {@link Partitioning#SINGLE} topic
     * @param replicationFactor copies of each partition, at least 1
     * @return the spec
     * @throws IllegalArgumentException if a count is below 1
     */
    public TopicSpec spec(int sessionPartitions, short replicationFactor) {
        if (sessionPartitions < 1) {
            throw new IllegalArgumentException("sessionPartitions must be >= 1 but was " + sessionPartitions);
        }
        int partitions = partitioning == Partitioning.BY_SESSION ? sessionPartitions : 1;
        return new TopicSpec(name, partitions, replicationFactor, configs);
    }

    @Override
    public String toString() {
        return "Topic{" + name + ", key=" + keyDescription + ", value=" + valueSerde.typeName() + '}';
    }
}
