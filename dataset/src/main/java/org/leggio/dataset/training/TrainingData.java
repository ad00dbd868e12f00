package org.leggio.dataset.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One split of a dataset build (docs/dataset-format.md) held in memory for training: every pair of
 * the split's pair index as primitive columns, each distinct strip once as 8-bit grey (stored
 * column by column, so a crop is contiguous), and each
 * distinct spectrogram once as raw float16 bits, band-major ({@code bits[band · frames + frameIndex]})
 * — about 184 bytes per 20 fps frame, i.e. ~370 MB for 2 M frames, half of what float32 would take.
 *
 * <p>Immutable once loaded: samplers on any number of threads may read it concurrently.
 */
public final class TrainingData {
    private final String split;
    private final List<String> pieceIds;
    private final StripColumns[] strips;
    private final short[][] spectrograms;
    private final int[] spectrogramFrames;
    private final int[] pairPiece;
    private final int[] pairStrip;
    private final int[] pairSpectrogram;
    private final int[] pairOnsetFrame;
    private final int[] pairStripXPx;

    /**
     * Takes ownership of the arrays (not copied). Pair {@code i} lies in piece {@code
     * pieceIds[pairPiece[i]]}, strip {@code strips[pairStrip[i]]} at column {@code pairStripXPx[i]}
     * and spectrogram {@code spectrograms[pairSpectrogram[i]]} at frame {@code pairOnsetFrame[i]}.
     */
    TrainingData(String split, List<String> pieceIds, StripColumns[] strips, short[][] spectrograms,
            int[] spectrogramFrames, int[] pairPiece, int[] pairStrip, int[] pairSpectrogram, int[] pairOnsetFrame,
            int[] pairStripXPx) {
        this.split = split;
        this.pieceIds = List.copyOf(pieceIds);
        this.strips = strips;
        this.spectrograms = spectrograms;
        this.spectrogramFrames = spectrogramFrames;
        this.pairPiece = pairPiece;
        this.pairStrip = pairStrip;
        this.pairSpectrogram = pairSpectrogram;
        this.pairOnsetFrame = pairOnsetFrame;
        this.pairStripXPx = pairStripXPx;
    }

    /**
     * Loads one split of a build: reads the pair shards {@code pairs/<split>/pairs-NNNNN.csv}, then
     * every strip ({@code scores/<score_dir>/strip.png}) and spectrogram ({@code audio/<audio_npy>})
     * they name, on a few loader threads. Blocks until done.
     *
     * @param buildDir the dataset build folder ({@code scores/}, {@code audio/}, {@code pairs/})
     * @param split "train", "valid" or "test"
     * @param progress receives a line every few seconds while files load, and a summary at the end
     *     (called from the calling thread)
     * @throws IOException if the build, the split's shards or a file they name is missing or
     *     corrupt; the message names the path
     * @throws IllegalArgumentException if a shard row is malformed (the message names the shard and line)
     */
    public static TrainingData load(Path buildDir, String split, Consumer<String> progress) throws IOException {
        return TrainingDataLoader.load(buildDir, split, progress);
    }

    /** The split's name. */
    public String split() {
        return split;
    }

    /** Number of pairs. */
    public int pairCount() {
        return pairPiece.length;
    }

    /** Number of distinct pieces. */
    public int pieceCount() {
        return pieceIds.size();
    }

    /** The distinct piece ids, in the order of their first pair. */
    public List<String> pieceIds() {
        return pieceIds;
    }

    /** The piece of pair {@code pairIndex} (0 ≤ index &lt; {@link #pairCount()}). */
    public String pieceIdOfPair(int pairIndex) {
        return pieceIds.get(pairPiece[pairIndex]);
    }

    /** Number of distinct strips. */
    public int stripCount() {
        return strips.length;
    }

    /** Number of distinct spectrograms. */
    public int spectrogramCount() {
        return spectrograms.length;
    }

    /** Frames of all spectrograms together (20 fps). */
    public long totalFrames() {
        long total = 0;
        for (int frames : spectrogramFrames) {
            total += frames;
        }
        return total;
    }

    StripColumns strip(int stripIndex) {
        return strips[stripIndex];
    }

    /** Raw float16 bits, band-major: {@code [band · frames + frameIndex]}. */
    short[] spectrogram(int spectrogramIndex) {
        return spectrograms[spectrogramIndex];
    }

    int spectrogramFrames(int spectrogramIndex) {
        return spectrogramFrames[spectrogramIndex];
    }

    int pairStrip(int pairIndex) {
        return pairStrip[pairIndex];
    }

    int pairSpectrogram(int pairIndex) {
        return pairSpectrogram[pairIndex];
    }

    int pairOnsetFrame(int pairIndex) {
        return pairOnsetFrame[pairIndex];
    }

    int pairStripXPx(int pairIndex) {
        return pairStripXPx[pairIndex];
    }
}
