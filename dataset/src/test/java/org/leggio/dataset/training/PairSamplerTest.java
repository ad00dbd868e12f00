package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.dataset.AudioWindow;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.train.PairBatch;

class PairSamplerTest {
    private static final int T = 84;
    private static final int SHEET = PairBatch.SHEET_VALUES;
    private static final int AUDIO = 92 * T;
    private static final String NPY_A = "audio/S__A/p1__Bank_p0_t1.00.npy";
    private static final String NPY_B = "audio/S__B/p2__Bank_p0_t1.00.npy";
    /** onset frame, strip x and spectrogram of the three pairs of {@link #build}. */
    private static final int[][] PAIRS = {{40, 300, 0}, {2, 30, 0}, {115, 290, 1}};

    @TempDir
    Path dir;
    private StripImage stripA;
    private StripImage stripB;
    private float[][][] spectrograms;
    private TrainingData data;

    /** Textured strips (every snippet and every vertical shift differs) and ramp spectrograms. */
    @BeforeEach
    void build() throws Exception {
        TestBuild build = new TestBuild(dir);
        stripA = build.strip("S/A", TestBuild.image(600, 200, (x, y) -> (x * 7 + y * 13) % 256));
        stripB = build.strip("S/B", TestBuild.image(300, 200, (x, y) -> (x * 3 + y * 5 + 11) % 256));
        spectrograms = new float[][][] {
            build.spectrogram(NPY_A, TestBuild.spectrogram(200, (b, t) -> t + 1 + (b % 4) * 0.25f)),
            build.spectrogram(NPY_B, TestBuild.spectrogram(120, (b, t) -> -(t + 1) - (b % 4) * 0.25f))};
        build.pair("A", "S/A", NPY_A, 40, 300).pair("A", "S/A", NPY_A, 2, 30).pair("B", "S/B", NPY_B, 115, 290)
                .write("train");
        data = TrainingData.load(dir, "train", line -> {});
    }

    private final java.util.Map<String, float[]> sheets = new java.util.HashMap<>();

    private float[] plainSheet(int pair, int shiftYPx) {
        return sheets.computeIfAbsent(pair + "/" + shiftYPx, k -> cutSheet(pair, shiftYPx));
    }

    private float[] cutSheet(int pair, int shiftYPx) {
        StripImage strip = PAIRS[pair][2] == 0 ? stripA : stripB;
        return TestBuild.flat(SheetSnippets.cut(shifted(strip, shiftYPx), PAIRS[pair][1]));
    }

    private float[] plainAudio(int pair, AudioWindow window, int onsetShift) {
        return TestBuild.flat(window.cut(spectrograms[PAIRS[pair][2]], PAIRS[pair][0] + onsetShift, T));
    }

    /** The strip moved up by {@code rows} (row y shows row y + rows), white where it has no rows. */
    private static StripImage shifted(StripImage s, int rows) {
        return TestBuild.image(s.widthPx(), s.heightPx(),
                (x, y) -> y + rows < 0 || y + rows >= s.heightPx() ? 255 : s.grey(x, y + rows));
    }

