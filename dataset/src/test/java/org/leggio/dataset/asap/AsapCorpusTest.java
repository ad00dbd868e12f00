package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsapCorpusTest {
    @TempDir
    Path dir;

    @Test
    void csvHandlesQuotedFields() {
        String text = "a,b,c\r\n"
                + "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                + "2,\"two\nlines\",\"\"\n"
                + "3,,plain\n";
        Csv csv = Csv.parse(text, Path.of("t.csv"));
        assertThat(csv.rows()).hasSize(3);
        assertThat(csv.rows().get(0).fields()).containsExactly("1", "x, y", "say \"hi\"");
        assertThat(csv.rows().get(1).fields()).containsExactly("2", "two\nlines", "");
        assertThat(csv.rows().get(2).fields()).containsExactly("3", "", "plain");
        assertThat(csv.rows().get(2).lineNumber()).as("the quoted line break counts").isEqualTo(5);
        assertThat(csv.column("c")).isEqualTo(2);
    }

    @Test
    void csvErrorsNameFileAndLine() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,2\n3\n", Path.of("m.csv")))
                .hasMessageContaining("m.csv line 3").hasMessageContaining("expected 2 fields");
        assertThatThrownBy(() -> Csv.parse("a,b\n1,\"open\n", Path.of("m.csv")))
                .hasMessageContaining("m.csv line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> Csv.parse("a,b\n1,x\"y\n", Path.of("m.csv")))
                .hasMessageContaining("line 2").hasMessageContaining("stray quote");
        assertThatThrownBy(() -> Csv.parse("a,b\n1,2\n", Path.of("m.csv")).column("zz"))
                .hasMessageContaining("missing column 'zz'");
    }

    @Test
    void opensACorpusAndDerivesPathsFromTheFolder() {
        Path root = new TestCorpus(dir)
                .folder("Bach_Fugue_1", "Bach", "Fugue, no. 1", "Bach/Fugue/1", "A01", "B02")
                .folder("Bach_Fugue_1", "Bach", "Fugue, no. 1", "Bach/Fugue/1_no_repeat")
                .folder("Schubert_Impromptu_op.90_D.899_3", "Schubert", "Impromptu \"3\"", "Schubert/Impromptu_op.90_D.899/3",
                        "C03")
                .write();

        AsapCorpus corpus = AsapCorpus.open(root);

        assertThat(corpus.scoreFolders()).extracting(ScoreFolder::folder)
                .containsExactly("Bach/Fugue/1", "Bach/Fugue/1_no_repeat", "Schubert/Impromptu_op.90_D.899/3");
        assertThat(corpus.pieceIds()).containsExactly("Bach_Fugue_1", "Schubert_Impromptu_op.90_D.899_3");
        ScoreFolder bach = corpus.scoreFolder("Bach/Fugue/1");
        assertThat(bach.title()).isEqualTo("Fugue, no. 1");
        assertThat(bach.performanceIds()).containsExactly("A01", "B02");
        assertThat(corpus.scoreFolder("Bach/Fugue/1_no_repeat").hasPerformances()).isFalse();
        assertThat(corpus.scoreFolder("Schubert/Impromptu_op.90_D.899/3").title()).isEqualTo("Impromptu \"3\"");

        Performance c = corpus.performance("Schubert/Impromptu_op.90_D.899/3/C03");
        Path base = root.toAbsolutePath().normalize().resolve("Schubert/Impromptu_op.90_D.899/3");
        assertThat(c.midiPath()).isEqualTo(base.resolve("C03.mid"));
        assertThat(c.alignmentPath()).isEqualTo(base.resolve("C03_note_alignments/note_alignment.tsv"));
        assertThat(c.annotationsPath()).isEqualTo(base.resolve("C03_annotations.txt"));
        assertThat(c.composer()).isEqualTo("Schubert");
        assertThat(c.maxRepeatPass()).isEqualTo(1);
        assertThat(corpus.performancesOf(bach)).extracting(Performance::performanceId).containsExactly("A01", "B02");
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        Path root = new TestCorpus(dir).folder("P", "C", "T", "C/P", "X01").write();
        Files.delete(root.resolve("C/P/X01_note_alignments/note_alignment.tsv"));
        assertThatThrownBy(() -> AsapCorpus.open(root)).isInstanceOf(AsapDataException.class)
                .hasMessageContaining("X01_note_alignments");
        Files.delete(root.resolve(AsapCorpus.PERFORMANCES));
        assertThatThrownBy(() -> AsapCorpus.open(root)).hasMessageContaining("missing corpus file")
                .hasMessageContaining(AsapCorpus.PERFORMANCES);
        assertThatThrownBy(() -> AsapCorpus.open(dir.resolve("nowhere"))).hasMessageContaining("not found");
    }

    @Test
    void malformedRowsAreNamedByLine() throws Exception {
        Path root = new TestCorpus(dir).folder("P", "C", "T", "C/P", "X01").folder("Q", "C", "T", "C/Q", "Y01")
                .write();
        Path perfs = root.resolve(AsapCorpus.PERFORMANCES);
        List<String> lines = Files.readAllLines(perfs);
        Files.write(perfs, List.of(lines.get(0), lines.get(1), lines.get(2).replace(",1,0,0,2,no", ",two,0,0,2,no")));
        assertThatThrownBy(() -> AsapCorpus.open(root)).hasMessageContaining("performances.csv line 3")
                .hasMessageContaining("max_repeat_pass");

        Files.write(perfs, List.of(lines.get(0), lines.get(1)));
        assertThatThrownBy(() -> AsapCorpus.open(root)).hasMessageContaining("C/Q/Y01")
                .hasMessageContaining("no row in");

        Files.write(perfs, List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(2)));
        assertThatThrownBy(() -> AsapCorpus.open(root)).hasMessageContaining("line 4").hasMessageContaining("twice");
    }
}
