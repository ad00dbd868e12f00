package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns an {@link InputBatch} into an n×1×rows×columns float32 tensor whose memory the engine
 * owns, through a small pool of reused direct buffers.
 *
 * <p>Why: {@code NDManager.create(float[], shape)} copies the data into a fresh direct {@code
 * ByteBuffer} that the new tensor wraps (no copy on the native side); that memory is released only
 * when the garbage collector finds the buffer unreachable, so it piles up between collections
 * (≈30 kB per call, tens of MB between two young collections). Here the values go into a pooled
 * buffer, a tensor wrapping it is cloned into engine-owned memory ({@code duplicate()}), the
 * wrapping tensor is closed and the buffer goes back to the pool: the clone is freed when the
 * call's manager closes. (The clone is needed: {@code NDArray.set(ByteBuffer)} and {@code
 * create(ByteBuffer, …)} both make the PyTorch tensor alias the buffer, so a pooled buffer would be
 * overwritten under a running call by the next one.)
 */
final class InputTensors {
    private static final int MAX_POOLED = 8;

    private final ConcurrentLinkedQueue<ByteBuffer> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /** The batch as an NDArray in {@code manager}, not sharing memory with anything. */
    NDArray create(NDManager manager, InputBatch batch) {
        Shape shape = new Shape(batch.count(), 1, batch.rows(), batch.columns());
        int bytes = batch.data().length * Float.BYTES;
        ByteBuffer buffer = borrow(bytes);
        try {
            buffer.clear();
            buffer.asFloatBuffer().put(batch.data());
            buffer.limit(bytes);
            try (NDArray wrapping = manager.create(buffer, shape, DataType.FLOAT32)) {
                return wrapping.duplicate();
            }
        } finally {
            giveBack(buffer);
        }
    }

    private ByteBuffer borrow(int bytes) {
        ByteBuffer buffer = pool.poll();
        if (buffer != null) {
            pooled.decrementAndGet();
            if (buffer.capacity() >= bytes) {
                return buffer;
            }
        }
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    private void giveBack(ByteBuffer buffer) {
        if (pooled.incrementAndGet() <= MAX_POOLED) {
            pool.offer(buffer);
        } else {
            pooled.decrementAndGet();
        }
    }
}
