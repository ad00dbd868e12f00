package org.leggio.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceIdentificationTest {
    private static final IdentificationConfig CONFIG = IdentificationConfig.defaults();

    /** {@code count} noisy copies of the unit vector e_axis in {@code d} dimensions. */
    private static float[][] cluster(int axis, int count, int d, Random random) {
        float[][] rows = new float[count][d];
        for (float[] row : rows) {
            for (int k = 0; k < d; k++) {
                row[k] = 0.05f * (float) random.nextGaussian();
            }
            row[axis] += 1;
        }
        return rows;
    }

    private static PieceEmbeddings pieces(Object... idsAndSequences) {
        Map<String, float[][]> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndSequences.length; i += 2) {
            map.put((String) idsAndSequences[i], (float[][]) idsAndSequences[i + 1]);
        }
        return PieceEmbeddings.of(map);
    }

    @Test
    void shouldIdentifyEveryPieceWhoseSnippetsClusterApart() {
        Random random = new Random(3);
        PieceEmbeddings queries = pieces("a", cluster(0, 30, 8, random), "b", cluster(1, 150, 8, random), "c", cluster(2, 5, 8, random));
        PieceEmbeddings database = pieces("a", cluster(0, 40, 8, random), "b", cluster(1, 40, 8, random), "c", cluster(2, 40, 8, random),
                "distractor", cluster(3, 40, 8, random));

        IdentificationReport report = PieceIdentification.identify(queries, database, CONFIG);

        for (IdentificationResult result : List.of(report.vote(), report.dtw())) {
            assertThat(result.summary().recallAt1()).isEqualTo(1.0);
            assertThat(result.summary().mrr()).isEqualTo(1.0);
            assertThat(result.outcomes()).extracting(IdentificationResult.Outcome::predictedPieceId).containsExactly("a", "b", "c");
        }
        assertThat(report.vote().outcomes()).extracting(IdentificationResult.Outcome::score)
                .containsExactly(30.0 * 25, 100.0 * 25, 5.0 * 25);
        assertThat(report.queryPieces()).isEqualTo(3);
        assertThat(report.candidatePieces()).isEqualTo(4);
    }

    @Test
    void shouldMisidentifyAPieceWhoseSnippetsLieNearAnotherPiece() {
        Random random = new Random(4);
        PieceEmbeddings queries = pieces("a", cluster(0, 20, 8, random), "c", cluster(0, 20, 8, random));
        PieceEmbeddings database = pieces("a", cluster(0, 30, 8, random), "b", cluster(1, 30, 8, random), "c", cluster(2, 30, 8, random));

        IdentificationResult vote = PieceIdentification.vote(queries, database, CONFIG);
        IdentificationResult dtw = PieceIdentification.dtw(queries, database, CONFIG);

        for (IdentificationResult result : List.of(vote, dtw)) {
            assertThat(result.outcomes().get(0).rank()).isEqualTo(1);
            IdentificationResult.Outcome c = result.outcomes().get(1);
            assertThat(c.pieceId()).isEqualTo("c");
            assertThat(c.predictedPieceId()).isEqualTo("a");
            assertThat(c.rank()).isGreaterThan(1);
            assertThat(result.summary().recallAt1()).isEqualTo(0.5);
        }
        assertThat(vote.outcomes().get(1).score()).isEqualTo(0.0);
        // c got no votes; b and c tie on (0 votes, 0 similarity) and order by id: a, b, c.
        assertThat(vote.outcomes().get(1).rank()).isEqualTo(3);
        assertThat(vote.summary().mrr()).isCloseTo((1 + 1 / 3.0) / 2, within(1e-12));
    }

    @Test
    void shouldBreakEqualVotesByHigherSummedSimilarity() {
        float[][] query = {{1, 0}};
        PieceEmbeddings database = pieces("a", new float[][] {{0.8f, 0.6f}}, "b", new float[][] {{0.9f, 0.43588989f}},
                "z", new float[][] {{-1, 0}});
        IdentificationConfig two = IdentificationConfig.builder().neighbours(2).build();

        IdentificationResult vote = PieceIdentification.vote(pieces("a", query), database, two);

        // a and b get one vote each; b's is more similar (0.9 > 0.8), so b ranks first.
        assertThat(vote.outcomes().get(0).predictedPieceId()).isEqualTo("b");
        assertThat(vote.outcomes().get(0).rank()).isEqualTo(2);
        assertThat(vote.outcomes().get(0).score()).isEqualTo(1.0);
    }

    @Test
    void shouldBreakFullTiesByPieceId() {
        float[][] row = {{0.6f, 0.8f}};
        PieceEmbeddings database = pieces("b", row, "a", row, "c", new float[][] {{0, -1}});

        IdentificationResult vote = PieceIdentification.vote(pieces("b", new float[][] {{0, 1}}), database,
                IdentificationConfig.builder().neighbours(2).build());
        IdentificationResult dtw = PieceIdentification.dtw(pieces("b", new float[][] {{0, 1}}), database, CONFIG);

        for (IdentificationResult result : List.of(vote, dtw)) {
            assertThat(result.outcomes().get(0).predictedPieceId()).isEqualTo("a");
            assertThat(result.outcomes().get(0).rank()).isEqualTo(2);
        }
    }

    @Test
    void shouldPreferTheNearestNeighbourWithTheLowerRowOnEqualSimilarity() {
        float[][] row = {{0.6f, 0.8f}};
        PieceEmbeddings database = pieces("b", row, "a", row);

        IdentificationResult vote = PieceIdentification.vote(pieces("a", new float[][] {{0, 1}}), database,
                IdentificationConfig.builder().neighbours(1).build());

        // The single vote goes to database row 0, piece b.
        assertThat(vote.outcomes().get(0).predictedPieceId()).isEqualTo("b");
        assertThat(vote.outcomes().get(0).score()).isEqualTo(0.0);
    }

    @Test
    void shouldTellPiecesWithTheSameSnippetsInADifferentOrderApartByDtwOnly() {
        float[][] x = {{1, 0, 0}};
        float[][] forward = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        float[][] backward = {forward[2], forward[1], forward[0]};
        float[][] query = {forward[2], forward[2], forward[1], forward[1], forward[1], forward[0]};
        PieceEmbeddings database = pieces("a-forward", forward, "b-backward", backward, "c-other", x);

        IdentificationReport report = PieceIdentification.identify(pieces("b-backward", query), database, CONFIG);

        // Votes tie between the two orders (same snippets), and "a-forward" wins on id; DTW sees the order.
        assertThat(report.vote().outcomes().get(0).predictedPieceId()).isEqualTo("a-forward");
        assertThat(report.vote().outcomes().get(0).rank()).isEqualTo(2);
        assertThat(report.dtw().outcomes().get(0).predictedPieceId()).isEqualTo("b-backward");
        assertThat(report.dtw().outcomes().get(0).rank()).isEqualTo(1);
        assertThat(report.dtw().outcomes().get(0).score()).isEqualTo(0.0);
    }

    @Test
    void shouldCostATimeStretchedCopyLessThanAReversedOrOtherSequence() {
        Random random = new Random(5);
        int length = 40;
        float[][] reference = new float[length][];
        for (int t = 0; t < length; t++) {
            double phase = 2 * Math.PI * t / length;
            reference[t] = new float[] {(float) Math.cos(phase), (float) Math.sin(phase), (float) Math.cos(2 * phase), 0.3f};
        }
        float[][] stretched = new float[70][];
        for (int t = 0; t < stretched.length; t++) {
            float[] r = reference[t * length / stretched.length];
            stretched[t] = new float[] {r[0] + 0.01f * (float) random.nextGaussian(), r[1], r[2], r[3]};
        }
        float[][] reversed = new float[length][];
        for (int t = 0; t < length; t++) {
            reversed[t] = reference[length - 1 - t];
        }
        float[][] other = RetrievalMetricsTest.gaussian(length, 4, 6);

        double stretchedCost = PieceIdentification.dtwCost(stretched, reference);
        double reversedCost = PieceIdentification.dtwCost(stretched, reversed);
        double otherCost = PieceIdentification.dtwCost(stretched, other);

        assertThat(stretchedCost).isLessThan(1e-3);
        assertThat(reversedCost).isGreaterThan(stretchedCost + 0.1);
        assertThat(otherCost).isGreaterThan(stretchedCost + 0.1);
        assertThat(PieceIdentification.dtwCost(reference, reference)).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void shouldNormaliseDtwCostByPathLength() {
        float[][] e1 = {{1, 0}};
        float[][] e2 = {{0, 1}};

        // Orthogonal single rows: cost 1 on a path of 1 cell.
        assertThat(PieceIdentification.dtwCost(e1, e2)).isEqualTo(1.0);
        // [e1, e2] vs [e1, e1, e2]: a 3-cell path of zero cost.
        assertThat(PieceIdentification.dtwCost(new float[][] {{1, 0}, {0, 1}}, new float[][] {{2, 0}, {1, 0}, {0, 3}})).isEqualTo(0.0);
        // [e1, e2] vs [e2, e1]: C = [[1, 0], [0, 1]]; best is the diagonal, 2 over 2 cells (ties prefer it).
        assertThat(PieceIdentification.dtwCost(new float[][] {{1, 0}, {0, 1}}, new float[][] {{0, 1}, {1, 0}})).isEqualTo(1.0);
        // [e1] vs [e1, e2, e2]: costs 0 + 1 + 1 over 3 cells.
        assertThat(PieceIdentification.dtwCost(e1, new float[][] {{1, 0}, {0, 1}, {0, 1}})).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void shouldTakeAtMostTheConfiguredEvenlySpacedQuerySnippets() {
        Random random = new Random(8);
        float[][] query = cluster(0, 1000, 4, random);
        query[0] = new float[] {0, 1, 0, 0};
        PieceEmbeddings database = pieces("a", cluster(0, 10, 4, random), "b", cluster(1, 10, 4, random));

        IdentificationResult vote = PieceIdentification.vote(pieces("a", query), database,
                IdentificationConfig.builder().neighbours(10).build());

        // 100 of the 1000 snippets, 10 votes each; the first (index 0) is near b, the other 99 near a.
        assertThat(vote.outcomes().get(0).score()).isEqualTo(99 * 10);
        assertThat(vote.outcomes().get(0).rank()).isEqualTo(1);
    }

    @Test
    void shouldRejectQueryPiecesMissingFromTheDatabase() {
        PieceEmbeddings database = pieces("a", new float[][] {{1, 0}});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PieceIdentification.identify(pieces("q", new float[][] {{1, 0}}), database, CONFIG));

        assertThat(e).hasMessage("query piece 'q' is not in the database; every query piece must be a candidate");
    }

    @Test
    void shouldRejectDifferentEmbeddingSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PieceIdentification.vote(pieces("a", new float[][] {{1, 0, 0}}), pieces("a", new float[][] {{1, 0}}), CONFIG));

        assertThat(e).hasMessage("query embeddings have 3 values but database embeddings have 2");
    }

    @Test
    void shouldGroupRowsByPieceKeepingOrder() {
        PieceEmbeddings p = PieceEmbeddings.of(new float[][] {{1, 0}, {0, 2}, {3, 0}, {0, 4}}, List.of("y", "x", "y", "x"));

        assertThat(p.pieces()).containsExactly("y", "x");
        assertThat(p.rowCount()).isEqualTo(4);
        assertThat(p.dim()).isEqualTo(2);
        assertThat(p.sequence("y")).isDeepEqualTo(new float[][] {{1, 0}, {1, 0}});
        assertThat(p.sequence("x")).isDeepEqualTo(new float[][] {{0, 1}, {0, 1}});
        assertThat(assertThrows(IllegalArgumentException.class, () -> PieceEmbeddings.of(new float[][] {{1}}, List.of())))
                .hasMessage("rows has 1 rows but pieceIds has 0 ids");
        assertThat(assertThrows(IllegalArgumentException.class, () -> pieces("a", new float[0][])))
                .hasMessage("piece 'a' has no rows");
        assertThat(assertThrows(IllegalArgumentException.class, () -> pieces("a", new float[][] {{1, 0}}, "b", new float[][] {{1}})))
                .hasMessage("piece 'b' rows have 1 values but earlier rows have 2");
    }

    @Test
    void shouldValidateIdentificationConfig() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> IdentificationConfig.builder().neighbours(0)))
                .hasMessage("neighbours must be >= 1 but was 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> IdentificationConfig.builder().querySnippets(-1)))
                .hasMessage("querySnippets must be >= 1 but was -1");
        assertThat(CONFIG.querySnippets()).isEqualTo(100);
        assertThat(CONFIG.neighbours()).isEqualTo(25);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
    void shouldIdentifyAHundredPiecesAgainstThirtyThousandSnippetsInSeconds() {
        Random random = new Random(9);
        Map<String, float[][]> queries = new LinkedHashMap<>();
        Map<String, float[][]> database = new LinkedHashMap<>();
        for (int p = 0; p < 100; p++) {
            float[][] centre = RetrievalMetricsTest.gaussian(300, 32, p);
            float[][] query = new float[300][32];
            for (int t = 0; t < 300; t++) {
                for (int k = 0; k < 32; k++) {
                    query[t][k] = centre[t][k] + 0.5f * (float) random.nextGaussian();
                }
            }
            String id = String.format("piece-%03d", p);
            queries.put(id, query);
            database.put(id, centre);
        }

        long start = System.nanoTime();
        IdentificationReport report = PieceIdentification.identify(PieceEmbeddings.of(queries), PieceEmbeddings.of(database), CONFIG);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("PieceIdentification 100 pieces x 100 queries vs 30000 snippets, d=32: %.2f s, vote top-1 %.2f, dtw top-1 %.2f%n",
                seconds, report.vote().summary().recallAt1(), report.dtw().summary().recallAt1());
        assertThat(report.vote().summary().recallAt1()).isEqualTo(1.0);
        assertThat(report.dtw().summary().recallAt1()).isEqualTo(1.0);
    }
}
