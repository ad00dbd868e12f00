package org.leggio.embed;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.leggio.embed.internal.SessionWindowProcessor;
import org.leggio.embed.internal.ThreadBatcher;
import org.leggio.kafka.Topics;
import org.leggio.model.Embedder;

/**
 * The embedding processor's Kafka Streams topology:
 *
 * <pre>
 * leggio.audio.chunks ─► windows processor (stores {@value #CHUNKS_STORE}, {@value #SESSIONS_STORE}; changelogged)
 *                          └─ micro-batched network calls ─► leggio.audio.embeddings
 * </pre>
 */
public final class EmbeddingTopology {
    /** Each session's recent frames, one entry per chunk (key: session id, NUL, first frame). */
    public static final String CHUNKS_STORE = "embed-chunks";
    /** Each session's sequence numbers, newest frame, newest embedded frame, capture-time anchor. */
    public static final String SESSIONS_STORE = "embed-sessions";

    private static final String SOURCE = "chunks";
    private static final String PROCESSOR = "windows";
    private static final String SINK = "embeddings";

    private EmbeddingTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param config windows, hop and batching
     * @param embedder the network (thread-safe; shared by every task; not closed by the topology)
     * @param metrics counters shared by every task
     */
    public static Topology build(EmbedConfig config, Embedder embedder, EmbedMetrics metrics) {
        // one micro-batch per stream thread, shared by the thread's tasks, so a batch spans partitions
        ThreadLocal<ThreadBatcher> batchers = ThreadLocal.withInitial(() -> new ThreadBatcher(embedder, config, metrics));
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Topics.AUDIO_CHUNKS.valueSerde().deserializer(),
                Topics.AUDIO_CHUNKS_NAME);
        topology.addProcessor(PROCESSOR,
                () -> new SessionWindowProcessor(CHUNKS_STORE, SESSIONS_STORE, config, embedder, batchers::get),
                SOURCE);
        topology.addStateStore(store(CHUNKS_STORE), PROCESSOR);
        topology.addStateStore(store(SESSIONS_STORE), PROCESSOR);
        topology.addSink(SINK, Topics.AUDIO_EMBEDDINGS_NAME, Serdes.String().serializer(),
                Topics.AUDIO_EMBEDDINGS.valueSerde().serializer(), PROCESSOR);
        return topology;
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled().withLoggingEnabled(Map.of());
    }
}
