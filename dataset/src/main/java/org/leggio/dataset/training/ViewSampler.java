package org.leggio.dataset.training;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.PairBatch;
import org.leggio.model.train.ViewBatch;
import org.leggio.model.train.ViewBatchSource;

/**
 * Two augmented views of random unpaired inputs, for contrastive pre-training of one encoder
 * (PAPER-SPEC §4.3); uses only the strips or only the spectrograms of a {@link TrainingData}.
 *
 * <p><b>Audio</b> ({@link #audio}): a spectrogram and a window start are drawn uniformly over all
 * window positions of the split (a spectrogram shorter than T is padded with silence). View 1 is
 * the T frames from there; view 2 starts {@code U{0 … ⌊0.3·T⌋ − 1}} frames later with probability
 * 0.5, else at the same frame. Each view independently: time resampling around its centre frame
 * (as {@link Augmentation}'s tempo) at rate {@code U(0.5, 1.8)} with probability 0.4; a frequency
 * mask of {@code U{1 … 18}} adjacent bands set to 0 with probability 0.35; gain {@code U(0.8, 1.2)}
 * multiplying every value.
 *
 * <p><b>Sheet</b> ({@link #sheet}): a strip column is drawn uniformly over all columns of all
 * strips. View 1 is centred on it; view 2 moves {@code U{−40 … 40}} px horizontally with
 * probability 0.65. Each view independently: nearest scaling by {@code U(0.9, 1.1)} with
 * probability 0.45; a vertical shift of {@code U{−10 … 10}} px with probability 0.65; a 3 × 3 box
 * blur with probability 0.25; gaussian noise of standard deviation {@code U(0, 0.1)} (clipped to
 * [0, 1]) with probability 0.25. Shifts are px of the full-resolution strip.
 *
 * <p>Batch {@code k} (the k-th call of {@link #next}) is {@link #batch batch(k, size)}, a pure
 * function of the seed, {@code k} and the size. {@link #next} is called from one thread; one daemon
 * thread prepares the next two batches meanwhile (ended by {@link #close}). {@link #batch} is
 * thread-safe.
 */
public final class ViewSampler implements ViewBatchSource, AutoCloseable {
    static final double AUDIO_SHIFT_PROBABILITY = 0.5;
    static final double AUDIO_MAX_SHIFT_FRACTION = 0.3;
    static final double TEMPO_PROBABILITY = 0.4;
    static final double TEMPO_MIN = 0.5;
    static final double TEMPO_MAX = 1.8;
    static final double MASK_PROBABILITY = 0.35;
    static final int MASK_MAX_BANDS = 18;
    static final double GAIN_MIN = 0.8;
    static final double GAIN_MAX = 1.2;
    static final double SCALE_PROBABILITY = 0.45;
    static final double SCALE_MIN = 0.9;
    static final double SCALE_MAX = 1.1;
    static final double HORIZONTAL_SHIFT_PROBABILITY = 0.65;
    static final int MAX_HORIZONTAL_SHIFT_PX = 40;
    static final double VERTICAL_SHIFT_PROBABILITY = 0.65;
    static final int MAX_VERTICAL_SHIFT_PX = 10;
    static final double NOISE_PROBABILITY = 0.25;
    static final double NOISE_MAX_STD = 0.1;
    static final double BLUR_PROBABILITY = 0.25;
    /** Draws of an audio item before a silent one is kept (only a corpus of silence comes that far). */
    static final int MAX_SILENT_DRAWS = 64;

    private final TrainingData data;
    private final ViewBatch.Modality modality;
    private final int audioFrames;
    private final long seed;
    /** Cumulative window positions (audio) or columns (sheet) before each spectrogram or strip. */
    private final long[] cumulative;
    private final Prefetcher<ViewBatch> prefetcher;

    private ViewSampler(TrainingData data, ViewBatch.Modality modality, int audioFrames, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.modality = modality;
        this.audioFrames = audioFrames;
        this.seed = seed;
        int n = modality == ViewBatch.Modality.AUDIO ? data.spectrogramCount() : data.stripCount();
        this.cumulative = new long[n + 1];
        for (int i = 0; i < n; i++) {
            long positions = modality == ViewBatch.Modality.AUDIO
                    ? Math.max(1, data.spectrogramFrames(i) - audioFrames + 1) : data.strip(i).widthPx();
            cumulative[i + 1] = cumulative[i] + positions;
        }
        this.prefetcher = new Prefetcher<>(this::batch, "view-sampler", 1);
    }

    /**
     * Audio views of T frames from the split's spectrograms.
     *
     * @param audioFrames T, frames per view (20 fps), ≥ 1
     */
    public static ViewSampler audio(TrainingData data, int audioFrames, long seed) {
        return new ViewSampler(data, ViewBatch.Modality.AUDIO, PairCutter.checkAudioFrames(audioFrames), seed);
    }

    /** 80 × 100 sheet views from the split's strips. */
    public static ViewSampler sheet(TrainingData data, long seed) {
        return new ViewSampler(data, ViewBatch.Modality.SHEET, 0, seed);
    }

    /** The next batch of {@code size} items; see the class comment. */
    @Override
    public ViewBatch next(int size) {
        checkSize(size);
        return prefetcher.next(size);
    }

