package org.leggio.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leggio.dataset.asap.PieceSplit;
import org.leggio.dataset.asap.SoundfontBank;
import org.leggio.dataset.asap.VariantPlan;
import org.leggio.dataset.sheet.EngravedPiece;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.eval.PairSet;
import org.leggio.score.EngraverOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the dataset from a corpus the test writes, whose every answer is known. */
class DatasetBuilderTest {

    @Test
    void joinsEveryPerformedNoteToItsNoteheadAndWritesSplitPairs(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(SoundfontBank.installed().isEmpty(),
                "skipped: no SF2 bank installed (apt-get install timgm6mb-soundfont)");
        TinyCorpus corpus = new TinyCorpus(dir.resolve("asap"));
        Map<String, List<TinyCorpus.Played>> performed = new HashMap<>();
        performed.put("T_Alpha", corpus.piece("T_Alpha", 8, true, true));
        performed.put("T_Beta", corpus.piece("T_Beta", 6, false, false));
        performed.put("T_Gamma", corpus.piece("T_Gamma", 5, false, false));
        performed.put("T_Delta", corpus.piece("T_Delta", 4, false, false));
        Path asap = corpus.write();
        Path out = dir.resolve("build");
        VariantPlan plan = new VariantPlan(SoundfontBank.installed(), List.of(0), List.of(1.0, 1.25), 1);
        DatasetBuilder.Options options = new DatasetBuilder.Options(asap, out, 2, plan, 7, EngraverOptions.defaults(), List.of());
        List<String> log = new ArrayList<>();

        DatasetBuilder.Summary summary = DatasetBuilder.build(options, log::add);

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.performances()).isEqualTo(4);
        assertThat(summary.renderings()).isEqualTo(8);
        int notes = performed.values().stream().mapToInt(List::size).sum();
        assertThat(summary.notes().matched()).isEqualTo(notes);
        assertThat(summary.notes().joined()).isEqualTo(notes);
        assertThat(summary.notes().invisibleMapped()).isEqualTo(1); // the cue note in bar 3, played once
        // ground truth of the piece with the repeat and the cue note
        List<String[]> rows = csv(out.resolve("groundtruth/Tests/T_Alpha/P1.csv"));
        List<TinyCorpus.Played> alpha = performed.get("T_Alpha");
        assertThat(rows).hasSize(alpha.size());
        Map<String, Double> firstPassX = new HashMap<>();
        double previousBeat = -1;
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            TinyCorpus.Played p = alpha.get(i);
            assertThat(Double.parseDouble(r[0])).isCloseTo(p.onsetSeconds(), within(1e-4));
            assertThat(r[1]).isEqualTo(p.noteId());
            assertThat(Integer.parseInt(r[2])).isEqualTo(p.pass());
            double beat = Double.parseDouble(r[10]);
            assertThat(beat).isGreaterThanOrEqualTo(previousBeat);
            previousBeat = beat;
            if (p.noteId().equals(TinyCorpus.CUE_NOTE_ID)) {
                assertThat(r[3]).isIn("n9", "n8"); // drawn as the visible note it ornaments
                assertThat(beat).isEqualTo(8 + 8 + 1); // bar 3 (after bars 1-2 twice), beat 2
                continue;
            }
            assertThat(r[3]).isEqualTo(p.noteId());
            int k = Integer.parseInt(p.noteId().substring(1));
            int unfoldedIndex = p.pass() == 2 ? 8 + k : (k < 8 ? k : k + 8);
            assertThat(beat).isEqualTo(unfoldedIndex);
            double x = Double.parseDouble(r[4]);
            if (p.pass() == 1) {
                firstPassX.put(p.noteId(), x);
            } else {
                assertThat(x).isEqualTo(firstPassX.get(p.noteId())); // the repeat goes back on the page
            }
            assertThat(r[9]).isEqualTo(String.valueOf(k / 4 + 1));
        }
        // note n(k) lies right of n(k-1) in the strip
        for (int k = 1; k < 32; k++) {
            assertThat(firstPassX.get("n" + k)).isGreaterThan(firstPassX.get("n" + (k - 1)));
        }
        // the split is by piece and the pairs follow it
        PieceSplit split = PieceSplit.read(out.resolve("split.csv"));
        int pairs = 0;
        for (PieceSplit.Split side : PieceSplit.Split.values()) {
            for (PairIndex.Row row : PairIndex.readAll(out.resolve("pairs").resolve(side.label()))) {
                assertThat(split.splitOf(row.pieceId())).isEqualTo(side);
                double factor = row.performanceId().endsWith("t1.25") ? 1.25 : 1.0;
                List<TinyCorpus.Played> notesOfPiece = performed.get(row.pieceId());
                boolean onsetMatches = notesOfPiece.stream()
                        .anyMatch(p -> (int) Math.ceil(p.onsetSeconds() / factor * 20 - 1e-6) == row.onsetFrame());
                assertThat(onsetMatches).as("onset frame %d of %s", row.onsetFrame(), row.performanceId()).isTrue();
                pairs++;
            }
        }
        assertThat(pairs).isEqualTo(summary.pairsBySplit().values().stream().mapToInt(Integer::intValue).sum());
        // one pair per distinct onset and column; the cue note shares its drawn note's column but not its onset
        assertThat(pairs).isEqualTo(2 * notes);

        // exported pairs are cut from the strip and the spectrogram
        String side = split.splitOf("T_Alpha").label();
        PairSet set = PairSetExporter.export(out, side, 100_000, 84, AudioWindow.CENTRED, 3, line -> {});
        StripImage strip = StripImage.read(out.resolve("scores/Tests/T_Alpha/strip.png"));
        int checked = 0;
        for (int i = 0; i < set.size(); i++) {
            if (set.pairs().get(i).pieceId().equals("T_Alpha")) {
                float[][] expected = SheetSnippets.cut(strip, set.pairs().get(i).stripXPx());
                for (int row = 0; row < 80; row += 13) {
                    assertThat(set.sheet(i)[row]).containsExactly(expected[row], within(1e-6f));
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * alpha.size());
        // one tempo factor only: half the pairs, every one from a 1.25 rendering
        PairSet fast = PairSetExporter.export(out, side, 100_000, 84, AudioWindow.CENTRED, 3,
                java.util.OptionalDouble.of(1.25), line -> {});
        assertThat(fast.size()).isEqualTo(set.size() / 2);
        assertThat(fast.pairs()).allSatisfy(p -> assertThat(p.performanceId()).endsWith("_t1.25"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PairSetExporter.export(out, side, 10, 84,
                AudioWindow.CENTRED, 3, java.util.OptionalDouble.of(0.5), line -> {}))
                .hasMessageContaining("tempo factor 0.50");
        assertThat(EngravedPiece.isComplete(out.resolve("scores/Tests/T_Beta"))).isTrue();

        // a second run keeps the engraved scores and the audio
        long before = Files.getLastModifiedTime(out.resolve("scores/Tests/T_Beta/strip.png")).toMillis();
        DatasetBuilder.build(options, log::add);
        assertThat(Files.getLastModifiedTime(out.resolve("scores/Tests/T_Beta/strip.png")).toMillis()).isEqualTo(before);
    }

    private static List<String[]> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo(JoinStage.GROUND_TRUTH_HEADER);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }
}
