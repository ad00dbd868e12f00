package org.leggio.dataset.training;

import java.util.Objects;
import java.util.SplittableRandom;
import org.leggio.dataset.AudioWindow;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.PairBatch;
import org.leggio.model.train.PairBatchSource;

/**
 * Random, augmented training pairs from a {@link TrainingData}: each batch item is a pair drawn
 * uniformly (with replacement) from all pairs of the split, its audio window cut as {@link
 * AudioWindow} says and both halves augmented as the {@link Augmentation} says.
 *
 * <p>Batch {@code k} (the k-th call of {@link #next}, from 0) is {@link #batch batch(k, size)}: a
 * pure function of the seed, {@code k} and its size. {@link #next} is called from one thread;
 * while the caller trains, a daemon thread prepares the next two batches of the same size (or
 * several threads one batch each, see the six-argument constructor), ended by {@link #close}.
 * {@link #batch} is thread-safe. A batch allocates only its own two arrays.
 */
public final class PairSampler implements PairBatchSource, AutoCloseable {
    private final TrainingData data;
    private final int audioFrames;
    private final AudioWindow window;
    private final Augmentation augmentation;
    private final long seed;
    private final Prefetcher<PairBatch> prefetcher;

    /**
     * A sampler preparing batches on one thread; starts no thread until the first {@link #next}.
     *
     * @param data the split to draw from
     * @param audioFrames T, frames per audio window (20 fps), ≥ 1
     * @param window where the window lies around the onset
     * @param augmentation how to perturb each pair ({@link Augmentation#none()} for plain cuts)
     * @param seed seeds every random draw
     */
    public PairSampler(TrainingData data, int audioFrames, AudioWindow window, Augmentation augmentation, long seed) {
        this(data, audioFrames, window, augmentation, seed, 1);
    }

    /**
     * A sampler preparing up to {@code prefetchThreads} batches at once on as many daemon threads
     * (for trainers that consume pairs faster than one thread cuts them: one thread makes roughly
     * 10,000 pairs/s at T = 84). The batches are the same whatever the thread count.
     *
     * @param prefetchThreads ≥ 1
     */
    public PairSampler(TrainingData data, int audioFrames, AudioWindow window, Augmentation augmentation, long seed,
            int prefetchThreads) {
        this.data = Objects.requireNonNull(data, "data");
        this.audioFrames = PairCutter.checkAudioFrames(audioFrames);
        this.window = Objects.requireNonNull(window, "window");
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.seed = seed;
        this.prefetcher = new Prefetcher<>(this::batch, "pair-sampler", prefetchThreads);
    }

    /** The next random batch; see the class comment. */
    @Override
    public PairBatch next(int batchSize) {
        checkSize(batchSize);
        return prefetcher.next(batchSize);
    }

    /**
     * Batch number {@code batchIndex} of {@code size} random pairs, computed now on the calling
     * thread (the same batch {@link #next} returns as its {@code batchIndex}-th result).
     */
    public PairBatch batch(long batchIndex, int size) {
        checkSize(size);
        SplittableRandom random = Prefetcher.random(seed, batchIndex);
        float[] sheet = new float[size * PairBatch.SHEET_VALUES];
        float[] audio = new float[size * NetworkSpec.AUDIO_BANDS * audioFrames];
        PairCutter cutter = new PairCutter(data, audioFrames, window);
        for (int i = 0; i < size; i++) {
            cutter.cut(random.nextInt(data.pairCount()), augmentation, random, sheet, audio, i);
        }
        return new PairBatch(size, audioFrames, sheet, audio);
    }

    @Override
    public int audioFrames() {
        return audioFrames;
    }

    /** Stops the preparing thread; {@link #next} then throws. Idempotent. */
    @Override
    public void close() {
        prefetcher.close();
    }

    /**
     * The first {@code count} pairs of {@link FixedPairs} as one batch: pairs at {@code
     * linspace(0, pairCount − 1, count)}, not augmented, deterministic — for validation and CCA
     * refits that fit in memory (25,000 pairs at T = 84 take 1.6 GB; stream them with {@link
     * FixedPairs} instead).
     *
     * @param count pairs wanted; all pairs if the split has fewer
     */
    public static PairBatch fixed(TrainingData data, int count, int audioFrames, AudioWindow window) {
        FixedPairs pairs = new FixedPairs(data, count, audioFrames, window);
        return pairs.batch(0, pairs.count());
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch needs at least one pair but size was " + size);
        }
    }
}
