package org.leggio.dataset.asap;

import org.leggio.ingest.source.testutil.TestMidiFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a tiny corpus in the layout of {@code shared/data/asap} for tests: a manifest, a
 * performances table, and per performance a short generated MIDI file, an alignment and
 * annotations.
 */
final class TestCorpus {
    static final String MANIFEST_HEADER = "piece_id,composer,title,folder,score_path,performance_ids,n_aligned_notes,"
            + "n_score_notes,n_invisible_score_notes,n_robust_performances_in_source,metadata_path_bug";
    static final String PERFORMANCES_HEADER = "piece_id,folder,performance_id,performer_key,midi_path,"
            + "note_alignment_path,annotations_path,n_aligned_notes,n_deleted_score_notes,n_inserted_perf_notes,"
            + "max_repeat_pass,n_aligned_to_invisible_notes,n_aligned_ids_not_in_score,n_annotation_lines,"
            + "has_maestro_audio";

    private final Path dir;
    private final List<String> manifest = new ArrayList<>();
    private final List<String> performances = new ArrayList<>();

    TestCorpus(Path dir) {
        this.dir = dir;
    }

    /**
     * Adds a score folder (title written quoted, it may hold commas) and its performances, each
     * with a MIDI file of one note per second starting at 0.5 s.
     */
    TestCorpus folder(String pieceId, String composer, String title, String folder, String... performanceIds) {
        manifest.add(pieceId + "," + composer + ",\"" + title.replace("\"", "\"\"") + "\"," + folder + "," + folder
                + "/xml_score.mxl," + String.join(";", performanceIds) + ",2,2,0,1,no");
        write(dir.resolve(folder).resolve("xml_score.mxl"), "not really a zip");
        for (String id : performanceIds) {
            // The path columns are deliberately wrong, as in pitfall 5: the reader must derive them.
            performances.add(pieceId + "," + folder + "," + id + "," + id.toLowerCase() + ",wrong/path.mid,"
                    + "wrong_note_alignments/note_alignment.tsv,wrong_annotations.txt,2,0,0,1,0,0,2,no");
            Path base = dir.resolve(folder);
            TestMidiFiles.ppq(480).note(0, 60, 90, 480, 480).note(0, 64, 90, 1440, 480)
                    .write(base.resolve(id + ".mid"));
            write(base.resolve(id + "_note_alignments").resolve("note_alignment.tsv"),
                    "xml_id\tmidi_id\ttrack\tchannel\tpitch\tonset\nn1-1\tn0\t1\t0\t60\t0.5\nn2-1\tn1\t1\t0\t64\t1.5\n");
            write(base.resolve(id + "_annotations.txt"), "0.5\t0.5\tdb,4/4,0\n1.5\t1.5\tb\n");
        }
        return this;
    }

    /** Writes the two CSV files and returns the corpus directory. */
    Path write() {
        write(dir.resolve(AsapCorpus.MANIFEST), MANIFEST_HEADER + "\n" + String.join("\n", manifest) + "\n");
        write(dir.resolve(AsapCorpus.PERFORMANCES), PERFORMANCES_HEADER + "\n" + String.join("\n", performances) + "\n");
        return dir;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
