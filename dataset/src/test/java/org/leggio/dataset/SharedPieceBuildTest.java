package org.leggio.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.dataset.asap.AsapCorpus;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.dataset.asap.NoteAlignment;
import org.leggio.dataset.asap.Performance;
import org.leggio.dataset.asap.PieceSplit;
import org.leggio.dataset.asap.VariantPlan;
import org.leggio.dataset.sheet.EngravedPiece;
import org.leggio.score.EngraverOptions;

/** The builder on one real piece of {@code ../shared/data/asap} (skipped without it). */
class SharedPieceBuildTest {

    @Test
    void buildsTheShortestPerformedPieceOfTheCorpus(@TempDir Path out) throws Exception {
        Path asap = Path.of(System.getProperty("leggio.shared.dir", "../../shared")).resolve("data/asap");
        assumeTrue(Files.isRegularFile(asap.resolve("manifest.csv")), "skipped: no ../shared/data/asap");
        assumeTrue(!org.leggio.dataset.asap.SoundfontBank.installed().isEmpty(), "skipped: no SF2 bank installed");
        AsapCorpus corpus = AsapCorpus.open(asap);
        Performance shortest = corpus.performances().stream()
                .min(Comparator.comparingInt(Performance::alignedNoteCount)).orElseThrow();
        String folder = shortest.folder();

        DatasetBuilder.Summary summary = DatasetBuilder.build(new DatasetBuilder.Options(asap, out, 2,
                VariantPlan.defaults(), VariantPlan.DEFAULT_SEED, EngraverOptions.defaults(), List.of(folder)), line -> {});

        assertThat(summary.failures()).isEmpty();
        List<Performance> performances = corpus.performancesOf(corpus.scoreFolder(folder));
        int matched = performances.stream().mapToInt(p -> NoteAlignment.read(p.alignmentPath()).matched().size()).sum();
        assertThat(summary.notes().matched()).isEqualTo(matched);
        assertThat(summary.notes().joined()).isEqualTo(matched); // every performed note has a notehead
        EngravedPiece piece = EngravedPiece.read(out.resolve("scores").resolve(folder));
        List<String> rows = Files.readAllLines(out.resolve("groundtruth").resolve(folder)
                .resolve(shortest.performanceId() + ".csv"));
        int ordered = 0;
        double previousBeat = -1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            double stripX = Double.parseDouble(f[4]);
            assertThat(stripX).isBetween(0.0, piece.geometry().stripWidthPx);
            int system = Integer.parseInt(f[6]);
            assertThat(Integer.parseInt(f[5])).isEqualTo(piece.geometry().systems.get(system).pageIndex);
            double beat = Double.parseDouble(f[10]);
            ordered += beat >= previousBeat - 1e-9 ? 1 : 0;
            previousBeat = beat;
        }
        // the performance order follows the unfolded score (chords played a little unevenly aside)
        assertThat(ordered).isGreaterThan((int) (0.9 * (rows.size() - 1)));
        PieceSplit split = PieceSplit.read(out.resolve(PieceSplit.FILE_NAME));
        List<PairIndex.Row> pairs = PairIndex.readAll(out.resolve("pairs").resolve(split.splitOf(shortest.pieceId()).label()));
        assertThat(pairs).isNotEmpty().allSatisfy(p -> assertThat(p.scoreDir()).isEqualTo(folder));
        int frames = Float16Npy.readHeader(out.resolve("audio").resolve(pairs.get(0).audioNpy())).cols();
        assertThat(pairs).allSatisfy(p -> assertThat(p.onsetFrame()).isBetween(0, frames));
    }
}
