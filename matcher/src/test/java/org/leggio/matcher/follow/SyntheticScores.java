package org.leggio.matcher.follow;

import java.util.Random;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.RepeatStructure;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.StaffSystem;

/**
 * Generated scores whose answer is known: a following grid of random unit vectors that vary smoothly
 * along the strip (like real snippet embeddings, which overlap), bars of 80 px worth 4 beats, systems
 * of 800 px, two systems per page (one in its top half, one in its bottom half).
 */
public final class SyntheticScores {
    public static final int DIM = 32;
    public static final int STRIDE = 8;
    public static final int BAR_PX = 80;
    public static final int SYSTEM_PX = 800;
    /** Page height, px; systems are 400 px high, at y 100..500 (centre 300) and 650..1050 (centre 850). */
    public static final int PAGE_HEIGHT_PX = 1181;
    public static final int SYSTEM_HEIGHT_PX = 400;
    public static final int TOP_SYSTEM_TOP_PX = 100;
    public static final int BOTTOM_SYSTEM_TOP_PX = 650;

    private SyntheticScores() {}

    /** A piece of {@code bars} bars; {@code repeatFrom..repeatTo} (inclusive, written indices) played twice when ≥ 0. */
    public static ScoreIndex piece(String id, int bars, long seed, int repeatFrom, int repeatTo) {
        int width = bars * BAR_PX;
        int count = width / STRIDE;
        Random random = new Random(seed);
        SnippetGrid.Builder grid = SnippetGrid.newBuilder().setStridePx(STRIDE).setEmbeddingDim(DIM).setModelId("synthetic");
        float[] current = unit(random);
        for (int i = 0; i < count; i++) {
            float[] fresh = unit(random);
            for (int d = 0; d < DIM; d++) {
                current[d] = 0.6f * current[d] + 0.4f * fresh[d];
            }
            current = normalise(current);
            grid.addStripXPx(i * STRIDE + STRIDE / 2f);
            for (float v : current) {
                grid.addEmbeddings(v);
            }
        }
        ScoreIndex.Builder index = ScoreIndex.newBuilder().setPieceId(id).setFollowGrid(grid).setIdentifyGrid(grid)
                .setStripWidthPx(width).setStripHeightPx(200);
        int systems = (width + SYSTEM_PX - 1) / SYSTEM_PX;
        for (int s = 0; s < systems; s++) {
            if (s % 2 == 0) {
                index.addPages(Page.newBuilder().setPageIndex(s / 2).setWidthPx(835).setHeightPx(PAGE_HEIGHT_PX));
            }
            // the first system of a page in its top half, the second in its bottom half (page height 1181)
            float top = s % 2 == 0 ? TOP_SYSTEM_TOP_PX : BOTTOM_SYSTEM_TOP_PX;
            index.addSystems(StaffSystem.newBuilder().setSystemIndex(s).setPageIndex(s / 2).setLeftXPx(20)
                    .setRightXPx(20 + SYSTEM_PX).setStripStartXPx(s * SYSTEM_PX).setTopYPx(top)
                    .setCentreYPx(top + SYSTEM_HEIGHT_PX / 2f).setBottomYPx(top + SYSTEM_HEIGHT_PX));
        }
        RepeatStructure.Builder repeats = RepeatStructure.newBuilder();
        for (int b = 0; b < bars; b++) {
            int system = b * BAR_PX / SYSTEM_PX;
            index.addBars(Bar.newBuilder().setBarIndex(b).setLabel(Integer.toString(b + 1)).setSystemIndex(system)
                    .setStartStripXPx(b * BAR_PX).setEndStripXPx((b + 1) * BAR_PX)
                    .setStartPageXPx(20 + b * BAR_PX - system * SYSTEM_PX)
                    .setEndPageXPx(20 + (b + 1) * BAR_PX - system * SYSTEM_PX)
                    .setStartBeats(4.0 * b).setDurationBeats(4).setStartScoreMillis(2000.0 * b));
            repeats.addUnfoldedBarIndices(b);
            if (b == repeatTo && repeatFrom >= 0) {
                for (int r = repeatFrom; r <= repeatTo; r++) {
                    repeats.addUnfoldedBarIndices(r);
                }
            }
        }
        return index.setRepeats(repeats).build();
    }

    /** A noisy version of a unit vector: {@code v + noise·n}, normalised. */
    public static float[] noisy(float[] v, double noise, Random random) {
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = (float) (v[d] + noise * random.nextGaussian() / Math.sqrt(v.length));
        }
        return normalise(out);
    }

    /** Track embedding at a fractional position (linear blend of neighbours). */
    public static float[] at(ScoreTrack track, double position) {
        int p = (int) Math.floor(position);
        int q = Math.min(track.length() - 1, p + 1);
        double f = position - p;
        float[] out = new float[track.dimension()];
        float[] a = basis(track, p);
        float[] b = basis(track, q);
        for (int d = 0; d < out.length; d++) {
            out[d] = (float) ((1 - f) * a[d] + f * b[d]);
        }
        return normalise(out);
    }

    private static float[] basis(ScoreTrack track, int position) {
        float[] e = new float[track.dimension()];
        for (int d = 0; d < e.length; d++) {
            float[] unitD = new float[track.dimension()];
            unitD[d] = 1;
            e[d] = track.similarity(unitD, position);
        }
        return e;
    }

    public static float[] unit(Random random) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    public static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = v[d] * inv;
        }
        return out;
    }
}
