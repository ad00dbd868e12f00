package org.leggio.dataset.asap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A performance's score↔performance note alignment ({@code note_alignment.tsv}): the matched
 * notes in performed order, plus how many performed notes were extra (insertions) and how many
 * score notes were not played (deletions).
 *
 * <pre>{@code
 * NoteAlignment a = NoteAlignment.read(performance.alignmentPath());
 * for (NoteAlignment.MatchedNote n : a.matched()) {
 *     // n.noteId() is the MusicXML <note id>, n.pass() the repeat pass, n.onsetSeconds() the
 *     // time it sounded in the performance MIDI (time 0 = start of the MIDI file)
 * }
 * }</pre>
 */
public final class NoteAlignment {
    /** The header this reader expects (first six columns, tab-separated). */
    static final List<String> HEADER = List.of("xml_id", "midi_id", "track", "channel", "pitch", "onset");
    private static final String INSERTION = "insertion";
    private static final String DELETION = "deletion";

    /**
     * One score note matched to one performed note.
     *
     * @param noteId the MusicXML {@code <note id>} (and Verovio SVG id), e.g. {@code n10}
     * @param pass repeat pass, 1 for the first time the notehead is played, 2 for a repeat
     * @param midiId the performed note's id, e.g. {@code n0} (numbered in onset order)
     * @param midiPitch MIDI pitch of the performed note
     * @param onsetSeconds performed onset, seconds from the start of the MIDI file
     */
    public record MatchedNote(String noteId, int pass, String midiId, int midiPitch, double onsetSeconds) {}

    private final List<MatchedNote> matched;
    private final int insertionCount;
    private final int deletionCount;

    private NoteAlignment(List<MatchedNote> matched, int insertionCount, int deletionCount) {
        this.matched = List.copyOf(matched);
        this.insertionCount = insertionCount;
        this.deletionCount = deletionCount;
    }

    /**
     * Reads an alignment file.
     *
     * @param tsv the {@code note_alignment.tsv}
     * @return matched notes sorted by onset (ties keep file order), and the insertion and deletion
     *     counts
     * @throws AsapDataException naming the file and line on a missing file, a wrong header, a
     *     matched row with too few fields, an id without {@code -pass}, or a number that does not parse
     */
    public static NoteAlignment read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AsapDataException("cannot read note alignment " + tsv + ": " + e, e);
        }
        String[] head = lines.isEmpty() ? new String[0] : lines.get(0).strip().split("\t");
        if (head.length < HEADER.size() || !List.of(head).subList(0, HEADER.size()).equals(HEADER)) {
            throw new AsapDataException(Csv.where(tsv, 1) + "expected header " + String.join("\\t", HEADER)
                    + ": " + tsv);
        }
        List<MatchedNote> matched = new ArrayList<>();
        int insertions = 0;
        int deletions = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals(INSERTION)) {
                insertions++;
            } else if (f.length > 1 && f[1].equals(DELETION)) {
                deletions++;
            } else {
                matched.add(parseMatched(f, tsv, i + 1));
            }
        }
        matched.sort(Comparator.comparingDouble(MatchedNote::onsetSeconds)); // stable: ties keep file order
        return new NoteAlignment(matched, insertions, deletions);
    }

    /** Matched notes sorted by performed onset: the performed (unfolded) order of the score notes. */
    public List<MatchedNote> matched() {
        return matched;
    }

    /** Performed notes with no score note (rows {@code insertion}). */
    public int insertionCount() {
        return insertionCount;
    }

    /** Score notes that were not played (rows {@code ... deletion}). */
    public int deletionCount() {
        return deletionCount;
    }

    /** The highest repeat pass among matched notes, 0 if none matched. */
    public int maxPass() {
        return matched.stream().mapToInt(MatchedNote::pass).max().orElse(0);
    }

    private static MatchedNote parseMatched(String[] f, Path tsv, int lineNumber) {
        if (f.length < HEADER.size()) {
            throw new AsapDataException(Csv.where(tsv, lineNumber) + "matched row has " + f.length
                    + " fields, expected " + HEADER.size() + ": " + tsv);
        }
        // The pass follows the LAST dash: a note id may itself contain dashes.
        int dash = f[0].lastIndexOf('-');
        if (dash <= 0 || dash == f[0].length() - 1) {
            throw new AsapDataException(Csv.where(tsv, lineNumber) + "xml_id '" + f[0]
                    + "' is not of the form <noteId>-<pass>: " + tsv);
        }
        try {
            int pass = Integer.parseInt(f[0].substring(dash + 1));
            int pitch = Integer.parseInt(f[4].strip());
            double onset = Double.parseDouble(f[5].strip());
            if (pass < 1 || pitch < 0 || pitch > 127 || !Double.isFinite(onset) || onset < 0) {
                throw new NumberFormatException("out of range");
            }
            return new MatchedNote(f[0].substring(0, dash), pass, f[1], pitch, onset);
        } catch (NumberFormatException e) {
            throw new AsapDataException(Csv.where(tsv, lineNumber) + "bad pass, pitch or onset in '"
                    + String.join("\\t", f) + "' (" + e.getMessage() + "): " + tsv, e);
        }
    }
}
