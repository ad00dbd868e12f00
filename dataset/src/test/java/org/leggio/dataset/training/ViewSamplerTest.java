package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.train.ViewBatch;

class ViewSamplerTest {
    private static final int T = 84;
    private static final int C = T / 2;
    private static final int N = 600;

    /**
     * Two spectrograms whose value encodes the frame and the band's parity: A (1,900 frames) holds
     * {@code t + 1 + 64 (b mod 2)}, B (300 frames) the negative of that.
     */
    private static TrainingData ramps(Path dir) throws Exception {
        TestBuild build = new TestBuild(dir);
        build.strip("S", TestBuild.white(400, 200));
        build.spectrogram("audio/A.npy", TestBuild.spectrogram(1900, (b, t) -> t + 1 + 64 * (b % 2)));
        build.spectrogram("audio/B.npy", TestBuild.spectrogram(300, (b, t) -> -(t + 1 + 64 * (b % 2))));
        build.pair("P", "S", "audio/A.npy", 10, 200).pair("P", "S", "audio/B.npy", 10, 200);
        return TrainingData.load(build.write("train").dir, "train", line -> {});
    }

    /** What one audio view reveals: start frame, gain, rate, masked bands, spectrogram (sign). */
    private record AudioView(int startFrame, double gain, double rate, int maskedBands, boolean fromB) {}

    private static AudioView decode(float[] views, int item) {
        int offset = item * 92 * T;
        int masked = 0;
        int firstMasked = -1;
        int even = -1;
        int odd = -1;
        for (int b = 0; b < 92; b++) {
            int from = offset + b * T;
            boolean zero = true;
            for (int j = from; j < from + T; j++) {
                zero &= views[j] == 0;
            }
            if (zero) {
                assertThat(firstMasked < 0 || firstMasked + masked == b).as("masked bands are adjacent").isTrue();
                firstMasked = firstMasked < 0 ? b : firstMasked;
                masked++;
            } else if (b % 2 == 0 && even < 0) {
                even = b;
            } else if (b % 2 == 1 && odd < 0) {
                odd = b;
            }
        }
        float ve = views[offset + even * T + C];
        float vo = views[offset + odd * T + C];
        boolean fromB = ve < 0;
        double gain = Math.abs(vo - ve) / 64.0;
        int centreFrame = (int) Math.round(Math.abs(ve) / gain) - 1; // the centre frame is never interpolated
        double rate = Math.abs(views[offset + even * T + C + 1] - ve) / gain;
        return new AudioView(centreFrame - C, gain, rate, masked, fromB);
    }

    @Test
    void audioViewsAreShiftedStretchedMaskedAndScaledAsSpecified(@TempDir Path dir) throws Exception {
        TrainingData data = ramps(dir);
        ViewSampler sampler = ViewSampler.audio(data, T, 17);
        assertThat(sampler.modality()).isEqualTo(ViewBatch.Modality.AUDIO);
        assertThat(sampler.audioFrames()).isEqualTo(T);
        ViewBatch batch = sampler.batch(0, N);
        assertThat(batch.modality()).isEqualTo(ViewBatch.Modality.AUDIO);
        int shifted = 0;
        int stretched = 0;
        int masked = 0;
        int fromB = 0;
        double minGain = 2;
        double maxGain = 0;
        for (int i = 0; i < N; i++) {
            AudioView first = decode(batch.first(), i);
            AudioView second = decode(batch.second(), i);
            assertThat(second.fromB()).isEqualTo(first.fromB());
            fromB += first.fromB() ? 1 : 0;
            assertThat(first.startFrame()).isBetween(0, first.fromB() ? 300 - T : 1900 - T);
            int shift = second.startFrame() - first.startFrame();
            assertThat(shift).as("item %d", i).isBetween(0, 24); // U{0 … ⌊0.3 T⌋ − 1}
            shifted += shift != 0 ? 1 : 0;
            for (AudioView v : new AudioView[] {first, second}) {
                assertThat(v.gain()).isBetween(0.8 - 1e-4, 1.2 + 1e-4);
                minGain = Math.min(minGain, v.gain());
                maxGain = Math.max(maxGain, v.gain());
                assertThat(v.maskedBands()).isBetween(0, 18);
                masked += v.maskedBands() > 0 ? 1 : 0;
                if (Math.abs(v.rate() - 1) > 1e-3) {
                    assertThat(v.rate()).isBetween(0.5 - 1e-3, 1.8 + 1e-3);
                    stretched++;
                }
            }
        }
        assertThat(shifted / (double) N).isBetween(0.40, 0.56); // p 0.5 × 24/25
        assertThat(stretched / (2.0 * N)).isBetween(0.35, 0.45); // p 0.4 (a rate of exactly 1 has probability 0)
        assertThat(masked / (2.0 * N)).isBetween(0.30, 0.40); // p 0.35
        assertThat(fromB / (double) N).isBetween(0.07, 0.15); // by window positions: 217 of 2,034
        assertThat(minGain).isLessThan(0.81);
        assertThat(maxGain).isGreaterThan(1.19);
    }

