package org.leggio.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RetrievalMetricsTest {
    private static float[] unit(double degrees, double scale) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) (scale * Math.cos(r)), (float) (scale * Math.sin(r))};
    }

    private static double cos(double degrees) {
        return Math.cos(Math.toRadians(degrees));
    }

    /**
     * Audio at 0°, 90°, 45°; sheet at 100°, 90°, 20°. Audio 0's partner (100°) is beaten by 90° and
     * 20°: rank 3. Sheet 2's partner (45°, cos 25°) is beaten by audio 0 (cos 20°): rank 2.
     */
    private static final double[] AUDIO_DEG = {0, 90, 45};
    private static final double[] SHEET_DEG = {100, 90, 20};

    @Test
    void shouldRankTruePartnerThirdWhenTwoCandidatesAreCloser() {
        float[][] audio = new float[3][];
        float[][] sheet = new float[3][];
        for (int i = 0; i < 3; i++) {
            audio[i] = unit(AUDIO_DEG[i], 1 + i);
            sheet[i] = unit(SHEET_DEG[i], 0.5 + 2 * i);
        }

        assertThat(RetrievalMetrics.ranks(audio, sheet)).containsExactly(3, 1, 1);
        assertThat(RetrievalMetrics.ranks(sheet, audio)).containsExactly(3, 1, 2);
        RetrievalResult result = RetrievalMetrics.evaluate(audio, sheet);

        assertThat(result.pairs()).isEqualTo(3);
        RankSummary a2s = result.audioToSheet();
        assertThat(a2s.label()).isEqualTo("audio → sheet");
        assertThat(a2s.recallAt1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(a2s.recallAt5()).isEqualTo(1.0);
        assertThat(a2s.mrr()).isCloseTo((1.0 / 3 + 1 + 1) / 3, within(1e-12));
        assertThat(a2s.medianRank()).isEqualTo(1.0);
        RankSummary s2a = result.sheetToAudio();
        assertThat(s2a.recallAt1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s2a.mrr()).isCloseTo((1.0 / 3 + 1 + 0.5) / 3, within(1e-12));
        assertThat(s2a.medianRank()).isEqualTo(2.0);
        assertThat(s2a.meanRank()).isEqualTo(2.0);
        double all = 0;
        for (double a : AUDIO_DEG) {
            for (double s : SHEET_DEG) {
                all += cos(a - s);
            }
        }
        assertThat(result.meanTrueCosine()).isCloseTo((cos(-100) + cos(0) + cos(25)) / 3, within(1e-6));
        assertThat(result.meanAllCosine()).isCloseTo(all / 9, within(1e-6));
    }

    @Test
    void shouldRankEveryPairFirstForIdentityEmbeddings() {
        int n = 40;
        float[][] identity = new float[n][n];
        for (int i = 0; i < n; i++) {
            identity[i][i] = 1;
        }

        RetrievalResult result = RetrievalMetrics.evaluate(identity, identity);

        for (RankSummary s : new RankSummary[] {result.audioToSheet(), result.sheetToAudio()}) {
            assertThat(s.queries()).isEqualTo(n);
            assertThat(s.recallAt1()).isEqualTo(1.0);
            assertThat(s.mrr()).isEqualTo(1.0);
            assertThat(s.medianRank()).isEqualTo(1.0);
        }
        assertThat(result.meanTrueCosine()).isEqualTo(1.0);
        assertThat(result.meanAllCosine()).isCloseTo(1.0 / n, within(1e-12));
    }

    @Test
    void shouldLetTiesFavourTheQuery() {
        float[][] audio = {{1, 0}, {0, 1}};
        float[][] sheet = {{1, 1}, {1, 1}};

        RetrievalResult result = RetrievalMetrics.evaluate(audio, sheet);

        assertThat(RetrievalMetrics.ranks(audio, sheet)).containsExactly(1, 1);
        assertThat(RetrievalMetrics.ranks(sheet, audio)).containsExactly(1, 1);
        assertThat(result.audioToSheet().mrr()).isEqualTo(1.0);
    }

    @Test
    void shouldCountOnlyStrictlyHigherCandidates() {
        float[][] queries = {{1, 0}, {0, 1}, {1, 1}};
        float[][] candidates = {{1, 1}, {0, 1}, {1, 0.0f}};

        // query 0: true (1,1) cos .707; (1,0) cos 1 is higher, (0,1) cos 0 is not → 2
        // query 1: true (0,1) cos 1 → 1; query 2: true (1,0) cos .707, (1,1) cos 1 higher, (0,1) ties → 2
        assertThat(RetrievalMetrics.ranks(queries, candidates)).containsExactly(2, 1, 2);
    }

    @Test
    void shouldSummariseRanksByHand() {
        RankSummary s = RankSummary.of("x", new int[] {1, 3, 2, 30, 6});

        assertThat(s.queries()).isEqualTo(5);
        assertThat(s.recallAt1()).isEqualTo(0.2);
        assertThat(s.recallAt5()).isEqualTo(0.6);
        assertThat(s.recallAt10()).isEqualTo(0.8);
        assertThat(s.recallAt25()).isEqualTo(0.8);
        assertThat(s.mrr()).isCloseTo((1 + 1 / 3.0 + 1 / 2.0 + 1 / 30.0 + 1 / 6.0) / 5, within(1e-12));
        assertThat(s.medianRank()).isEqualTo(3.0);
        assertThat(s.meanRank()).isEqualTo(8.4);
    }

    @Test
    void shouldTakeMedianOfOddCountAsMiddleRank() {
        assertThat(RankSummary.of("x", new int[] {7, 1, 2}).medianRank()).isEqualTo(2.0);
        assertThat(RankSummary.of("x", new int[] {4}).medianRank()).isEqualTo(4.0);
    }

    @Test
    void shouldTakeMedianOfEvenCountAsMeanOfTheTwoMiddleRanks() {
        assertThat(RankSummary.of("x", new int[] {10, 1, 4, 2}).medianRank()).isEqualTo(3.0);
        assertThat(RankSummary.of("x", new int[] {2, 1, 1, 2}).medianRank()).isEqualTo(1.5);
    }

    @Test
    void shouldRejectBadRanks() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> RankSummary.of("x", new int[0])))
                .hasMessage("ranks must not be empty");
        assertThat(assertThrows(IllegalArgumentException.class, () -> RankSummary.of("x", new int[] {1, 0})))
                .hasMessage("ranks are 1-based but one was 0");
    }

    @Test
    void shouldRejectBadEmbeddingsNamingInputAndRow() {
        float[][] two = {{1, 0}, {0, 1}};
        assertThat(assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(two, new float[][] {{1, 0}})))
                .hasMessage("audio has 2 rows but sheet has 1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(new float[0][], new float[0][])))
                .hasMessage("audio must not be empty");
        assertThat(assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(two, new float[][] {{1, 0}, {0, 0}})))
                .hasMessage("sheet row 1 is all zeros: its cosine is undefined");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> RetrievalMetrics.evaluate(new float[][] {{1, 0}, {Float.NaN, 1}}, two)))
                .hasMessage("audio row 1 has a non-finite value NaN at 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(two, new float[][] {{1, 0}, {0, 1, 2}})))
                .hasMessage("sheet row 1 has 3 values but row 0 has 2");
        assertThat(assertThrows(IllegalArgumentException.class, () -> RetrievalMetrics.evaluate(two, new float[][] {{1, 0, 0}, {0, 1, 0}})))
                .hasMessage("audio rows have 2 values but sheet rows have 3");
    }

    @Test
    void shouldMatchNaiveRankingIncludingDuplicateRows() {
        int n = 257;
        float[][] audio = gaussian(n, 8, 11);
        float[][] sheet = gaussian(n, 8, 12);
        for (int i = 0; i < n; i += 10) {
            sheet[i + 1] = sheet[i].clone();
            audio[i + 2] = audio[i].clone();
        }

        RetrievalResult result = RetrievalMetrics.evaluate(audio, sheet);

        int[] a2s = RetrievalMetrics.ranks(audio, sheet);
        int[] s2a = RetrievalMetrics.ranks(sheet, audio);
        assertThat(a2s).containsExactly(naiveRanks(audio, sheet));
        assertThat(s2a).containsExactly(naiveRanks(sheet, audio));
        assertThat(result.audioToSheet()).isEqualTo(RankSummary.of("audio → sheet", a2s));
        assertThat(result.sheetToAudio()).isEqualTo(RankSummary.of("sheet → audio", s2a));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRankTenThousandPairsInSeconds() {
        int n = 10_000;
        float[][] audio = gaussian(n, 32, 1);
        float[][] sheet = new float[n][32];
        Random random = new Random(2);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 32; k++) {
                sheet[i][k] = audio[i][k] + 0.8f * (float) random.nextGaussian();
            }
        }

        long start = System.nanoTime();
        RetrievalResult result = RetrievalMetrics.evaluate(audio, sheet);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("RetrievalMetrics n=10000 d=32: %.2f s, A2S MRR %.3f, S2A MRR %.3f%n", seconds,
                result.audioToSheet().mrr(), result.sheetToAudio().mrr());
        assertThat(result.audioToSheet().queries()).isEqualTo(n);
        assertThat(result.audioToSheet().recallAt1()).isGreaterThan(0.5);
        assertThat(result.meanTrueCosine()).isGreaterThan(result.meanAllCosine());
    }

    static float[][] gaussian(int n, int d, long seed) {
        Random random = new Random(seed);
        float[][] m = new float[n][d];
        for (float[] row : m) {
            for (int k = 0; k < d; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        return m;
    }

    private static int[] naiveRanks(float[][] queries, float[][] candidates) {
        int n = queries.length;
        double[][] cos = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double qq = 0;
                double cc = 0;
                for (int k = 0; k < queries[i].length; k++) {
                    dot += queries[i][k] * (double) candidates[j][k];
                    qq += queries[i][k] * (double) queries[i][k];
                    cc += candidates[j][k] * (double) candidates[j][k];
                }
                cos[i][j] = dot / Math.sqrt(qq * cc);
            }
        }
        int[] ranks = new int[n];
        for (int i = 0; i < n; i++) {
            ranks[i] = 1;
            for (int j = 0; j < n; j++) {
                if (j != i && cos[i][j] > cos[i][i] + 1e-9) {
                    ranks[i]++;
                }
            }
        }
        return ranks;
    }
}
