package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngraverTest {
    private static Engraver engraver;

    @BeforeAll
    static void start() {
        engraver = Engraver.start(EngraverOptions.defaults());
    }

    @AfterAll
    static void stop() {
        engraver.close();
    }

    @Test
    void engravesEveryBarAndNoteOfAGeneratedScoreWhereTheyBelong(@TempDir Path dir) throws Exception {
        int bars = 40;
        Path xml = TinyScores.writeScale(dir, "scale.musicxml", bars, 0);
        List<Integer> ticks = new ArrayList<>();

        EngravedScore score = engraver.engrave(xml, (done, total) -> ticks.add(done));

        assertThat(score.measures()).hasSize(bars);
        assertThat(score.notes()).hasSize(bars * 4);
        assertThat(ticks).hasSize(score.pages().size());
        ScorePage first = score.pages().get(0);
        assertThat(first.image().widthPx()).isEqualTo(835);
        assertThat(first.staffSpacePx()).isCloseTo(835.0 * 180 / 21000, within(0.05));
        assertThat(first.systems()).isNotEmpty();
        int systems = score.pages().stream().mapToInt(p -> p.systems().size()).sum();
        assertThat(systems).isGreaterThan(1); // 40 bars do not fit on one line
        for (int k = 0; k < bars * 4; k++) {
            EngravedScore.Note note = score.notes().get("n" + k);
            assertThat(note.onsetBeats()).as("onset of n%d", k).isEqualTo(k);
            assertThat(note.onsetScoreMillis()).isCloseTo(k * 500.0, within(1e-6)); // 120 bpm
            assertThat(note.measureIndex()).isEqualTo(k / 4);
            SystemBox system = score.pages().get(note.pageIndex()).systems()
                    .get(note.systemIndex() - systemsBefore(score, note.pageIndex()));
            assertThat(note.pageXPx()).isBetween(system.leftXPx(), system.rightXPx());
            // a treble-clef scale from C4 to D5 sits within ledger-line distance of its staff
            assertThat(note.pageYPx()).isBetween(system.topYPx() - 20, system.bottomYPx() + 20);
            if (k % 4 != 0) {
                assertThat(note.pageXPx()).isGreaterThan(score.notes().get("n" + (k - 1)).pageXPx());
            }
        }
        // the engraved image really has its top staff line where the system box says
        SystemBox box = first.systems().get(0);
        int row = (int) Math.round(box.topYPx());
        int dark = 0;
        for (int x = (int) box.leftXPx() + 5; x < (int) box.rightXPx() - 5; x++) {
            int darkest = Math.min(first.image().grey(x, row - 1), Math.min(first.image().grey(x, row),
                    first.image().grey(x, row + 1)));
            dark += darkest < 200 ? 1 : 0; // a line 0.5 px thick is anti-aliased to mid grey
        }
        assertThat(dark).isGreaterThan((int) (0.9 * (box.widthPx() - 10)));
        assertThat(first.image().grey(5, 5)).isEqualTo(255);
    }

    @Test
    void measuresFollowOneAnotherAlongEachSystem(@TempDir Path dir) throws Exception {
        EngravedScore score = engraver.engrave(TinyScores.writeScale(dir, "s.musicxml", 12, 0), Engraver.PageProgress.NONE);
        List<EngravedScore.Measure> measures = score.measures();
        for (int i = 1; i < measures.size(); i++) {
            EngravedScore.Measure previous = measures.get(i - 1);
            EngravedScore.Measure current = measures.get(i);
            assertThat(current.startBeats()).isEqualTo(4.0 * i);
            if (current.systemIndex() == previous.systemIndex()) {
                assertThat(current.startPageXPx()).isCloseTo(previous.endPageXPx(), within(2.0));
            } else {
                assertThat(current.systemIndex()).isEqualTo(previous.systemIndex() + 1);
            }
        }
    }

    @Test
    void readsCompressedMxl(@TempDir Path dir) throws Exception {
        Path mxl = dir.resolve("scale.mxl");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(mxl))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/container.xml"));
            zip.write(("<?xml version=\"1.0\"?><container><rootfiles><rootfile full-path=\"score.xml\"/>"
                    + "</rootfiles></container>").getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("score.xml"));
            zip.write(TinyScores.scale(3, 0).getBytes());
        }
        EngravedScore score = engraver.engrave(mxl, Engraver.PageProgress.NONE);
        assertThat(score.notes()).containsKeys("n0", "n11");
    }

    @Test
    void rejectsWhatIsNotMusicXmlWithAMessageNamingTheFile(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.musicxml"), "this is not xml at all");
        assertThatThrownBy(() -> engraver.engrave(junk, Engraver.PageProgress.NONE))
                .isInstanceOf(ScoreException.class).hasMessageContaining("notes.musicxml");
        Path empty = Files.writeString(dir.resolve("empty.musicxml"),
                "<?xml version=\"1.0\"?><score-partwise version=\"4.0\"><part-list/></score-partwise>");
        assertThatThrownBy(() -> engraver.engrave(empty, Engraver.PageProgress.NONE))
                .isInstanceOf(ScoreException.class).hasMessageContaining("empty.musicxml");
        assertThatThrownBy(() -> engraver.engrave(dir.resolve("missing.mxl"), Engraver.PageProgress.NONE))
                .isInstanceOf(ScoreException.class).hasMessageContaining("not found");
        // the engraver survives bad input
        assertThat(engraver.engrave(TinyScores.writeScale(dir, "ok.musicxml", 2, 0), Engraver.PageProgress.NONE)
                .measures()).hasSize(2);
    }

    @Test
    void saysSoWhenNodeIsMissing() {
        EngraverOptions noNode = EngraverOptions.defaults().withNodeExecutable("/nonexistent/bin/node");
        assertThatThrownBy(() -> Engraver.start(noNode)).isInstanceOf(ScoreException.class)
                .hasMessageContaining("Node.js").hasMessageContaining("/nonexistent/bin/node");
    }

    @Test
    void saysSoWhenVerovioIsNotInstalled(@TempDir Path dir) throws Exception {
        Files.copy(EngraverOptions.defaults().engraverDir().resolve("engrave.mjs"), dir.resolve("engrave.mjs"));
        assertThatThrownBy(() -> Engraver.start(EngraverOptions.defaults().withEngraverDir(dir)))
                .isInstanceOf(ScoreException.class).hasMessageContaining("Verovio is not installed")
                .hasMessageContaining("npm ci");
    }

    private static int systemsBefore(EngravedScore score, int pageIndex) {
        return score.pages().stream().filter(p -> p.pageIndex() < pageIndex).mapToInt(p -> p.systems().size()).sum();
    }

    static Comparator<Integer> unused() {
        return Comparator.naturalOrder();
    }
}
