package org.leggio.dataset.follow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.leggio.dataset.asap.AsapDataException;

/**
 * Reads a following ground-truth file {@code groundtruth/<folder>/<perf>.csv} of a dataset build
 * (docs/dataset-format.md): header {@code performance_time_s,note_id,pass,drawn_note_id,strip_x_px,page,
 * system,page_x_px,measure_index,bar,score_beat}, one row per performed note in performance order.
 * Columns are found by name, so extra or reordered columns still read. Stateless, thread-safe.
 */
public final class FollowingGroundTruth {
    private static final String[] REQUIRED = {"performance_time_s", "strip_x_px", "page", "system", "measure_index",
            "bar", "score_beat"};

    private FollowingGroundTruth() {}

    /**
     * The notes of one ground-truth file, in file (performance) order.
     *
     * @param csv the ground-truth file
     * @param pieceId the piece, copied into every note
     * @param tempoFactor the rendering's tempo factor: note times are the file's times divided by it
     * @return the notes, unmodifiable
     * @throws IOException if the file cannot be read
     * @throws AsapDataException naming the file and line on a missing column, a row with the wrong number
     *     of fields or a value that does not parse; an empty {@code score_beat} reads as {@code NaN}
     */
    public static List<TruthNote> read(Path csv, String pieceId, double tempoFactor) throws IOException {
        if (!(tempoFactor > 0) || Double.isInfinite(tempoFactor)) {
            throw new IllegalArgumentException("tempo factor must be positive, got " + tempoFactor);
        }
        List<TruthNote> notes = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new AsapDataException("empty ground-truth file (no header): " + csv);
            }
            if (headerLine.startsWith("\uFEFF")) {
                headerLine = headerLine.substring(1);
            }
            List<String> header = split(headerLine, csv, 1);
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i).strip(), i);
            }
            int[] at = new int[REQUIRED.length];
            for (int i = 0; i < REQUIRED.length; i++) {
                Integer index = columns.get(REQUIRED[i]);
                if (index == null) {
                    throw new AsapDataException("missing column '" + REQUIRED[i] + "' (header: " + header + "): " + csv);
                }
                at[i] = index;
            }
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = split(line, csv, lineNumber);
                if (f.size() != header.size()) {
                    throw new AsapDataException(where(csv, lineNumber) + "expected " + header.size()
                            + " fields as in the header, got " + f.size() + ": " + csv);
                }
                double time = number(f.get(at[0]), "performance_time_s", csv, lineNumber);
                float stripX = (float) number(f.get(at[1]), "strip_x_px", csv, lineNumber);
                int page = integer(f.get(at[2]), "page", csv, lineNumber);
                int system = integer(f.get(at[3]), "system", csv, lineNumber);
                int measure = integer(f.get(at[4]), "measure_index", csv, lineNumber);
                String bar = f.get(at[5]).strip();
                String beatText = f.get(at[6]).strip();
                double beat = beatText.isEmpty() ? Double.NaN : number(beatText, "score_beat", csv, lineNumber);
                notes.add(new TruthNote(time / tempoFactor, pieceId, beat, measure, bar, page, system, stripX));
            }
        }
        return List.copyOf(notes);
    }

    private static double number(String text, String column, Path csv, int line) {
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AsapDataException(where(csv, line) + column + " must be a finite number, got '" + text + "': " + csv);
    }

    private static int integer(String text, String column, Path csv, int line) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new AsapDataException(where(csv, line) + column + " must be an integer, got '" + text + "': " + csv);
        }
    }

    private static String where(Path csv, int line) {
        return csv.getFileName() + " line " + line + ": ";
    }

    /** Splits one line at commas; a field may be enclosed in double quotes ({@code ""} = one quote). */
    static List<String> split(String line, Path csv, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"' && field.length() == 0) {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new AsapDataException(where(csv, lineNumber) + "quoted field is never closed: " + csv);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            }
            if (i >= line.length()) {
                fields.add(field.toString());
                return fields;
            }
            char c = line.charAt(i++);
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }
}
