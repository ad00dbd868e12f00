package org.leggio.matcher.stream.internal;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.leggio.proto.v1.ScoreIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global scores store and the instance's {@link ScoreCatalog} in step with the compacted
 * {@code leggio.scores} topic: a score published while the matcher runs is usable by the next embedding.
 * Runs on the global stream thread.
 */
public final class ScoreStoreUpdater implements Processor<String, ScoreIndex, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreStoreUpdater.class);

    private final String storeName;
    private final ScoreCatalog catalog;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ScoreIndex> store;

    public ScoreStoreUpdater(String storeName, ScoreCatalog catalog) {
        this.storeName = storeName;
        this.catalog = catalog;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        catalog.loadOnce(store);
    }

    @Override
    public void process(Record<String, ScoreIndex> record) {
        if (record.key() == null || record.key().isEmpty()) {
            LOG.error("skipped a score record with no piece id (key) at {}", RecordPlace.of(context));
            return;
        }
        try {
            store.put(record.key(), record.value());
            catalog.put(record.key(), record.value());
        } catch (RuntimeException e) {
            LOG.error("skipped score {} at {}: {}", record.key(), RecordPlace.of(context), e.getMessage(), e);
        }
    }
}
