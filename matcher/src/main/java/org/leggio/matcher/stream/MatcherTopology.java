package org.leggio.matcher.stream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.leggio.kafka.Topics;
import org.leggio.matcher.stream.internal.ScoreCatalog;
import org.leggio.matcher.stream.internal.ScoreStoreUpdater;
import org.leggio.matcher.stream.internal.SessionProcessor;
import org.leggio.proto.v1.ScoreIndex;

/**
 * The matcher's Kafka Streams topology:
 *
 * <pre>
 * leggio.audio.embeddings ─┐
 *                          ├─► sessions processor (store {@value #SESSIONS_STORE}, changelogged) ─► leggio.positions
 * leggio.session.commands ─┘            ▲ reads
 * leggio.scores (compacted) ─► global store {@value #SCORES_STORE} ─► the instance's score catalog
 * </pre>
 *
 * <p>Embeddings and commands are keyed by session id and co-partitioned, so a session's inputs and its
 * state meet in one task. Every instance reads all scores.
 */
public final class MatcherTopology {
    /** Per-session matcher state, changelogged. */
    public static final String SESSIONS_STORE = "matcher-sessions";
    /** Every score index, read from the compacted scores topic. */
    public static final String SCORES_STORE = "matcher-scores";

    private static final String EMBEDDINGS_SOURCE = "embeddings";
    private static final String COMMANDS_SOURCE = "commands";
    private static final String SESSIONS_PROCESSOR = "sessions";
    private static final String POSITIONS_SINK = "positions";

    private MatcherTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param config the matcher settings
     * @param catalog the pieces of this instance; filled from the scores topic (one catalog per
     *     {@code KafkaStreams} instance)
     */
    public static Topology build(MatcherStreamConfig config, ScoreCatalog catalog) {
        Topology topology = new Topology();
        topology.addSource(EMBEDDINGS_SOURCE, Serdes.String().deserializer(),
                Topics.AUDIO_EMBEDDINGS.valueSerde().deserializer(), Topics.AUDIO_EMBEDDINGS.name());
        topology.addSource(COMMANDS_SOURCE, Serdes.String().deserializer(),
                Topics.SESSION_COMMANDS.valueSerde().deserializer(), Topics.SESSION_COMMANDS.name());
        topology.addProcessor(SESSIONS_PROCESSOR,
                () -> new SessionProcessor(SESSIONS_STORE, SCORES_STORE, config, catalog), EMBEDDINGS_SOURCE,
                COMMANDS_SOURCE);
        topology.addStateStore(sessionsStore(), SESSIONS_PROCESSOR);
        topology.addSink(POSITIONS_SINK, Topics.POSITIONS.name(), Serdes.String().serializer(),
                Topics.POSITIONS.valueSerde().serializer(), SESSIONS_PROCESSOR);
        topology.addGlobalStore(scoresStore(), "scores-source", Serdes.String().deserializer(),
                Topics.SCORES.valueSerde().deserializer(), Topics.SCORES.name(), "scores-updater",
                () -> new ScoreStoreUpdater(SCORES_STORE, catalog));
        return topology;
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> sessionsStore() {
        // caching: a session's state is written on every embedding, but only the last write before a
        // commit needs to reach the changelog
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSIONS_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(java.util.Map.of());
    }

    private static StoreBuilder<KeyValueStore<String, ScoreIndex>> scoresStore() {
        // a global store restores from its source topic; it must not have a changelog of its own
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCORES_STORE), Serdes.String(),
                Topics.SCORES.valueSerde()).withLoggingDisabled();
    }
}
