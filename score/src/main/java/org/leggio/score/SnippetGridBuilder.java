package org.leggio.score;

import java.util.ArrayList;
import java.util.List;
import org.leggio.model.Embedder;
import org.leggio.model.SheetSnippets;
import org.leggio.proto.v1.SnippetGrid;

/**
 * Snippet positions along a strip and their embeddings. Snippets are centred at strip x = 0,
 * stride, 2·stride, … below the strip width; each is the network's 80 × 100 input cut by
 * {@link SheetSnippets}. Stateless.
 */
public final class SnippetGridBuilder {
    /** Default stride for following, px. */
    public static final int FOLLOW_STRIDE_PX = 8;
    /** Default stride for identification, px. */
    public static final int IDENTIFY_STRIDE_PX = 50;
    /** Snippets per call of the embedder: large enough to batch well, small enough to report progress. */
    private static final int BATCH = 256;

    /** Told after each embedded batch: snippets done and the total. */
    @FunctionalInterface
    public interface SnippetProgress {
        void snippetsDone(int done, int total);

        SnippetProgress NONE = (done, total) -> {};
    }

    private SnippetGridBuilder() {}

    /** The centres of the snippets, px of the strip. */
    public static float[] positions(int stripWidthPx, int stridePx) {
        if (stridePx < 1) {
            throw new IllegalArgumentException("stride must be ≥ 1 px but is " + stridePx);
        }
        float[] xs = new float[(stripWidthPx + stridePx - 1) / stridePx];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = k * stridePx;
        }
        return xs;
    }

    /**
     * Builds a grid with embeddings.
     *
     * @param embedder the model; its id is recorded
     */
    public static SnippetGrid build(UnrolledStrip strip, int stridePx, Embedder embedder, SnippetProgress progress) {
        float[] xs = positions(strip.widthPx(), stridePx);
        int dim = embedder.info().embeddingDim();
        SnippetGrid.Builder grid = SnippetGrid.newBuilder().setStridePx(stridePx).setEmbeddingDim(dim)
                .setModelId(embedder.info().modelId());
        for (float x : xs) {
            grid.addStripXPx(x);
        }
        for (int start = 0; start < xs.length; start += BATCH) {
            int end = Math.min(xs.length, start + BATCH);
            List<float[][]> snippets = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                snippets.add(SheetSnippets.cut(strip.image(), Math.round(xs[k])));
            }
            for (float[] embedding : embedder.embedSheet(snippets)) {
                for (float v : embedding) {
                    grid.addEmbeddings(v);
                }
            }
            progress.snippetsDone(end, xs.length);
        }
        return grid.build();
    }
}
