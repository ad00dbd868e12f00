package org.leggio.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * What a topic should look like when {@link TopicAdmin#ensureTopics} creates it: name, partition
 * count, replication factor and topic-level configs (e.g. {@code retention.ms}). Immutable; the configs
 * map is an unmodifiable copy.
 *
 * @param name the topic name: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, not {@code "."} or {@code ".."}
 * @param partitions the partition count, at least 1
 * @param replicationFactor copies of each partition, at least 1 and at most the number of brokers
 * @param configs topic-level configs by Kafka key (see {@code org.apache.kafka.common.config.TopicConfig})
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    /** Kafka's limit on the length of a topic name. */
    public static final int MAX_NAME_LENGTH = 249;

    /**
     * Validates and copies the arguments.
     *
     * @throws IllegalArgumentException naming the problem if the name is illegal or a count is below 1
     * @throws NullPointerException if the name, the configs, or a config key or value is null
     */
    public TopicSpec {
        Objects.requireNonNull(name, "name can't be null");
        checkName(name);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of topic '" + name + "' must be >= 1 but was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor of topic '" + name + "' must be >= 1 but was " + replicationFactor);
        }
        Objects.requireNonNull(configs, "configs can't be null");
        configs = Map.copyOf(configs);
    }

    /**
     * Returns this spec with another partition count.
     *
     * @param newPartitions the partition count, at least 1
     * @return the new spec
     */
    public TopicSpec withPartitions(int newPartitions) {
        return new TopicSpec(name, newPartitions, replicationFactor, configs);
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("topic name must have 1 to " + MAX_NAME_LENGTH
                    + " characters but '" + name + "' has " + name.length());
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("topic name can't be '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new IllegalArgumentException("topic name '" + name + "' contains '" + c
                        + "'; only ASCII letters, digits, '.', '_' and '-' are allowed");
            }
        }
    }
}
