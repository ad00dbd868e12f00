package org.leggio.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.proto.v1.SpectrogramChunk;

/**
 * The registry of Leggio's topics: every topic, with its serdes and creation defaults, is defined here
 * once. Keys are strings; values are protobuf messages of {@code org.leggio.proto.v1}.
 *
 * <table>
 *   <caption>Leggio topics</caption>
 *   <tr><th>topic</th><th>key</th><th>value</th><th>partitions</th><th>retention</th></tr>
 *   <tr><td>{@value #AUDIO_CHUNKS_NAME}</td><td>session id</td><td>SpectrogramChunk</td><td>session</td>
 *       <td>delete after 1 day</td></tr>
 *   <tr><td>{@value #AUDIO_EMBEDDINGS_NAME}</td><td>session id</td><td>AudioEmbedding</td><td>session</td>
 *       <td>delete after 1 day</td></tr>
 *   <tr><td>{@value #SESSION_COMMANDS_NAME}</td><td>session id</td><td>SessionCommand</td><td>session</td>
 *       <td>delete after 7 days</td></tr>
 *   <tr><td>{@value #POSITIONS_NAME}</td><td>session id</td><td>SessionEvent</td><td>session</td>
 *       <td>delete after 7 days</td></tr>
 *   <tr><td>{@value #SCORES_NAME}</td><td>piece id</td><td>ScoreIndex</td><td>1</td>
 *       <td>compacted: the latest index of each piece is kept</td></tr>
 * </table>
 *
 * <p>All session-keyed topics share one partition count ({@link #DEFAULT_SESSION_PARTITIONS} unless
 * configured) so that they are co-partitioned. Build the specs with {@link #specs(int, short)} and
 * create them with {@link TopicAdmin#ensureTopics}.
 *
 * <p>All fields are immutable and thread-safe.
 */
public final class Topics {

    /** Default partition count of the session-keyed topics. */
    public static final int DEFAULT_SESSION_PARTITIONS = 4;

    /** Default replication factor: 1, for the single embedded broker. */
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    /** Retention of the audio topics: one day, in milliseconds. */
    public static final long AUDIO_RETENTION_MS = 24L * 60 * 60 * 1000;

    /** Retention of the session command and event topics: seven days, in milliseconds. */
    public static final long SESSION_RETENTION_MS = 7 * AUDIO_RETENTION_MS;

    /**
     * Largest record the scores topic accepts: 64 MiB, since a score index holds the embeddings of
     * every page. Producers must raise {@code max.request.size} (default 1 MiB) to send such records.
     */
    public static final int SCORES_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    /** Name of {@link #AUDIO_CHUNKS}. */
    public static final String AUDIO_CHUNKS_NAME = "leggio.audio.chunks";
    /** Name of {@link #AUDIO_EMBEDDINGS}. */
    public static final String AUDIO_EMBEDDINGS_NAME = "leggio.audio.embeddings";
    /** Name of {@link #SESSION_COMMANDS}. */
    public static final String SESSION_COMMANDS_NAME = "leggio.session.commands";
    /** Name of {@link #POSITIONS}. */
    public static final String POSITIONS_NAME = "leggio.positions";
    /** Name of {@link #SCORES}. */
    public static final String SCORES_NAME = "leggio.scores";

    /** Spectrogram chunks captured from a session's audio, keyed by session id. */
    public static final Topic<SpectrogramChunk> AUDIO_CHUNKS = new Topic<>(AUDIO_CHUNKS_NAME, "session id",
            ProtoSerde.of(SpectrogramChunk.parser()), Topic.Partitioning.BY_SESSION, deleteAfter(AUDIO_RETENTION_MS));

    /** Audio embeddings computed from the chunks, keyed by session id. */
    public static final Topic<AudioEmbedding> AUDIO_EMBEDDINGS = new Topic<>(AUDIO_EMBEDDINGS_NAME, "session id",
            ProtoSerde.of(AudioEmbedding.parser()), Topic.Partitioning.BY_SESSION, deleteAfter(AUDIO_RETENTION_MS));

    /** Commands to a session's follower (resync, reset, pause), keyed by session id. */
    public static final Topic<SessionCommand> SESSION_COMMANDS = new Topic<>(SESSION_COMMANDS_NAME, "session id",
            ProtoSerde.of(SessionCommand.parser()), Topic.Partitioning.BY_SESSION,
            deleteAfter(SESSION_RETENTION_MS));

    /** Position updates, page turns and identifications of a session, keyed by session id. */
    public static final Topic<SessionEvent> POSITIONS = new Topic<>(POSITIONS_NAME, "session id",
            ProtoSerde.of(SessionEvent.parser()), Topic.Partitioning.BY_SESSION, deleteAfter(SESSION_RETENTION_MS));

    /** Score indexes, keyed by piece id; compacted, so the latest index of each piece is kept. */
    public static final Topic<ScoreIndex> SCORES = new Topic<>(SCORES_NAME, "piece id",
            ProtoSerde.of(ScoreIndex.parser()), Topic.Partitioning.SINGLE, Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SCORES_MAX_MESSAGE_BYTES)));

    private static final List<Topic<?>> ALL =
            List.of(AUDIO_CHUNKS, AUDIO_EMBEDDINGS, SESSION_COMMANDS, POSITIONS, SCORES);

    private Topics() {
    }

    /** Every Leggio topic, in a fixed order. */
    public static List<Topic<?>> all() {
        return ALL;
    }

    /**
     * Finds a Leggio topic by name.
     *
     * @param name the topic name
     * @return the topic, or empty if {@code name} is not a Leggio topic
     */
    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /**
     * The specs of every Leggio topic.
     *
     * @param sessionPartitions the partition count of every session-keyed topic, at least 1
     * @param replicationFactor copies of each partition, at least 1
     * @return the specs, in the order of {@link #all()}
     * @throws IllegalArgumentException if a count is below 1
     */
    public static List<TopicSpec> specs(int sessionPartitions, short replicationFactor) {
        return ALL.stream().map(topic -> topic.spec(sessionPartitions, replicationFactor)).toList();
    }

    /** The specs of every Leggio topic with {@link #DEFAULT_SESSION_PARTITIONS} and replication factor 1. */
    public static List<TopicSpec> specs() {
        return specs(DEFAULT_SESSION_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    }

    private static Map<String, String> deleteAfter(long retentionMs) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
    }
}
