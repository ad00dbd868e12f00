package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.dataset.AudioWindow;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.train.PairBatch;

class FixedPairsTest {
    private static final int T = 42;
    private static final int AUDIO = 92 * T;
    private static final String NPY = "audio/F__A/p__Bank_p0_t1.00.npy";

    @TempDir
    static Path dir;
    private static StripImage strip;
    private static float[][] spectrogram;
    private static TrainingData data;

    /** Ten pairs: pair i has onset frame 10 (i + 1) and strip x 100 + 40 i; the ramp's value is frame + 1. */
    @BeforeAll
    static void build() throws Exception {
        TestBuild build = new TestBuild(dir);
        strip = build.strip("F/A", TestBuild.image(600, 200, (x, y) -> (x * 5 + y * 3) % 256));
        spectrogram = build.spectrogram(NPY, TestBuild.spectrogram(300, (b, t) -> t + 1));
        for (int i = 0; i < 10; i++) {
            build.pair(i < 5 ? "F1" : "F2", "F/A", NPY, 10 * (i + 1), 100 + 40 * i);
        }
        data = TrainingData.load(build.write("valid").dir, "valid", line -> {});
    }

    /** The onset frame of each item (its centred window's middle frame holds onset + 1). */
    private static int[] onsets(PairBatch batch) {
        return IntStream.range(0, batch.size()).map(i -> (int) batch.audio()[i * AUDIO + T / 2] - 1).toArray();
    }

    @Test
    void fixedTakesTheLinspacePairsAsPlainCuts() {
        PairBatch batch = PairSampler.fixed(data, 4, T, AudioWindow.CENTRED);
        assertThat(batch.size()).isEqualTo(4);
        assertThat(onsets(batch)).containsExactly(10, 40, 70, 100); // pairs 0, 3, 6, 9
        int[] pairs = {0, 3, 6, 9};
        for (int k = 0; k < 4; k++) {
            float[] sheet = TestBuild.flat(SheetSnippets.cut(strip, 100 + 40 * pairs[k]));
            float[] audio = TestBuild.flat(AudioWindow.CENTRED.cut(spectrogram, 10 * (pairs[k] + 1), T));
            assertThat(TestBuild.item(batch.sheet(), k, PairBatch.SHEET_VALUES)).isEqualTo(sheet);
            assertThat(TestBuild.item(batch.audio(), k, AUDIO)).isEqualTo(audio);
        }
        assertThat(onsets(PairSampler.fixed(data, 3, T, AudioWindow.CENTRED))).containsExactly(10, 50, 100);
        assertThat(onsets(PairSampler.fixed(data, 1, T, AudioWindow.CENTRED))).containsExactly(10);
        assertThat(onsets(PairSampler.fixed(data, 100, T, AudioWindow.CENTRED)))
                .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        // deterministic
        PairBatch again = PairSampler.fixed(data, 4, T, AudioWindow.CENTRED);
        assertThat(again.sheet()).isEqualTo(batch.sheet());
        assertThat(again.audio()).isEqualTo(batch.audio());
        // causal windows end at the onset
        PairBatch causal = PairSampler.fixed(data, 2, T, AudioWindow.CAUSAL);
        assertThat(causal.audio()[T - 1]).isEqualTo(11f);
        assertThat(causal.audio()[AUDIO + T - 1]).isEqualTo(101f);
    }

    @Test
    void linspaceMatchesNumpy() {
        int[] indices = FixedPairs.linspace(94_554, 25_000); // np.linspace(0, 94553, 25000).astype(int)
        assertThat(Arrays.copyOf(indices, 5)).containsExactly(0, 3, 7, 11, 15);
        assertThat(indices[12_345]).isEqualTo(46_692);
        assertThat(indices[24_999]).isEqualTo(94_553);
        assertThat(Arrays.stream(indices).asLongStream().sum()).isEqualTo(1_181_900_001L);
        assertThat(FixedPairs.linspace(10, 7)).containsExactly(0, 1, 3, 4, 6, 7, 9);
    }

    @Test
    void nextWalksTheSelectionInBatchesAndStartsAgain() {
        FixedPairs fixed = new FixedPairs(data, 7, T, AudioWindow.CENTRED);
        assertThat(fixed.count()).isEqualTo(7);
        assertThat(fixed.audioFrames()).isEqualTo(T);
        assertThat(IntStream.range(0, 7).map(fixed::pairIndex).toArray()).containsExactly(0, 1, 3, 4, 6, 7, 9);
        assertThat(fixed.pieceId(3)).isEqualTo("F1");
        assertThat(fixed.pieceId(4)).isEqualTo("F2");
        assertThat(onsets(fixed.next(3))).containsExactly(10, 20, 40);
        assertThat(fixed.position()).isEqualTo(3);
        assertThat(onsets(fixed.next(3))).containsExactly(50, 70, 80);
        assertThat(onsets(fixed.next(3))).containsExactly(100); // the rest
        assertThat(fixed.position()).isZero();
        PairBatch again = fixed.next(3);
        assertThat(again.audio()).isEqualTo(fixed.batch(0, 3).audio());
        fixed.reset();
        assertThat(onsets(fixed.next(10))).containsExactly(10, 20, 40, 50, 70, 80, 100);
        PairBatch all = PairSampler.fixed(data, 7, T, AudioWindow.CENTRED);
        assertThat(fixed.batch(2, 4).sheet())
                .isEqualTo(Arrays.copyOfRange(all.sheet(), 2 * PairBatch.SHEET_VALUES, 6 * PairBatch.SHEET_VALUES));

        assertThatThrownBy(() -> fixed.batch(5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fixed.next(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedPairs(data, 0, T, AudioWindow.CENTRED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
