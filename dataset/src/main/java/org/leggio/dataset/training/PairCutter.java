package org.leggio.dataset.training;

import java.util.SplittableRandom;
import org.leggio.dataset.AudioWindow;
import org.leggio.model.NetworkSpec;
import org.leggio.model.train.PairBatch;

/**
 * Cuts one pair of a {@link TrainingData} into a batch's flat arrays, augmented as an {@link
 * Augmentation} says. Holds scratch arrays: one instance per thread (per batch).
 */
final class PairCutter {
    private final TrainingData data;
    private final int audioFrames;
    private final AudioWindow window;
    private final SheetCutter sheetCutter = new SheetCutter();
    private final AudioCutter audioCutter;

    PairCutter(TrainingData data, int audioFrames, AudioWindow window) {
        this.data = data;
        this.audioFrames = audioFrames;
        this.window = window;
        this.audioCutter = new AudioCutter(audioFrames);
    }

    /** Validates T (≥ 1). */
    static int checkAudioFrames(int audioFrames) {
        if (audioFrames < 1) {
            throw new IllegalArgumentException("audioFrames must be ≥ 1 but was " + audioFrames);
        }
        return audioFrames;
    }

    /**
     * Writes pair {@code pairIndex} as batch item {@code item} of {@code sheet} and {@code audio}.
     *
     * @param random draws the augmentation; unused (may be null) when {@code augmentation} is {@link Augmentation#none()}
     */
    void cut(int pairIndex, Augmentation augmentation, SplittableRandom random, float[] sheet, float[] audio, int item) {
        Augmentation a = augmentation;
        int onsetFrame = data.pairOnsetFrame(pairIndex) + symmetric(random, a.onsetJitterFrames());
        double rate = uniform(random, a.tempoMin(), a.tempoMax());
        int spectrogram = data.pairSpectrogram(pairIndex);
        int anchorOffset = onsetFrame - window.firstFrame(onsetFrame, audioFrames);
        audioCutter.cut(data.spectrogram(spectrogram), data.spectrogramFrames(spectrogram), onsetFrame, anchorOffset,
                rate, audio, item * NetworkSpec.AUDIO_BANDS * audioFrames);

        int shiftYPx = symmetric(random, a.verticalShiftPx());
        double scale = uniform(random, a.scaleMin(), a.scaleMax());
        int offset = item * PairBatch.SHEET_VALUES;
        sheetCutter.cut(data.strip(data.pairStrip(pairIndex)), data.pairStripXPx(pairIndex), shiftYPx, scale, sheet, offset);
        if (a.blurProbability() > 0 && random.nextDouble() < a.blurProbability()) {
            sheetCutter.blur(sheet, offset);
        }
        if (a.noiseStd() > 0 && a.noiseProbability() > 0 && random.nextDouble() < a.noiseProbability()) {
            SheetCutter.addNoise(sheet, offset, a.noiseStd(), random);
        }
    }

    /** A uniform integer in [−max, max]; 0 without a draw when max is 0. */
    static int symmetric(SplittableRandom random, int max) {
        return max == 0 ? 0 : random.nextInt(2 * max + 1) - max;
    }

    /** A uniform double in [min, max); min without a draw when the range is empty. */
    static double uniform(SplittableRandom random, double min, double max) {
        return min == max ? min : min + (max - min) * random.nextDouble();
    }
}
