package org.leggio.dataset.asap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteAlignmentTest {
    @TempDir
    Path dir;

    @Test
    void keepsMatchedRowsSplitsAtTheLastDashAndSortsByOnset() {
        Path tsv = dir.resolve("note_alignment.tsv");
        TestCorpus.write(tsv, "xml_id\tmidi_id\ttrack\tchannel\tpitch\tonset\n"
                + "n4-1\tn3\t1\t0\t66\t1.0703125\n"
                + "n1-1\tn0\t1\t0\t68\t0.5\n"
                + "insertion\tn404\t1\t0\t45\t34.3\n"
                + "n6-1\tdeletion\n"
                + "n10-2\tn7\t1\t0\t73\t40.25\n"
                + "grace-note-3-12-1\tn5\t1\t0\t61\t0.75\n"
                + "insertion\tn405\t1\t0\t45\t34.5\n"
                + "n7-1\tdeletion\n"
                + "n8-1\tdeletion\n");

        NoteAlignment a = NoteAlignment.read(tsv);

        assertThat(a.insertionCount()).isEqualTo(2);
        assertThat(a.deletionCount()).isEqualTo(3);
        assertThat(a.matched()).extracting(NoteAlignment.MatchedNote::noteId)
                .containsExactly("n1", "grace-note-3-12", "n4", "n10");
        NoteAlignment.MatchedNote dashed = a.matched().get(1);
        assertThat(dashed.pass()).isEqualTo(1);
        assertThat(dashed.midiPitch()).isEqualTo(61);
        assertThat(dashed.onsetSeconds()).isEqualTo(0.75);
        assertThat(dashed.midiId()).isEqualTo("n5");
        assertThat(a.matched().get(3).pass()).isEqualTo(2);
        assertThat(a.maxPass()).isEqualTo(2);
    }

    @Test
    void equalOnsetsKeepFileOrder() {
        Path tsv = dir.resolve("chord.tsv");
        TestCorpus.write(tsv, "xml_id\tmidi_id\ttrack\tchannel\tpitch\tonset\n"
                + "n3-1\tn2\t1\t0\t67\t1.0\nn1-1\tn0\t1\t0\t60\t1.0\nn2-1\tn1\t1\t0\t64\t1.0\n");
        assertThat(NoteAlignment.read(tsv).matched()).extracting(NoteAlignment.MatchedNote::noteId)
                .containsExactly("n3", "n1", "n2");
    }

    @Test
    void malformedRowsAreNamedByLine() {
        Path tsv = dir.resolve("bad.tsv");
        String header = "xml_id\tmidi_id\ttrack\tchannel\tpitch\tonset\n";
        TestCorpus.write(tsv, header + "n1-1\tn0\t1\t0\t60\t0.5\nn2\tn1\t1\t0\t60\t0.7\n");
        assertThatThrownBy(() -> NoteAlignment.read(tsv)).hasMessageContaining("bad.tsv line 3")
                .hasMessageContaining("'n2'");
        TestCorpus.write(tsv, header + "n1-1\tn0\t1\t0\t60\tsoon\n");
        assertThatThrownBy(() -> NoteAlignment.read(tsv)).hasMessageContaining("line 2");
        TestCorpus.write(tsv, header + "n1-x\tn0\t1\t0\t60\t0.5\n");
        assertThatThrownBy(() -> NoteAlignment.read(tsv)).hasMessageContaining("line 2");
        TestCorpus.write(tsv, header + "n1-1\tn0\t1\t0\n");
        assertThatThrownBy(() -> NoteAlignment.read(tsv)).hasMessageContaining("line 2")
                .hasMessageContaining("4 fields");
        TestCorpus.write(tsv, "id\tonset\n");
        assertThatThrownBy(() -> NoteAlignment.read(tsv)).hasMessageContaining("line 1")
                .hasMessageContaining("expected header");
        assertThatThrownBy(() -> NoteAlignment.read(dir.resolve("none.tsv"))).isInstanceOf(AsapDataException.class)
                .hasMessageContaining("none.tsv");
    }

    @Test
    void readsBeatAnnotations() {
        Path file = dir.resolve("X_annotations.txt");
        TestCorpus.write(file, "0.825521\t0.825521\tb,,7\n1.34\t1.34\tb\n1.93\t1.93\tdb,4/4\n2.4\t2.4\tbR\n"
                + "3.0\t3.0\tdb,3/4,-1\n");
        BeatAnnotations a = BeatAnnotations.read(file);
        assertThat(a.beats()).containsExactly(
                new BeatAnnotations.Beat(0.825521, BeatAnnotations.BeatType.BEAT, null, 7),
                new BeatAnnotations.Beat(1.34, BeatAnnotations.BeatType.BEAT, null, null),
                new BeatAnnotations.Beat(1.93, BeatAnnotations.BeatType.DOWNBEAT, "4/4", null),
                new BeatAnnotations.Beat(2.4, BeatAnnotations.BeatType.AMBIGUOUS_BEAT, null, null),
                new BeatAnnotations.Beat(3.0, BeatAnnotations.BeatType.DOWNBEAT, "3/4", -1));
        assertThat(a.downbeats()).hasSize(2);

        TestCorpus.write(file, "0.5\t0.5\tb\n1.0\t1.0\tx\n");
        assertThatThrownBy(() -> BeatAnnotations.read(file)).hasMessageContaining("line 2")
                .hasMessageContaining("unknown beat type 'x'");
        TestCorpus.write(file, "0.5\t0.5\tdb,four\n");
        assertThatThrownBy(() -> BeatAnnotations.read(file)).hasMessageContaining("line 1")
                .hasMessageContaining("time signature");
        TestCorpus.write(file, "0.5 0.5 db\n");
        assertThatThrownBy(() -> BeatAnnotations.read(file)).hasMessageContaining("line 1");
    }
}