    @Test
    void audioViewsOfASpectrogramShorterThanTArePaddedWithSilence(@TempDir Path dir) throws Exception {
        TestBuild build = new TestBuild(dir);
        build.strip("S", TestBuild.white(400, 200));
        build.spectrogram("audio/A.npy", TestBuild.spectrogram(30, (b, t) -> 1));
        TrainingData data = TrainingData.load(build.pair("P", "S", "audio/A.npy", 3, 200).write("train").dir, "train",
                line -> {});
        ViewBatch batch = ViewSampler.audio(data, T, 1).batch(0, 50);
        for (float[] views : new float[][] {batch.first(), batch.second()}) {
            for (int i = 0; i < 50; i++) {
                boolean sound = false;
                for (int b = 0; b < 92; b++) {
                    for (int j = 0; j < T; j++) {
                        float v = views[(i * 92 + b) * T + j];
                        assertThat(v).isBetween(0f, 1.2f);
                        sound |= v > 0;
                        if (j >= 36) { // the window starts at frame 0: any rate reads frame ≥ 30 here
                            assertThat(v).isZero();
                        }
                    }
                }
                assertThat(sound).isTrue();
            }
        }
    }

    @Test
    void audioViewsAvoidSilence(@TempDir Path dir) throws Exception {
        // 2,000 frames of which only 900-999 sound: most windows of 84 frames would be silent
        TestBuild build = new TestBuild(dir);
        build.strip("S", TestBuild.white(400, 200));
        build.spectrogram("audio/A.npy", TestBuild.spectrogram(2000, (b, t) -> t >= 900 && t < 1000 ? 1 : 0));
        TrainingData data = TrainingData.load(build.pair("P", "S", "audio/A.npy", 950, 200).write("train").dir,
                "train", line -> {});
        ViewBatch batch = ViewSampler.audio(data, T, 3).batch(0, 64);
        for (float[] views : new float[][] {batch.first(), batch.second()}) {
            for (int i = 0; i < 64; i++) {
                boolean sound = false;
                for (int j = i * 92 * T; j < (i + 1) * 92 * T && !sound; j++) {
                    sound = views[j] != 0;
                }
                assertThat(sound).as("view %d has sound", i).isTrue();
            }
        }
    }

    /** Clean-view statistics of a sheet batch over a strip whose grey value is its column (width 250). */
    @Test
    void sheetViewsAreShiftedHorizontallyAndScaledAsSpecified(@TempDir Path dir) throws Exception {
        TestBuild build = new TestBuild(dir);
        StripImage strip = build.strip("S", TestBuild.image(250, 200, (x, y) -> x));
        build.spectrogram("audio/A.npy", TestBuild.spectrogram(100, (b, t) -> 0));
        TrainingData data = TrainingData.load(build.pair("P", "S", "audio/A.npy", 3, 100).write("train").dir, "train",
                line -> {});
        ViewSampler sampler = ViewSampler.sheet(data, 5);
        assertThat(sampler.modality()).isEqualTo(ViewBatch.Modality.SHEET);
        assertThat(sampler.audioFrames()).isZero();
        ViewBatch batch = sampler.batch(0, N);
        int clean = 0;
        int bothClean = 0;
        int moved = 0;
        for (int i = 0; i < N; i++) {
            int[] x = new int[2];
            boolean[] plain = new boolean[2];
            float[][] views = {TestBuild.item(batch.first(), i, 8000), TestBuild.item(batch.second(), i, 8000)};
            for (int v = 0; v < 2; v++) {
                for (float value : views[v]) {
                    assertThat(value).isBetween(0f, 1f);
                }
                // a plain cut shows strip columns x − 100 + 2c and x − 99 + 2c in snippet column c; left of
                // the strip's first non-white snippet column lies one that may mix white and column 0
                int firstGrey = 0;
                while (firstGrey < 99 && views[v][40 * 100 + firstGrey] == 1f) {
                    firstGrey++;
                }
                int c = firstGrey + 1;
                x[v] = Math.round(views[v][40 * 100 + c] * 255 - 0.5f) + 100 - 2 * c;
                plain[v] = Arrays.equals(views[v], TestBuild.flat(SheetSnippets.cut(strip, x[v])));
                clean += plain[v] ? 1 : 0;
            }
            if (plain[0]) {
                assertThat(x[0]).isBetween(0, 249); // a column of the strip
            }
            if (plain[0] && plain[1]) {
                bothClean++;
                assertThat(x[1] - x[0]).isBetween(-40, 40);
                moved += x[1] != x[0] ? 1 : 0;
            }
        }
        // clean (no scale, blur, noise; vertical shifts are invisible here): 0.55 × 0.75 × 0.75 ≈ 0.31
        assertThat(clean / (2.0 * N)).isBetween(0.25, 0.37);
        assertThat(moved / (double) bothClean).isBetween(0.5, 0.8); // p 0.65 × 80/81
    }

