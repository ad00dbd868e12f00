package org.leggio.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import org.leggio.dataset.asap.AudioStore;
import org.leggio.dataset.asap.NoteAlignment;
import org.leggio.dataset.asap.Performance;
import org.leggio.dataset.asap.SynthesisVariant;
import org.leggio.dataset.sheet.EngravedPiece;
import org.leggio.score.ScoreTimeline;

/**
 * Joins one performance's note alignment to the engraved noteheads: every matched note gets its
 * drawn notehead (an invisible ornament note stands for the preceding visible note), that
 * notehead's strip x and page place, and its position in the unfolded score. Writes the
 * following ground truth and returns the training pairs of each rendering.
 */
public final class JoinStage {
    /** Ground-truth CSV header (one row per matched performed note, in performance order). */
    public static final String GROUND_TRUTH_HEADER =
            "performance_time_s,note_id,pass,drawn_note_id,strip_x_px,page,system,page_x_px,measure_index,bar,score_beat";

    /** Counts of one join. */
    public record Counts(int matched, int joined, int invisibleMapped, int notDrawn, int notInScore) {
        Counts plus(Counts o) {
            return new Counts(matched + o.matched, joined + o.joined, invisibleMapped + o.invisibleMapped,
                    notDrawn + o.notDrawn, notInScore + o.notInScore);
        }

        static final Counts ZERO = new Counts(0, 0, 0, 0, 0);
    }

    /** A joined note. */
    record JoinedNote(double performanceSeconds, String noteId, int pass, String drawnNoteId, double[] place,
            int measureIndex, double scoreBeat) {}

    /** Result for one performance. */
    public record Result(Counts counts, List<PairIndex.Row> pairs) {}

    private JoinStage() {}

    /**
     * Joins one performance.
     *
     * @param scoreDirName the engraved score's folder relative to {@code scores/}
     * @param groundTruthCsv where to write the ground truth
     * @param variants the renderings whose pairs to produce (their spectrograms must exist)
     */
    public static Result join(Performance performance, EngravedPiece piece, String scoreDirName, ScoreTimeline timeline,
            Path groundTruthCsv, AudioStore audio, List<SynthesisVariant> variants) throws IOException {
        NoteAlignment alignment = NoteAlignment.read(performance.alignmentPath());
        List<JoinedNote> joined = new ArrayList<>();
        int invisible = 0;
        int notDrawn = 0;
        int notInScore = 0;
        for (NoteAlignment.MatchedNote note : alignment.matched()) {
            if (!timeline.hasNote(note.noteId())) {
                notInScore++;
                continue;
            }
            String drawn = timeline.drawnNoteFor(note.noteId()).orElse(null);
            double[] place = drawn == null ? null : piece.geometry().notes.get(drawn);
            if (place == null) {
                notDrawn++;
                continue;
            }
            if (!drawn.equals(note.noteId())) {
                invisible++;
            }
            OptionalDouble beat = timeline.unfoldedOnsetBeats(note.noteId(), note.pass());
            joined.add(new JoinedNote(note.onsetSeconds(), note.noteId(), note.pass(), drawn, place,
                    timeline.measureIndexOf(drawn), beat.orElse(Double.NaN)));
        }
        writeGroundTruth(groundTruthCsv, joined, timeline);
        List<PairIndex.Row> pairs = new ArrayList<>();
        for (SynthesisVariant variant : variants) {
            String npy = audio.outDir().relativize(audio.npyPath(performance, variant)).toString();
            String performanceId = performance.performanceId() + "." + variant.fileStem();
            // chord notes share an onset and (nearly) a column: one pair per distinct (frame, 2-px column)
            Set<Long> seen = new HashSet<>();
            for (JoinedNote note : joined) {
                int frame = variant.onsetFrameIndex(note.performanceSeconds());
                int x = (int) Math.round(note.place()[0]);
                if (seen.add(((long) frame << 32) | (x / 2))) {
                    pairs.add(new PairIndex.Row(performance.pieceId(), scoreDirName, npy, frame, x, note.drawnNoteId(),
                            note.pass(), performanceId));
                }
            }
        }
        return new Result(new Counts(alignment.matched().size(), joined.size(), invisible, notDrawn, notInScore), pairs);
    }

    private static void writeGroundTruth(Path csv, List<JoinedNote> notes, ScoreTimeline timeline) throws IOException {
        Files.createDirectories(csv.getParent());
        Path temp = csv.resolveSibling(csv.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write(GROUND_TRUTH_HEADER);
            out.write('\n');
            for (JoinedNote n : notes) {
                double[] p = n.place();
                out.write(String.format(Locale.ROOT, "%.4f,%s,%d,%s,%.1f,%d,%d,%.1f,%d,%s,%s%n", n.performanceSeconds(),
                        n.noteId(), n.pass(), n.drawnNoteId(), p[0], (int) p[1], (int) p[2], p[3], n.measureIndex(),
                        timeline.measureLabel(n.measureIndex()),
                        Double.isNaN(n.scoreBeat()) ? "" : String.format(Locale.ROOT, "%.4f", n.scoreBeat())));
            }
        }
        Files.move(temp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