    /** Batch number {@code batchIndex} of {@code size} items, computed now on the calling thread. */
    public ViewBatch batch(long batchIndex, int size) {
        checkSize(size);
        SplittableRandom random = Prefetcher.random(seed, batchIndex);
        int per = modality == ViewBatch.Modality.AUDIO ? NetworkSpec.AUDIO_BANDS * audioFrames : PairBatch.SHEET_VALUES;
        float[] first = new float[size * per];
        float[] second = new float[size * per];
        if (modality == ViewBatch.Modality.AUDIO) {
            AudioCutter cutter = new AudioCutter(audioFrames);
            for (int i = 0; i < size; i++) {
                audioItem(random, cutter, first, second, i * per);
            }
        } else {
            SheetCutter cutter = new SheetCutter();
            for (int i = 0; i < size; i++) {
                sheetItem(random, cutter, first, second, i * per);
            }
        }
        return new ViewBatch(modality, size, audioFrames, first, second);
    }

    @Override
    public ViewBatch.Modality modality() {
        return modality;
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

    private void audioItem(SplittableRandom random, AudioCutter cutter, float[] first, float[] second, int offset) {
        int length = NetworkSpec.AUDIO_BANDS * audioFrames;
        for (int attempt = 0; attempt < MAX_SILENT_DRAWS; attempt++) {
            long position = random.nextLong(cumulative[cumulative.length - 1]);
            int spectrogram = locate(position);
            int startFrame = (int) (position - cumulative[spectrogram]);
            int maxShift = (int) (AUDIO_MAX_SHIFT_FRACTION * audioFrames);
            int secondStart = startFrame
                    + (maxShift > 0 && random.nextDouble() < AUDIO_SHIFT_PROBABILITY ? random.nextInt(maxShift) : 0);
            audioView(random, cutter, spectrogram, startFrame, first, offset);
            audioView(random, cutter, spectrogram, secondStart, second, offset);
            // a silent view (the lead-in or tail of a recording) has nothing to learn from, and a fresh
            // network embeds it as a zero vector, whose cosine with anything is undefined
            if (!silent(first, offset, length) && !silent(second, offset, length)) {
                return;
            }
        }
    }

    private static boolean silent(float[] views, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (views[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void audioView(SplittableRandom random, AudioCutter cutter, int spectrogram, int startFrame, float[] out,
            int offset) {
        double rate = random.nextDouble() < TEMPO_PROBABILITY ? PairCutter.uniform(random, TEMPO_MIN, TEMPO_MAX) : 1;
        int centre = audioFrames / 2;
        cutter.cut(data.spectrogram(spectrogram), data.spectrogramFrames(spectrogram), startFrame + centre, centre, rate,
                out, offset);
        if (random.nextDouble() < MASK_PROBABILITY) {
            int bands = 1 + random.nextInt(MASK_MAX_BANDS);
            int firstBand = random.nextInt(NetworkSpec.AUDIO_BANDS - bands + 1);
            Arrays.fill(out, offset + firstBand * audioFrames, offset + (firstBand + bands) * audioFrames, 0f);
        }
        float gain = (float) PairCutter.uniform(random, GAIN_MIN, GAIN_MAX);
        for (int i = offset, end = offset + NetworkSpec.AUDIO_BANDS * audioFrames; i < end; i++) {
            out[i] *= gain;
        }
    }

    private void sheetItem(SplittableRandom random, SheetCutter cutter, float[] first, float[] second, int offset) {
        long position = random.nextLong(cumulative[cumulative.length - 1]);
        int strip = locate(position);
        int xPx = (int) (position - cumulative[strip]);
        int secondXPx = xPx + (random.nextDouble() < HORIZONTAL_SHIFT_PROBABILITY
                ? PairCutter.symmetric(random, MAX_HORIZONTAL_SHIFT_PX) : 0);
        sheetView(random, cutter, data.strip(strip), xPx, first, offset);
        sheetView(random, cutter, data.strip(strip), secondXPx, second, offset);
    }

    private static void sheetView(SplittableRandom random, SheetCutter cutter, StripColumns strip, int xPx, float[] out,
            int offset) {
        double scale = random.nextDouble() < SCALE_PROBABILITY ? PairCutter.uniform(random, SCALE_MIN, SCALE_MAX) : 1;
        int shiftYPx = random.nextDouble() < VERTICAL_SHIFT_PROBABILITY
                ? PairCutter.symmetric(random, MAX_VERTICAL_SHIFT_PX) : 0;
        cutter.cut(strip, xPx, shiftYPx, scale, out, offset);
        if (random.nextDouble() < BLUR_PROBABILITY) {
            cutter.blur(out, offset);
        }
        if (random.nextDouble() < NOISE_PROBABILITY) {
            SheetCutter.addNoise(out, offset, NOISE_MAX_STD * random.nextDouble(), random);
        }
    }

    /** The spectrogram or strip whose positions contain global position {@code position}. */
    private int locate(long position) {
        int found = Arrays.binarySearch(cumulative, position);
        if (found >= 0) {
            // position starts item `found`; skip empty items (none exist: every item has ≥ 1 position)
            return found;
        }
        return -found - 2;
    }

    private static void checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch needs at least one item but size was " + size);
        }
    }
}