    /** The index of the expected array equal to {@code actual}, or −1. */
    private static int match(float[] actual, List<float[]> expected) {
        for (int i = 0; i < expected.size(); i++) {
            if (Arrays.equals(actual, expected.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void withoutAugmentationEveryItemIsExactlyAPlainCut() {
        for (AudioWindow window : AudioWindow.values()) {
            PairSampler sampler = new PairSampler(data, T, window, Augmentation.none(), 7);
            PairBatch batch = sampler.batch(0, 64);
            assertThat(batch.size()).isEqualTo(64);
            assertThat(batch.audioFrames()).isEqualTo(T);
            Set<Integer> seen = new TreeSet<>();
            for (int i = 0; i < 64; i++) {
                int sheetPair = match(TestBuild.item(batch.sheet(), i, SHEET),
                        List.of(plainSheet(0, 0), plainSheet(1, 0), plainSheet(2, 0)));
                int audioPair = match(TestBuild.item(batch.audio(), i, AUDIO),
                        List.of(plainAudio(0, window, 0), plainAudio(1, window, 0), plainAudio(2, window, 0)));
                assertThat(sheetPair).as("item %d (%s)", i, window).isNotNegative().isEqualTo(audioPair);
                seen.add(sheetPair);
            }
            assertThat(seen).as("pairs are drawn uniformly").containsExactly(0, 1, 2);
        }
    }

    @Test
    void onsetJitterStaysWithinOneFrame() {
        PairBatch batch = new PairSampler(data, T, AudioWindow.CENTRED, new Augmentation(1, 0, 1, 1, 1, 1, 0, 0, 0), 3)
                .batch(0, 200);
        Set<Integer> shifts = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            int pair = match(TestBuild.item(batch.sheet(), i, SHEET),
                    List.of(plainSheet(0, 0), plainSheet(1, 0), plainSheet(2, 0)));
            assertThat(pair).isNotNegative();
            int found = match(TestBuild.item(batch.audio(), i, AUDIO), List.of(plainAudio(pair, AudioWindow.CENTRED, -1),
                    plainAudio(pair, AudioWindow.CENTRED, 0), plainAudio(pair, AudioWindow.CENTRED, 1)));
            assertThat(found).as("item %d is the window of an onset moved by −1, 0 or +1", i).isNotNegative();
            shifts.add(found - 1);
        }
        assertThat(shifts).containsExactly(-1, 0, 1);
    }

    @Test
    void verticalShiftMovesTheCropByWholeRowsWithinFive() {
        PairBatch batch = new PairSampler(data, T, AudioWindow.CENTRED, new Augmentation(0, 5, 1, 1, 1, 1, 0, 0, 0), 5)
                .batch(0, 300);
        Set<Integer> shifts = new TreeSet<>();
        for (int i = 0; i < batch.size(); i++) {
            int pair = match(TestBuild.item(batch.audio(), i, AUDIO), List.of(plainAudio(0, AudioWindow.CENTRED, 0),
                    plainAudio(1, AudioWindow.CENTRED, 0), plainAudio(2, AudioWindow.CENTRED, 0)));
            assertThat(pair).isNotNegative();
            List<float[]> candidates = IntStream.rangeClosed(-5, 5).mapToObj(s -> plainSheet(pair, s)).toList();
            int found = match(TestBuild.item(batch.sheet(), i, SHEET), candidates);
            assertThat(found).as("item %d is the crop moved by −5 … 5 rows", i).isNotNegative();
            shifts.add(found - 5);
        }
        assertThat(shifts).containsExactlyElementsOf(IntStream.rangeClosed(-5, 5).boxed().toList());
    }

    @Test
    void scalingIsNearestAroundTheNoteheadAndTheCentreRow(@TempDir Path other) throws Exception {
        TestBuild build = new TestBuild(other);
        // x = 300, centre row 100: marks at offsets (+10, +10), (−10, −10), (+11, +1) and (0, 0)
        build.strip("S", TestBuild.white(600, 200, new int[] {310, 110}, new int[] {290, 90}, new int[] {311, 101},
                new int[] {300, 100}));
        build.spectrogram(NPY_A, TestBuild.spectrogram(100, (b, t) -> 0));
        TrainingData one = TrainingData.load(build.pair("S", "S", NPY_A, 50, 300).write("train").dir, "train", l -> {});

        float[] doubled = new PairSampler(one, T, AudioWindow.CENTRED, new Augmentation(0, 0, 2, 2, 1, 1, 0, 0, 0), 1)
                .batch(0, 1).sheet();
        // offset 10 is read by crop offsets 20 and 21 (⌊(d + ½)/2⌋ = 10): crop row/column 100–101 → snippet 50/60
        assertThat(doubled[50 * 100 + 60]).isEqualTo(0f);
        assertThat(doubled[30 * 100 + 40]).isEqualTo(0f); // offset −10 ← crop offsets −20, −19
        assertThat(doubled[40 * 100 + 50]).isEqualTo(0f); // offset 0 ← crop offsets 0, 1: a whole 2×2 block
        assertThat(doubled[41 * 100 + 61]).isEqualTo(0f); // (+11, +1) ← crop columns 22, 23 and rows 2, 3
        long dark = IntStream.range(0, doubled.length).filter(i -> doubled[i] < 1).count();
        assertThat(dark).isEqualTo(4);

        float[] halved = new PairSampler(one, T, AudioWindow.CENTRED, new Augmentation(0, 0, 0.5, 0.5, 1, 1, 0, 0, 0), 1)
                .batch(0, 1).sheet();
        // scale ½ reads offset 2d + 1: (+11, +1) is read once, by crop offset (5, 0) → snippet (40, 52); (0, 0) never
        assertThat(halved[40 * 100 + 52]).isEqualTo(0.75f);
        assertThat(IntStream.range(0, halved.length).filter(i -> halved[i] < 1).count()).isEqualTo(1);
    }

    /** One pair: zeros but for an impulse of 2 at {@code impulseFrame} in every band. */
    private static TrainingData impulse(Path dir, int onsetFrame, int impulseFrame) throws Exception {
        TestBuild build = new TestBuild(dir);
        build.strip("S", TestBuild.white(600, 200));
        build.spectrogram(NPY_A, TestBuild.spectrogram(200, (b, t) -> t == impulseFrame ? 2 : 0));
        return TrainingData.load(build.pair("S", "S", NPY_A, onsetFrame, 300).write("train").dir, "train", l -> {});
    }

    /** Band {@code band} of the single item of a batch sampled with tempo rate {@code rate}. */
    private static float[] stretched(TrainingData one, AudioWindow window, double rate, int band) {
        PairBatch batch = new PairSampler(one, T, window, new Augmentation(0, 0, 1, 1, rate, rate, 0, 0, 0), 1)
                .batch(0, 1);
        return Arrays.copyOfRange(batch.audio(), band * T, (band + 1) * T);
    }

    private static float[] expected(int... frameAndValue) {
        float[] e = new float[T];
        for (int i = 0; i < frameAndValue.length; i += 2) {
            e[frameAndValue[i]] = frameAndValue[i + 1] / 2f;
        }
        return e;
    }

    @Test
    void tempoStretchKeepsTheOnsetInPlaceAndScalesDistancesFromIt(@TempDir Path a, @TempDir Path b) throws Exception {
        // centred: the onset (52) is window frame 42; an impulse 8 frames later is at 42 + 8 / rate
        TrainingData centred = impulse(a, 52, 60);
        assertThat(stretched(centred, AudioWindow.CENTRED, 1, 5)).containsExactly(expected(50, 4));
        assertThat(stretched(centred, AudioWindow.CENTRED, 0.5, 5)).containsExactly(expected(57, 2, 58, 4, 59, 2));
        assertThat(stretched(centred, AudioWindow.CENTRED, 2, 91)).containsExactly(expected(46, 4));
        // causal: the onset (68) is the last frame (83); an impulse 8 frames earlier is at 83 − 8 / rate
        TrainingData causal = impulse(b, 68, 60);
        assertThat(stretched(causal, AudioWindow.CAUSAL, 1, 0)).containsExactly(expected(75, 4));
        assertThat(stretched(causal, AudioWindow.CAUSAL, 0.5, 0)).containsExactly(expected(66, 2, 67, 4, 68, 2));
        assertThat(stretched(causal, AudioWindow.CAUSAL, 2, 0)).containsExactly(expected(79, 4));
    }

    @Test
    void tempoRateOneIsTheIdentityAndOtherRatesInterpolate() {
        PairBatch same = new PairSampler(data, T, AudioWindow.CENTRED, new Augmentation(0, 0, 1, 1, 1, 1, 0, 0, 0), 9)
                .batch(0, 20);
        PairBatch plain = new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.none(), 9).batch(0, 20);
        assertThat(same.audio()).isEqualTo(plain.audio());
        // rate 1.25 on the ramp of pair 0 (value = frame + 1 in band 0, onset 40): frame j reads 40 + 1.25 (j − 42)
        PairBatch fast = new PairSampler(data, T, AudioWindow.CENTRED, new Augmentation(0, 0, 1, 1, 1.25, 1.25, 0, 0, 0),
                9).batch(0, 20);
        for (int i = 0; i < 20; i++) {
            if (Arrays.equals(TestBuild.item(fast.sheet(), i, SHEET), plainSheet(0, 0))) {
                for (int j = 10; j < T; j++) { // frames from 0 on, inside the 200-frame ramp
                    assertThat(fast.audio()[i * AUDIO + j]).isCloseTo((float) (40 + 1.25 * (j - 42) + 1), within(1e-4f));
                }
                assertThat(fast.audio()[i * AUDIO]).isEqualTo(0f); // frame 40 − 52.5 < 0: silence
            }
        }
    }

    @Test
    void blurIsA3x3BoxMeanOfTheSnippet(@TempDir Path other) throws Exception {
        TestBuild build = new TestBuild(other);
        // a 2 × 2 black block that becomes snippet pixel (40, 50) of the notehead at x = 300
        build.strip("S", TestBuild.white(600, 200, new int[] {300, 100}, new int[] {301, 100}, new int[] {300, 101},
                new int[] {301, 101}));
        build.spectrogram(NPY_A, TestBuild.spectrogram(100, (b, t) -> 0));
        TrainingData one = TrainingData.load(build.pair("S", "S", NPY_A, 50, 300).write("train").dir, "train", l -> {});
        float[] clean = new PairSampler(one, T, AudioWindow.CENTRED, Augmentation.none(), 1).batch(0, 1).sheet();
        assertThat(clean[40 * 100 + 50]).isEqualTo(0f);
        float[] blurred = new PairSampler(one, T, AudioWindow.CENTRED, new Augmentation(0, 0, 1, 1, 1, 1, 0, 0, 1), 1)
                .batch(0, 1).sheet();
        for (int r = 0; r < 80; r++) {
            for (int c = 0; c < 100; c++) {
                boolean near = Math.abs(r - 40) <= 1 && Math.abs(c - 50) <= 1;
                assertThat(blurred[r * 100 + c]).as("(%d, %d)", r, c).isCloseTo(near ? 8f / 9 : 1f, within(1e-6f));
            }
        }
    }

    @Test
    void noiseIsGaussianWithTheGivenStdClippedAndAsFrequentAsAsked(@TempDir Path other) throws Exception {
        TestBuild build = new TestBuild(other);
        build.strip("S", TestBuild.image(600, 200, (x, y) -> x < 300 ? 128 : 255)); // left grey, right white
        build.spectrogram(NPY_A, TestBuild.spectrogram(100, (b, t) -> 0));
        TrainingData one = TrainingData.load(build.pair("S", "S", NPY_A, 50, 300).write("train").dir, "train", l -> {});
        float[] sheet = new PairSampler(one, T, AudioWindow.CENTRED, new Augmentation(0, 0, 1, 1, 1, 1, 0.02, 1, 0), 1)
                .batch(0, 16).sheet();
        double sum = 0;
        double squares = 0;
        int grey = 0;
        for (int i = 0; i < sheet.length; i++) {
            assertThat(sheet[i]).isBetween(0f, 1f);
            if (i % 100 < 50) { // columns 200 … 299 of the strip: grey 128
                double d = sheet[i] - 128 / 255.0;
                sum += d;
                squares += d * d;
                grey++;
            }
        }
        assertThat(sum / grey).isCloseTo(0, within(0.001));
        assertThat(Math.sqrt(squares / grey)).isCloseTo(0.02, within(0.001));
        // the white half is clipped at 1: some values stay 1, none exceed it
        assertThat(IntStream.range(0, sheet.length).filter(i -> i % 100 >= 50 && sheet[i] == 1f).count())
                .isGreaterThan(16 * 80 * 50 / 3);

        PairBatch sometimes = new PairSampler(one, T, AudioWindow.CENTRED, new Augmentation(0, 0, 1, 1, 1, 1, 0.02, 0.25,
                0), 1).batch(0, 400);
        float[] clean = new PairSampler(one, T, AudioWindow.CENTRED, Augmentation.none(), 1).batch(0, 1).sheet();
        long noisy = IntStream.range(0, 400).filter(i -> !Arrays.equals(TestBuild.item(sometimes.sheet(), i, SHEET), clean))
                .count();
        assertThat(noisy).isBetween(70L, 130L);
    }

    @Test
    void nextReturnsTheSeededBatchesInOrderPreparedAhead() {
        List<PairBatch> expected = new ArrayList<>();
        PairSampler reference = new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.standard(), 11);
        for (int k = 0; k < 3; k++) {
            expected.add(reference.batch(k, 16));
        }
        expected.add(reference.batch(3, 5));
        expected.add(reference.batch(4, 5));
        try (PairSampler sampler = new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.standard(), 11)) {
            assertThat(sampler.audioFrames()).isEqualTo(T);
            for (int k = 0; k < 5; k++) {
                PairBatch batch = sampler.next(k < 3 ? 16 : 5);
                assertThat(batch.sheet()).as("batch %d", k).isEqualTo(expected.get(k).sheet());
                assertThat(batch.audio()).as("batch %d", k).isEqualTo(expected.get(k).audio());
            }
            sampler.close();
            assertThatThrownBy(() -> sampler.next(5)).isInstanceOf(IllegalStateException.class);
        }
        try (PairSampler parallel = new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.standard(), 11, 3)) {
            for (int k = 0; k < 5; k++) {
                assertThat(parallel.next(k < 3 ? 16 : 5).audio()).as("batch %d", k).isEqualTo(expected.get(k).audio());
            }
        }
        // another seed, other pairs and augmentations; the published augmentation changes the cut
        PairBatch other = new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.standard(), 12).batch(0, 16);
        assertThat(other.sheet()).isNotEqualTo(expected.get(0).sheet());
        assertThat(new PairSampler(data, T, AudioWindow.CENTRED, Augmentation.none(), 11).batch(0, 16).sheet())
                .isNotEqualTo(expected.get(0).sheet());
        assertThatThrownBy(() -> reference.next(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairSampler(data, 0, AudioWindow.CENTRED, Augmentation.none(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
