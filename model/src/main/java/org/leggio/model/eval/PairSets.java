package org.leggio.model.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Synthetic pair sets for tests and documentation. Each piece is a random melody of staff steps;
 * pair k of a piece shows notes k − 1, k, k + 1 as noteheads on a five-line staff (the middle one
 * centred), with the piece's own bar-line spacing, and sounds the same three notes as harmonic
 * partials in the bands (note k starting at the window's centre frame). Images and spectrograms
 * thus share structure a model could learn, and pieces differ. Deterministic in {@code seed};
 * stateless and thread-safe.
 */
public final class PairSets {
    /** Audio window length used when none is given, frames: the short-context model's T. */
    public static final int DEFAULT_AUDIO_CONTEXT_FRAMES = 42;
    private static final int MAX_PAIRS = 100_000;
    private static final int STEPS = 12;
    private static final int NOTE_SPACING_PX = 35;
    private static final int NOTE_SPACING_FRAMES = 12;

    private PairSets() {}

    /**
     * Writes a synthetic set of {@code pieces × pairsPerPiece} pairs with T = 42 to {@code dir} and
     * reads it back. About 47 KB per pair at T = 42: keep it small (e.g. 3 × 4).
     *
     * @throws IllegalArgumentException unless {@code pieces ≥ 1}, {@code pairsPerPiece ≥ 1} and
     *     their product ≤ 100 000
     */
    public static PairSet generateExample(Path dir, int pieces, int pairsPerPiece, long seed) throws IOException {
        return generateExample(dir, pieces, pairsPerPiece, DEFAULT_AUDIO_CONTEXT_FRAMES, seed);
    }

    /** As {@link #generateExample(Path, int, int, long)} with audio windows of {@code audioContextFrames}. */
    public static PairSet generateExample(Path dir, int pieces, int pairsPerPiece, int audioContextFrames, long seed)
            throws IOException {
        Objects.requireNonNull(dir, "dir can't be null");
        example(pieces, pairsPerPiece, audioContextFrames, seed).write(dir);
        return PairSet.read(dir);
    }

    /** The in-memory set {@link #generateExample(Path, int, int, int, long)} writes. */
    public static PairSet example(int pieces, int pairsPerPiece, int audioContextFrames, long seed) {
        if (pieces < 1 || pairsPerPiece < 1 || (long) pieces * pairsPerPiece > MAX_PAIRS) {
            throw new IllegalArgumentException("pieces and pairsPerPiece must be >= 1 with at most " + MAX_PAIRS
                    + " pairs in all but were " + pieces + " and " + pairsPerPiece);
        }
        PairSet.Builder builder = PairSet.builder(audioContextFrames).description(String.format(Locale.ROOT,
                "synthetic example: %d pieces x %d pairs, T = %d, seed %d (PairSets.generateExample)", pieces, pairsPerPiece,
                audioContextFrames, seed));
        for (int p = 0; p < pieces; p++) {
            Random random = new Random(seed * 1_000_003L + p);
            int[] melody = random.ints(pairsPerPiece + 2, 0, STEPS).toArray();
            int barSpacingPx = 24 + 7 * (p % 6);
            int stripXPx = 100;
            for (int k = 0; k < pairsPerPiece; k++) {
                stripXPx += 40 + random.nextInt(40);
                int onsetFrame = audioContextFrames / 2 + NOTE_SPACING_FRAMES * (k + 1);
                PairInfo info = new PairInfo(String.format(Locale.ROOT, "example-piece-%02d", p), stripXPx, onsetFrame, "synthetic");
                builder.add(info, sheet(melody, k, stripXPx, barSpacingPx, random), audio(melody, k, audioContextFrames, random));
            }
        }
        return builder.build();
    }

    private static float[][] sheet(int[] melody, int k, int stripXPx, int barSpacingPx, Random random) {
        float[][] s = new float[PairSet.SHEET_HEIGHT_PX][PairSet.SHEET_WIDTH_PX];
        for (int r = 0; r < s.length; r++) {
            for (int c = 0; c < s[r].length; c++) {
                boolean staffLine = r >= 28 && r <= 52 && (r - 28) % 6 == 0;
                boolean barLine = r >= 28 && r <= 52 && Math.floorMod(stripXPx - 50 + c, barSpacingPx) == 0;
                float ink = staffLine ? 0.85f : barLine ? 0.9f : 0f;
                for (int n = -1; n <= 1; n++) {
                    double dr = (r - (58 - 3 * melody[k + 1 + n])) / 3.0;
                    double dc = (c - (50 + n * NOTE_SPACING_PX)) / 4.5;
                    if (dr * dr + dc * dc <= 1) {
                        ink = 0.95f;
                    }
                }
                s[r][c] = Math.min(1f, Math.max(0f, 1f - ink + 0.05f * (random.nextFloat() - 0.5f)));
            }
        }
        return s;
    }

    private static float[][] audio(int[] melody, int k, int frames, Random random) {
        float[][] a = new float[PairSet.BANDS][frames];
        for (float[] band : a) {
            for (int f = 0; f < frames; f++) {
                band[f] = 0.02f * random.nextFloat();
            }
        }
        int[] partials = {0, 12, 19};
        float[] gains = {0.9f, 0.5f, 0.3f};
        for (int n = -1; n <= 1; n++) {
            int onset = frames / 2 + n * NOTE_SPACING_FRAMES;
            int band0 = 20 + 4 * melody[k + 1 + n];
            for (int h = 0; h < partials.length; h++) {
                int band = band0 + partials[h];
                for (int f = Math.max(0, onset); f < frames && band < PairSet.BANDS; f++) {
                    a[band][f] += gains[h] * (float) Math.exp(-(f - onset) / (frames / 3.0));
                }
            }
        }
        return a;
    }
}
