package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceSplitTest {
    @TempDir
    Path dir;

    static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "Composer" + (i % 7) + "_Piece_" + i).toList();
    }

    @Test
    void isDeterministicAndDependsOnTheSeed() {
        List<String> ids = ids(300);
        assertThat(PieceSplit.assign(ids, 7).asMap()).isEqualTo(PieceSplit.assign(new ArrayList<>(ids), 7).asMap());
        assertThat(PieceSplit.assign(ids, 7).asMap()).isNotEqualTo(PieceSplit.assign(ids, 8).asMap());
    }

    @Test
    void addingPiecesMovesNoOtherPiece() {
        List<String> ids = ids(300);
        PieceSplit before = PieceSplit.assign(ids.subList(0, 200), 3);
        PieceSplit after = PieceSplit.assign(ids, 3);
        for (String id : ids.subList(0, 200)) {
            assertThat(after.splitOf(id)).as(id).isEqualTo(before.splitOf(id));
        }
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(PieceSplit.assign(reversed, 3).asMap()).as("order does not matter").isEqualTo(after.asMap());
    }

    @Test
    void fractionsAreAbout80_10_10() {
        PieceSplit split = PieceSplit.assign(ids(5000), 1);
        assertThat(split.pieceIds(PieceSplit.Split.TRAIN).size()).isBetween(3850, 4150);
        assertThat(split.pieceIds(PieceSplit.Split.VALID).size()).isBetween(420, 580);
        assertThat(split.pieceIds(PieceSplit.Split.TEST).size()).isBetween(420, 580);
    }

    @Test
    void allFoldersAndPerformancesOfAPieceShareASide() {
        TestCorpus corpus = new TestCorpus(dir);
        for (int i = 0; i < 30; i++) {
            String piece = "C" + (i % 5) + "_P" + i;
            corpus.folder(piece, "C" + (i % 5), "T", "C/P" + i + "/a", "A" + i)
                    .folder(piece, "C" + (i % 5), "T", "C/P" + i + "/a_no_repeat", "B" + i, "D" + i);
        }
        AsapCorpus asap = AsapCorpus.open(corpus.write());
        for (long seed = 0; seed < 20; seed++) {
            PieceSplit split = PieceSplit.assign(asap, seed);
            Map<String, Set<PieceSplit.Split>> sidesOfPiece = asap.performances().stream().collect(Collectors.groupingBy(
                    Performance::pieceId, Collectors.mapping(p -> split.splitOf(p.pieceId()), Collectors.toSet())));
            sidesOfPiece.forEach((piece, sides) -> assertThat(sides).as(piece).hasSize(1));
            assertThat(split.asMap()).hasSize(30);
        }
    }

    @Test
    void smallCorporaStillGetPerformedPiecesBySeveralComposersInValidAndTest() {
        TestCorpus corpus = new TestCorpus(dir);
        for (int i = 0; i < 12; i++) {
            corpus.folder("C" + (i % 4) + "_P" + i, "C" + (i % 4), "T", "C" + (i % 4) + "/P" + i, "A" + i);
        }
        corpus.folder("C0_Unplayed", "C0", "T", "C0/Unplayed"); // a score-only piece never satisfies anything
        AsapCorpus asap = AsapCorpus.open(corpus.write());
        int corrected = 0;
        for (long seed = 0; seed < 50; seed++) {
            PieceSplit split = PieceSplit.assign(asap, seed);
            assertThat(composersWithPerformances(asap, split, PieceSplit.Split.TEST)).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(3);
            assertThat(composersWithPerformances(asap, split, PieceSplit.Split.VALID)).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(2);
            assertThat(composersWithPerformances(asap, split, PieceSplit.Split.TRAIN)).as("seed %d", seed).isNotEmpty();
            PieceSplit plain = PieceSplit.assign(asap.pieceIds(), seed);
            if (!plain.asMap().equals(split.asMap())) {
                corrected++;
                // Only training pieces move.
                split.asMap().forEach((piece, side) -> {
                    if (side != plain.splitOf(piece)) {
                        assertThat(plain.splitOf(piece)).isEqualTo(PieceSplit.Split.TRAIN);
                    }
                });
            }
        }
        assertThat(corrected).as("12 pieces by hash alone rarely satisfy the minimums").isGreaterThan(25);
    }

    static Set<String> composersWithPerformances(AsapCorpus corpus, PieceSplit split, PieceSplit.Split side) {
        Set<String> out = new HashSet<>();
        corpus.performances().stream().filter(p -> split.splitOf(p.pieceId()) == side)
                .forEach(p -> out.add(p.composer()));
        return out;
    }

    @Test
    void writesAndReadsSplitCsv() {
        List<String> ids = new ArrayList<>(ids(40));
        ids.add("Odd, \"quoted\" piece");
        PieceSplit split = PieceSplit.assign(ids, 5);
        Path csv = dir.resolve("out").resolve(PieceSplit.FILE_NAME);
        split.write(csv);
        assertThat(PieceSplit.read(csv).asMap()).isEqualTo(split.asMap());

        TestCorpus.write(csv, "piece_id,split\nA,train\nB,training\n");
        assertThatThrownBy(() -> PieceSplit.read(csv)).hasMessageContaining("split.csv line 3")
                .hasMessageContaining("'training'");
        TestCorpus.write(csv, "piece_id,split\nA,train\nA,test\n");
        assertThatThrownBy(() -> PieceSplit.read(csv)).hasMessageContaining("twice");
    }

    @Test
    void summaryCountsPiecesPerformancesAndHours() {
        TestCorpus corpus = new TestCorpus(dir);
        for (int i = 0; i < 20; i++) {
            corpus.folder("C" + (i % 4) + "_P" + i, "C" + (i % 4), "T", "C/P" + i, "A" + i, "B" + i);
        }
        AsapCorpus asap = AsapCorpus.open(corpus.write());
        PieceSplit split = PieceSplit.assign(asap, 0);
        String summary = split.summary(asap, p -> 1800.0); // every performance half an hour
        int test = split.pieceIds(PieceSplit.Split.TEST).size();
        assertThat(summary).contains(String.format("%-6s %7d %10d %8d %13d %7.2f", "test", test, test, test, 2 * test,
                test * 1.0));
        assertThat(summary).contains(String.format("%-6s %7d %10d %8d %13d %7.2f", "total", 20, 20, 20, 40, 20.0));
    }
}
