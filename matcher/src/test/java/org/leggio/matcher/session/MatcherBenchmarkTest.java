package org.leggio.matcher.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leggio.matcher.follow.ScoreTrack;

class MatcherBenchmarkTest {

    @Test
    void tinyRunTimesFollowerAndSessionsAndRendersEveryRow() {
        List<String> progress = new ArrayList<>();
        MatcherBenchmark.Options options = new MatcherBenchmark.Options(50, List.of(500, 2_500), 1_000_000, 7);

        List<MatcherBenchmark.Row> rows = MatcherBenchmark.run(options, progress::add);

        List<MatcherBenchmark.Row> timed = rows.stream().filter(MatcherBenchmark.Row::timed).toList();
        assertThat(timed).extracting(MatcherBenchmark.Row::what)
                .containsExactly("follower step (OnlineDtwFollower)", "session, 1 piece", "session, library",
                        "identifying, library", "session, library", "identifying, library");
        for (MatcherBenchmark.Row row : timed) {
            assertThat(row.p50Micros()).isFinite().isPositive().isLessThanOrEqualTo(row.p99Micros());
            assertThat(row.p99Micros()).isFinite();
            assertThat(row.meanMicros()).isFinite().isPositive();
            assertThat(row.realTimeFactor()).isFinite().isPositive()
                    .isCloseTo(row.meanMicros() / 100_000, org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
        assertThat(timed.get(1).librarySnippets()).isEqualTo(MatcherBenchmark.FOLLOW_TRACK_POSITIONS);
        assertThat(timed.subList(2, 6)).extracting(MatcherBenchmark.Row::librarySnippets)
                .containsExactly(500, 500, 2_500, 2_500);
        assertThat(timed.subList(1, 6)).allSatisfy(row -> assertThat(row.buildSeconds()).isFinite().isPositive());
        // pieces of 400 snippets: 500 snippets in 2, 2,500 in 7
        assertThat(timed.get(2).note()).startsWith("exact index, 2 pieces,");
        assertThat(timed.get(3).note()).startsWith("exact index, 2 pieces;").contains("verifications");
        assertThat(timed.get(4).note()).startsWith("exact index, 7 pieces");
        assertThat(timed.get(5).note()).startsWith("exact index, 7 pieces;");

        List<MatcherBenchmark.Row> memory = rows.stream().filter(row -> !row.timed()).toList();
        assertThat(memory).extracting(MatcherBenchmark.Row::what).containsExactly("memory: follower state",
                "memory: identifier buffers (estimate)", "memory: heap per follower (measured)");
        assertThat(memory.get(1).note()).contains("7 pieces x 8 B");
        assertThat(progress).isNotEmpty();

        String table = MatcherBenchmark.markdown(rows);
        assertThat(table.lines()).hasSize(2 + rows.size());
        assertThat(table).startsWith("| measured |").contains("| 2,500 |").contains("| 6,000 |");
        assertThat(table.lines().skip(2)).allSatisfy(line -> assertThat(line).startsWith("| ").endsWith(" |"));
    }

    @Test
    void theIndexFollowsTheThresholds() {
        List<String> progress = new ArrayList<>();
        // IVF from 2,000 snippets: the library of 2,500 gets it, the one-piece library (6,000) too
        MatcherBenchmark.Options options = new MatcherBenchmark.Options(20, List.of(2_500), 2_000, Integer.MAX_VALUE, 3);

        List<MatcherBenchmark.Row> rows = MatcherBenchmark.run(options, progress::add);

        List<MatcherBenchmark.Row> sessions = rows.stream().filter(MatcherBenchmark.Row::timed).skip(1).toList();
        assertThat(sessions).allSatisfy(row -> assertThat(row.note()).startsWith("IVF index"));
        assertThat(options.indexPolicy().kindFor(1_999)).isEqualTo(org.leggio.matcher.identify.SnippetIndexes.Kind.EXACT);
        assertThat(new MatcherBenchmark.Options(20, List.of(10), 5, 3).indexPolicy().kindFor(5))
                .isEqualTo(org.leggio.matcher.identify.SnippetIndexes.Kind.HNSW);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new MatcherBenchmark.Options(0, List.of(10), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatcherBenchmark.Options(10, List.of(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatcherBenchmark.Options(10, List.of(0), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatcherBenchmark.Options(10, List.of(10), -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatcherBenchmark.Options(10, List.of(10), -1, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ivfThreshold");
        assertThat(MatcherBenchmark.Options.defaults().sizes()).containsExactly(1_000, 10_000, 100_000, 1_000_000);
    }

    @Test
    void syntheticLibraryHasTheAskedSnippetsAndSmoothUnitEmbeddings() {
        MatcherBenchmark.Synthetic.Library library = MatcherBenchmark.Synthetic.library(4_001, 32,
                new SplittableRandom(3));
        // 400 snippets per piece, rounded up
        assertThat(library.pieces()).hasSize(11);
        assertThat(library.pieces().stream().mapToInt(p -> p.getIdentifyGrid().getStripXPxCount()).sum())
                .isEqualTo(4_001);
        PieceLibrary built = PieceLibrary.of(library.pieces());
        assertThat(built.snippetCount()).isEqualTo(4_001);
        ScoreTrack track = built.track(0);
        assertThat(track.length()).isEqualTo(library.followed().embeddings().length / 32);
        float[] first = java.util.Arrays.copyOfRange(library.followed().embeddings(), 0, 32);
        assertThat(track.similarity(first, 0)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(track.similarity(first, 1)).isBetween(0.5f, 0.99f);
    }
}
