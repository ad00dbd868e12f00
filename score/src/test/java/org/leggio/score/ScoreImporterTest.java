package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.leggio.model.EmbedderOptions;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.NetworkSpec;
import org.leggio.model.SheetSnippets;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.StaffSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreImporterTest {
    private static NetworkEmbedder embedder;
    private static ScoreImporter importer;

    @BeforeAll
    static void open() {
        embedder = Embedders.untrained(NetworkSpec.published(), 7, EmbedderOptions.defaults());
        importer = new ScoreImporter(EngraverOptions.defaults(), embedder);
    }

    @AfterAll
    static void close() {
        importer.close();
        embedder.close();
    }

    @Test
    void aMusicXmlScoreBecomesAnIndexWithBarsRepeatsGridsAndPages(@TempDir Path dir) throws Exception {
        Path xml = TinyScores.writeScale(dir, "scale.musicxml", 24, 2);
        ScoreLibrary library = ScoreLibrary.open(dir.resolve("library"));
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger snippets = new AtomicInteger();

        ScoreIndex piece = importer.importScore(ImportRequest.of(List.of(xml), PieceMetadata.getDefaultInstance()),
                library, new ImportProgress() {
                    @Override
                    public void pageDone(int done, int total) {
                        pages.set(done);
                    }

                    @Override
                    public void snippetsDone(int done, int total) {
                        snippets.set(done);
                        assertThat(done).isLessThanOrEqualTo(total);
                    }
                });

        assertThat(piece.getMetadata().getTitle()).isEqualTo("Tiny Scale");
        assertThat(piece.getMetadata().getComposer()).isEqualTo("Leggio Tests");
        assertThat(piece.getPieceId()).matches("leggio-tests-tiny-scale-[0-9a-f]{8}");
        assertThat(piece.getSourceFormat()).isEqualTo("musicxml");
        assertThat(pages.get()).isEqualTo(piece.getPagesCount());
        // bars: labels, score times, strip positions increasing
        assertThat(piece.getBarsList()).hasSize(24);
        for (int i = 0; i < 24; i++) {
            Bar bar = piece.getBars(i);
            assertThat(bar.getLabel()).isEqualTo(String.valueOf(i + 1));
            assertThat(bar.getStartBeats()).isEqualTo(4.0 * i);
            assertThat(bar.getDurationBeats()).isEqualTo(4.0);
            assertThat(bar.getEndStripXPx()).isGreaterThan(bar.getStartStripXPx());
            if (i > 0) {
                assertThat(bar.getStartStripXPx()).isCloseTo(piece.getBars(i - 1).getEndStripXPx(), within(2f));
            }
        }
        // the repeat of bars 1-2 is unfolded
        assertThat(piece.getRepeats().getUnfoldedBarIndicesList()).startsWith(0, 1, 0, 1, 2, 3).hasSize(26);
        // the notes as played, for note-level following: 26 unfolded bars of 4 quarter notes, bar 1 twice
        assertThat(piece.getNotes().getOnsetBeatsCount()).isEqualTo(26 * 4);
        assertThat(piece.getNotes().getOnsetBeats(9)).isEqualTo(9.0);
        assertThat(piece.getNotes().getMidiPitch(8)).as("bar 1 again: C4").isEqualTo(60);
        assertThat(piece.getNotes().getStruckList()).containsOnly(true);
        // systems tile the strip
        float stripX = 0;
        for (StaffSystem system : piece.getSystemsList()) {
            assertThat(system.getStripStartXPx()).isEqualTo(stripX);
            stripX += system.getRightXPx() - system.getLeftXPx();
        }
        assertThat(piece.getStripWidthPx()).isEqualTo(stripX);
        // grids: every stride, one embedding per position from this model
        int follow = (int) Math.ceil(piece.getStripWidthPx() / 8);
        assertThat(piece.getFollowGrid().getStripXPxCount()).isEqualTo(follow);
        assertThat(piece.getFollowGrid().getStripXPx(1)).isEqualTo(8f);
        assertThat(piece.getFollowGrid().getEmbeddingsCount()).isEqualTo(follow * 32);
        assertThat(piece.getIdentifyGrid().getStripXPxCount()).isEqualTo((int) Math.ceil(piece.getStripWidthPx() / 50));
        assertThat(piece.getFollowGrid().getModelId()).isEqualTo(embedder.info().modelId());
        assertThat(snippets.get()).isEqualTo(follow + piece.getIdentifyGrid().getStripXPxCount());
        // the stored embedding is the embedding of the snippet cut at that x of the strip
        ScoreLibrary reopened = ScoreLibrary.open(library.dir());
        ScoreIndex stored = reopened.get(piece.getPieceId());
        assertThat(stored).isEqualTo(piece);
        List<ScorePage> storedPages = stored.getPagesList().stream().map(p -> new ScorePage(p.getPageIndex(),
                reopened.readPage(stored, p.getPageIndex()), p.getStaffSpacePx(), stored.getSystemsList().stream()
                        .filter(s -> s.getPageIndex() == p.getPageIndex())
                        .map(s -> new SystemBox(s.getLeftXPx(), s.getTopYPx(), s.getRightXPx(), s.getBottomYPx()))
                        .toList())).toList();
        UnrolledStrip strip = UnrolledStrip.build(storedPages);
        int k = follow / 2;
        float[] expected = embedder.embedSheet(List.<float[][]>of(SheetSnippets.cut(strip.image(), k * 8)))[0];
        for (int d = 0; d < 32; d++) {
            assertThat(stored.getFollowGrid().getEmbeddings(k * 32 + d)).isCloseTo(expected[d], within(1e-5f));
        }
        assertThat(library.list()).extracting(ScoreIndex::getPieceId).containsExactly(piece.getPieceId());
    }

    @Test
    void aScoreAddedTwiceIsRefusedUnlessReplacedAndFailuresLeaveNothingBehind(@TempDir Path dir) throws Exception {
        Path xml = TinyScores.writeScale(dir, "scale.musicxml", 4, 0);
        ScoreLibrary library = ScoreLibrary.open(dir.resolve("library"));
        ImportRequest request = ImportRequest.of(List.of(xml), PieceMetadata.newBuilder().setTitle("Four Bars").build())
                .withPieceId("four-bars");
        importer.importScore(request, library, ImportProgress.NONE);
        assertThatThrownBy(() -> importer.importScore(request, library, ImportProgress.NONE))
                .isInstanceOf(ScoreException.class).hasMessageContaining("already has a piece 'four-bars'");
        importer.importScore(request.withReplace(true), library, ImportProgress.NONE);

        Path junk = Files.writeString(dir.resolve("broken.musicxml"), "<?xml version=\"1.0\"?><score-partwise><part");
        assertThatThrownBy(() -> importer.importScore(ImportRequest.of(List.of(junk), PieceMetadata.getDefaultInstance()),
                library, ImportProgress.NONE)).isInstanceOf(ScoreException.class).hasMessageContaining("broken.musicxml");
        Path text = Files.writeString(dir.resolve("notes.txt"), "just some words");
        assertThatThrownBy(() -> importer.importScore(ImportRequest.of(List.of(text), PieceMetadata.getDefaultInstance()),
                library, ImportProgress.NONE)).isInstanceOf(ScoreException.class).hasMessageContaining("notes.txt")
                .hasMessageContaining("PDF");
        try (var entries = Files.list(library.dir())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("four-bars");
        }
    }
}
