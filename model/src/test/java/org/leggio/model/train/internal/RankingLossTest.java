package org.leggio.model.train.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leggio.model.train.CcaSolution;
import org.leggio.model.train.CcaStatistics;

class RankingLossTest {
    private static final int B = 48;
    private static final int D = 6;
    private static final float SMOOTH_MARGIN = 2.5f;

    /** Correlated codes: audio = sheet · M + noise, with very different scales per dimension. */
    private static float[][] codes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] sheet = new float[B * D];
        float[] audio = new float[B * D];
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < D; k++) {
                sheet[i * D + k] = (float) (r.nextGaussian() * Math.pow(4, k) + 3 * k);
            }
            for (int k = 0; k < D; k++) {
                double v = 0;
                for (int j = 0; j < D; j++) {
                    v += sheet[i * D + j] * ((j + 2 * k) % 3 - 1) / Math.pow(4, j);
                }
                audio[i * D + k] = (float) (v * (k + 1) + r.nextGaussian() * 0.7 - 5);
            }
        }
        return new float[][] {sheet, audio};
    }

    @Test
    void similaritiesEqualThoseOfTheExactCcaLayer() {
        float[][] c = codes(1);
        CcaStatistics stats = new CcaStatistics(D);
        stats.add(c[0], c[1], B);
        CcaSolution exact = stats.solve();
        float[][] es = exact.projectSheet(rows(c[0]));
        float[][] ea = exact.projectAudio(rows(c[1]));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = new RankingLoss(0.6f, 1e-3, true).similarities(
                    m.create(c[0], new Shape(B, D)), m.create(c[1], new Shape(B, D)));
            float[] sim = s.toFloatArray();
            for (int i = 0; i < B; i++) {
                for (int j = 0; j < B; j++) {
                    double want = 0;
                    for (int k = 0; k < D; k++) {
                        want += es[i][k] * ea[j][k];
                    }
                    assertThat((double) sim[i * B + j]).as("cos(%d,%d)", i, j).isCloseTo(want, within(2e-3));
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        float[][] c = codes(2);
        // margin 2.5 > 2 keeps every hinge term active, so the loss is smooth and central
        // differences are exact up to float rounding
        RankingLoss loss = new RankingLoss(SMOOTH_MARGIN, 1e-3, true);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sheet = m.create(c[0], new Shape(B, D));
            NDArray audio = m.create(c[1], new Shape(B, D));
            sheet.setRequiresGradient(true);
            audio.setRequiresGradient(true);
            float[] gradSheet;
            float[] gradAudio;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.loss(sheet, audio);
                assertThat(l.getFloat()).isGreaterThan(0f);
                gc.backward(l);
            }
            gradSheet = sheet.getGradient().toFloatArray();
            gradAudio = audio.getGradient().toFloatArray();
            int checked = 0;
            for (int idx : new int[] {0, 7, 13, 40, 101, 200, 287}) {
                double h = 1e-2 * Math.max(1, Math.abs(c[0][idx]));
                double fd = (lossWith(c, 0, idx, h) - lossWith(c, 0, idx, -h)) / (2 * h);
                assertThat((double) gradSheet[idx]).as("d loss / d sheet[%d]", idx)
                        .isCloseTo(fd, within(1e-3 + 0.05 * Math.abs(fd)));
                double ha = 1e-2 * Math.max(1, Math.abs(c[1][idx]));
                double fda = (lossWith(c, 1, idx, ha) - lossWith(c, 1, idx, -ha)) / (2 * ha);
                assertThat((double) gradAudio[idx]).as("d loss / d audio[%d]", idx)
                        .isCloseTo(fda, within(1e-3 + 0.05 * Math.abs(fda)));
                checked += Math.abs(fd) > 1e-5 ? 1 : 0;
            }
            assertThat(checked).as("non-trivial gradients checked").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void matchingPairsWithoutNegativesWithinTheMarginGiveZeroLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            // orthogonal one-hot codes: cos(i,i) = 1, cos(i,j) = 0, margin 0.6 → no violation
            float[] eye = new float[4 * 4];
            for (int i = 0; i < 4; i++) {
                eye[i * 4 + i] = 1;
            }
            NDArray x = m.create(eye, new Shape(4, 4));
            assertThat(new RankingLoss(0.6f, 1e-3, false).loss(x, x).getFloat()).isEqualTo(0f);
            // swapped audio: every anchor's true partner is orthogonal, one negative is identical
            float[] swapped = new float[16];
            for (int i = 0; i < 4; i++) {
                swapped[i * 4 + (i ^ 1)] = 1;
            }
            float l = new RankingLoss(0.6f, 1e-3, false).loss(x, m.create(swapped, new Shape(4, 4))).getFloat();
            // per anchor: one negative costs 0.6 + 1, two cost 0.6; mean over 12 (i, j ≠ i)
            assertThat(l).isCloseTo((4 * (1.6f + 1.2f)) / 12f, within(1e-5f));
        }
    }

    private static double lossWith(float[][] c, int which, int idx, double delta) {
        float[][] copy = {c[0].clone(), c[1].clone()};
        copy[which][idx] += (float) delta;
        try (NDManager m = NDManager.newBaseManager()) {
            return new RankingLoss(SMOOTH_MARGIN, 1e-3, true).loss(
                    m.create(copy[0], new Shape(B, D)), m.create(copy[1], new Shape(B, D))).getFloat();
        }
    }

    private static float[][] rows(float[] flat) {
        float[][] out = new float[B][D];
        for (int i = 0; i < B; i++) {
            System.arraycopy(flat, i * D, out[i], 0, D);
        }
        return out;
    }
}
