package org.leggio.dataset.training;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hands out batches {@code 0, 1, 2, …} of a deterministic producer, preparing the next ones on
 * daemon threads while the caller works: {@value #DEPTH} ahead with one thread, one per thread with
 * more. Batch {@code k} depends only on {@code k} and its size, so the sequence is the same however
 * many threads there are. {@link #next} must be called from one thread; if the size changes,
 * prepared batches of the old size are dropped.
 *
 * @param <B> the batch type
 */
final class Prefetcher<B> implements AutoCloseable {
    /** Batches prepared ahead by one thread. */
    static final int DEPTH = 2;

    /** Makes batch {@code batchIndex} of {@code size} items; must be thread-safe. */
    interface Producer<B> {
        B produce(long batchIndex, int size);
    }

    private record Pending<B>(int size, Future<B> batch) {}

    private final Producer<B> producer;
    private final String threadName;
    private final int threads;
    private final int depth;
    private final ArrayDeque<Pending<B>> pending = new ArrayDeque<>();
    private ExecutorService executor;
    private long nextIndex;
    private boolean closed;

    Prefetcher(Producer<B> producer, String threadName, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("prefetchThreads must be ≥ 1 but was " + threads);
        }
        this.producer = producer;
        this.threadName = threadName;
        this.threads = threads;
        this.depth = Math.max(DEPTH, threads);
    }

    /** Batch number {@code n} of the calls so far, of {@code size} items. */
    B next(int size) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long index = nextIndex++;
        Pending<B> head = pending.poll();
        B batch;
        if (head != null && head.size() == size) {
            batch = await(head.batch());
        } else {
            if (head != null) {
                head.batch().cancel(false);
            }
            pending.forEach(p -> p.batch().cancel(false));
            pending.clear();
            batch = producer.produce(index, size);
        }
        while (pending.size() < depth) {
            long ahead = index + 1 + pending.size();
            pending.add(new Pending<>(size, executor().submit(() -> producer.produce(ahead, size))));
        }
        return batch;
    }

    /** Stops the thread; prepared batches are dropped. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pending.forEach(p -> p.batch().cancel(true));
        pending.clear();
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** A random generator for batch {@code batchIndex} of a sampler seeded {@code seed}. */
    static SplittableRandom random(long seed, long batchIndex) {
        return new SplittableRandom(mix(seed + mix(batchIndex + 0x9E3779B97F4A7C15L)));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    private static <B> B await(Future<B> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("preparing a batch failed: " + cause, cause);
        }
    }
}
