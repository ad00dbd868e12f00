package org.leggio.dataset.training;

import java.util.Objects;
import org.leggio.dataset.AudioWindow;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.PairBatch;
import org.leggio.model.train.PairBatchSource;

/**
 * A fixed, evenly spread selection of a split's pairs, cut without augmentation — the validation
 * and CCA-refit set: the pairs at {@code linspace(0, pairCount − 1, count)} (NumPy's, truncated to
 * int), in that order. {@link #next} walks them in batches so a large set never has to be in memory
 * at once.
 *
 * <p>{@link #batch} is thread-safe; {@link #next} and {@link #reset} keep a position and are for one
 * thread.
 */
public final class FixedPairs implements PairBatchSource {
    private final TrainingData data;
    private final int audioFrames;
    private final AudioWindow window;
    private final int[] pairIndices;
    private int position;

    /**
     * The selection.
     *
     * @param count pairs wanted, ≥ 1; all pairs of the split if it has fewer
     * @param audioFrames T, frames per audio window (20 fps), ≥ 1
     */
    public FixedPairs(TrainingData data, int count, int audioFrames, AudioWindow window) {
        this.data = Objects.requireNonNull(data, "data");
        this.audioFrames = PairCutter.checkAudioFrames(audioFrames);
        this.window = Objects.requireNonNull(window, "window");
        if (count < 1) {
            throw new IllegalArgumentException("count must be ≥ 1 but was " + count);
        }
        this.pairIndices = linspace(data.pairCount(), Math.min(count, data.pairCount()));
    }

    /** {@code np.linspace(0, n − 1, count).astype(int)}. */
    static int[] linspace(int n, int count) {
        int[] indices = new int[count];
        double step = count == 1 ? 0 : (double) (n - 1) / (count - 1);
        for (int i = 0; i < count; i++) {
            indices[i] = (int) (i * step);
        }
        indices[count - 1] = count == 1 ? 0 : n - 1; // NumPy sets the endpoint exactly
        return indices;
    }

    /** Number of selected pairs. */
    public int count() {
        return pairIndices.length;
    }

    /** The index in the split (0 … pairCount − 1) of selected pair {@code i}. */
    public int pairIndex(int i) {
        return pairIndices[i];
    }

    /** The piece of selected pair {@code i}, for per-piece evaluation. */
    public String pieceId(int i) {
        return data.pieceIdOfPair(pairIndices[i]);
    }

    /**
     * Selected pairs {@code [first, first + size)} as one batch, computed on the calling thread.
     *
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, count)} or is empty
     */
    public PairBatch batch(int first, int size) {
        if (size < 1 || first < 0 || first + size > pairIndices.length) {
            throw new IndexOutOfBoundsException("pairs [" + first + ", " + (first + size) + ") of " + pairIndices.length);
        }
        float[] sheet = new float[size * PairBatch.SHEET_VALUES];
        float[] audio = new float[size * NetworkSpec.AUDIO_BANDS * audioFrames];
        PairCutter cutter = new PairCutter(data, audioFrames, window);
        Augmentation none = Augmentation.none();
        for (int i = 0; i < size; i++) {
            cutter.cut(pairIndices[first + i], none, null, sheet, audio, i);
        }
        return new PairBatch(size, audioFrames, sheet, audio);
    }

    /**
     * The next {@code batchSize} selected pairs in order; the batch that reaches the end of the
     * selection is shorter (the rest), and the call after it starts again at pair 0. One pass is
     * thus {@code ceil(count / batchSize)} calls.
     */
    @Override
    public PairBatch next(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch needs at least one pair but size was " + batchSize);
        }
        int size = Math.min(batchSize, pairIndices.length - position);
        PairBatch batch = batch(position, size);
        position = position + size == pairIndices.length ? 0 : position + size;
        return batch;
    }

    /** Where the next {@link #next} starts (0 … count − 1). */
    public int position() {
        return position;
    }

    /** Makes the next {@link #next} start at pair 0. */
    public void reset() {
        position = 0;
    }

    @Override
    public int audioFrames() {
        return audioFrames;
    }
}