    @Test
    void sheetViewsAreShiftedVerticallyByUpToTenRowsEach(@TempDir Path dir) throws Exception {
        TestBuild build = new TestBuild(dir);
        StripImage strip = build.strip("S", TestBuild.image(2000, 200, (x, y) -> y)); // grey value = row
        build.spectrogram("audio/A.npy", TestBuild.spectrogram(100, (b, t) -> 0));
        TrainingData data = TrainingData.load(build.pair("P", "S", "audio/A.npy", 3, 100).write("train").dir, "train",
                line -> {});
        ViewBatch batch = ViewSampler.sheet(data, 8).batch(0, N);
        int clean = 0;
        int shifted = 0;
        int differ = 0;
        for (int i = 0; i < N; i++) {
            int[] s = new int[2];
            for (int v = 0; v < 2; v++) {
                float[] view = TestBuild.item(v == 0 ? batch.first() : batch.second(), i, 8000);
                // snippet row 0 of a plain cut shifted by s shows rows 20 + s, 21 + s (inside the strip: no white)
                float top = view[50];
                s[v] = Math.round(top * 255 - 20.5f);
                float[] expected = new float[8000];
                for (int r = 0; r < 80; r++) {
                    Arrays.fill(expected, r * 100, (r + 1) * 100, (2 * (20 + 2 * r + s[v]) + 1) / 4f * 2 / 255f);
                }
                boolean plain = true;
                for (int k = 0; k < 8000 && plain; k++) {
                    plain = Math.abs(view[k] - expected[k]) < 1e-6 && view[k] == view[k - k % 100];
                }
                if (plain && view[50] != 1f) {
                    assertThat(s[v]).isBetween(-10, 10);
                    clean++;
                    shifted += s[v] != 0 ? 1 : 0;
                } else {
                    s[v] = Integer.MIN_VALUE;
                }
            }
            differ += s[0] != Integer.MIN_VALUE && s[1] != Integer.MIN_VALUE && s[0] != s[1] ? 1 : 0;
        }
        assertThat(clean).isGreaterThan(N / 4);
        assertThat(shifted / (double) clean).isBetween(0.5, 0.75); // p 0.65 × 20/21
        assertThat(differ).as("each view has its own shift").isPositive();
        assertThat(strip.heightPx()).isEqualTo(200);
    }

    @Test
    void nextReturnsTheSeededBatchesInOrder(@TempDir Path dir) throws Exception {
        TrainingData data = ramps(dir);
        ViewSampler reference = ViewSampler.audio(data, T, 3);
        try (ViewSampler sampler = ViewSampler.audio(data, T, 3)) {
            for (int k = 0; k < 3; k++) {
                ViewBatch batch = sampler.next(8);
                assertThat(batch.first()).isEqualTo(reference.batch(k, 8).first());
                assertThat(batch.second()).isEqualTo(reference.batch(k, 8).second());
            }
        }
        try (ViewSampler sheets = ViewSampler.sheet(data, 3)) {
            ViewBatch batch = sheets.next(4);
            assertThat(batch.size()).isEqualTo(4);
            assertThat(batch.first()).hasSize(4 * 8000).isEqualTo(ViewSampler.sheet(data, 3).batch(0, 4).first());
        }
        assertThat(ViewSampler.audio(data, T, 4).batch(0, 8).first()).isNotEqualTo(reference.batch(0, 8).first());
        assertThatThrownBy(() -> reference.next(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ViewSampler.audio(data, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
