package org.leggio.embed;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of an embedding processor, for benchmarks and logs. Thread-safe; shared by every task of an
 * instance.
 */
public final class EmbedMetrics {
    private final AtomicLong embeddings = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong embedNanos = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();

    /** Notes one network call of {@code size} windows taking {@code nanos}, whose oldest window waited {@code waitedNanos}. */
    public void batch(int size, long nanos, long waitedNanos) {
        embeddings.addAndGet(size);
        batches.incrementAndGet();
        embedNanos.addAndGet(nanos);
        waitNanos.addAndGet(waitedNanos);
    }

    /** Embeddings emitted since the last reset. */
    public long embeddings() {
        return embeddings.get();
    }

    /** Network calls since the last reset. */
    public long batches() {
        return batches.get();
    }

    /** Mean windows per network call. */
    public double meanBatchSize() {
        long b = batches.get();
        return b == 0 ? 0 : (double) embeddings.get() / b;
    }

    /** Mean time of one network call, ms. */
    public double meanBatchMillis() {
        long b = batches.get();
        return b == 0 ? 0 : embedNanos.get() / 1e6 / b;
    }

    /** Mean time the oldest window of a batch waited for the batch to fill, ms. */
    public double meanWaitMillis() {
        long b = batches.get();
        return b == 0 ? 0 : waitNanos.get() / 1e6 / b;
    }

    /** Sets every counter to zero, e.g. after a benchmark's warm-up. */
    public void reset() {
        embeddings.set(0);
        batches.set(0);
        embedNanos.set(0);
        waitNanos.set(0);
    }
}
