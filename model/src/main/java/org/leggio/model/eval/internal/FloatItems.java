package org.leggio.model.eval.internal;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence of equally long float items (one pair's sheet snippet or audio window, flattened in C
 * order), kept on the heap or read from a memory-mapped {@code .npy} file, so large pair sets are
 * not loaded whole. Implementations are immutable and thread-safe.
 */
public interface FloatItems {
    /** Number of items. */
    int size();

    /** Floats per item. */
    int itemLength();

    /** Copies item {@code index} into {@code dst} (length {@link #itemLength()}). */
    void copy(int index, float[] dst);

    /** Heap items; the list and its arrays must not be modified afterwards. */
    static FloatItems of(List<float[]> items, int itemLength) {
        List<float[]> copy = List.copyOf(items);
        return new FloatItems() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public int itemLength() {
                return itemLength;
            }

            @Override
            public void copy(int index, float[] dst) {
                System.arraycopy(copy.get(index), 0, dst, 0, itemLength);
            }
        };
    }

    /** The items {@code indices[0], indices[1], …} of {@code base}. */
    static FloatItems select(FloatItems base, int[] indices) {
        int[] idx = indices.clone();
        return new FloatItems() {
            @Override
            public int size() {
                return idx.length;
            }

            @Override
            public int itemLength() {
                return base.itemLength();
            }

            @Override
            public void copy(int index, float[] dst) {
                base.copy(idx[index], dst);
            }
        };
    }

    /**
     * Maps the data of a checked {@code .npy} file (see {@link Npy#readHeader}); items are slices
     * along the first axis. The mapping stays valid after the file is closed.
     */
    static FloatItems map(Path path, Npy.Header header) throws IOException {
        int count = header.shape()[0];
        long itemLength = header.valueCount() / Math.max(1, count);
        if (count == 0) {
            itemLength = 1;
            for (int i = 1; i < header.shape().length; i++) {
                itemLength *= header.shape()[i];
            }
        }
        if (itemLength * Float.BYTES > Integer.MAX_VALUE) {
            throw new IOException(path + ": items of " + itemLength + " floats are too large");
        }
        return new MappedItems(path, header.dataOffsetBytes(), count, (int) itemLength);
    }

    /** Memory-mapped items, in segments of at most 1 GiB of whole items. */
    final class MappedItems implements FloatItems {
        private static final long SEGMENT_BYTES = 1L << 30;
        private final List<MappedByteBuffer> segments = new ArrayList<>();
        private final int count;
        private final int itemLength;
        private final int itemsPerSegment;

        private MappedItems(Path path, long offset, int count, int itemLength) throws IOException {
            this.count = count;
            this.itemLength = itemLength;
            long itemBytes = (long) itemLength * Float.BYTES;
            this.itemsPerSegment = (int) Math.max(1, SEGMENT_BYTES / Math.max(1, itemBytes));
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                for (int first = 0; first < count; first += itemsPerSegment) {
                    int items = Math.min(itemsPerSegment, count - first);
                    segments.add(channel.map(FileChannel.MapMode.READ_ONLY, offset + first * itemBytes, items * itemBytes));
                }
            }
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public int itemLength() {
            return itemLength;
        }

        @Override
        public void copy(int index, float[] dst) {
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException("item " + index + " of " + count);
            }
            MappedByteBuffer segment = segments.get(index / itemsPerSegment);
            int byteOffset = (index % itemsPerSegment) * itemLength * Float.BYTES;
            segment.slice(byteOffset, itemLength * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst);
        }
    }
}
