package org.leggio.dataset.asap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 reader: comma-separated fields, optionally enclosed in double quotes, where a
 * quoted field may hold commas, line breaks and doubled quotes ({@code ""} = one quote). Lines end
 * with LF or CRLF. The first record is the header; columns are looked up by name, so a reordered or
 * extended file still reads.
 */
final class Csv {
    /** One data record: its fields and the line of the file on which it starts (1-based). */
    record Row(int lineNumber, List<String> fields) {}

    private final Path file;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> header;
    private final List<Row> rows;

    private Csv(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).strip(), i);
        }
    }

    /** Reads {@code file} (UTF-8, optional BOM); every record must have as many fields as the header. */
    static Csv read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AsapDataException("cannot read " + file + ": " + e, e);
        }
        return parse(text, file);
    }

    /** Parses {@code text}; {@code file} is used in messages only. */
    static Csv parse(String text, Path file) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> records = new Parser(text, file).records();
        if (records.isEmpty()) {
            throw new AsapDataException("empty CSV file (no header): " + file);
        }
        Row header = records.get(0);
        List<Row> data = records.subList(1, records.size());
        for (Row row : data) {
            if (row.fields().size() != header.fields().size()) {
                throw new AsapDataException(where(file, row.lineNumber()) + "expected " + header.fields().size()
                        + " fields as in the header, got " + row.fields().size() + ": " + file);
            }
        }
        return new Csv(file, header.fields(), List.copyOf(data));
    }

    List<Row> rows() {
        return rows;
    }

    /** The index of the named column, or an error naming the file and the columns it has. */
    int column(String name) {
        Integer index = columns.get(name);
        if (index == null) {
            throw new AsapDataException("missing column '" + name + "' (header: " + header + "): " + file);
        }
        return index;
    }

    Path file() {
        return file;
    }

    static String where(Path file, int lineNumber) {
        return file.getFileName() + " line " + lineNumber + ": ";
    }

    /** Character-level state machine; tracks line numbers so errors point at the right line. */
    private static final class Parser {
        private final String text;
        private final Path file;
        private int pos;
        private int line = 1;

        Parser(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        List<Row> records() {
            List<Row> out = new ArrayList<>();
            while (pos < text.length()) {
                int startLine = line;
                List<String> fields = record();
                // A blank line (typically a trailing newline before EOF) is not a record.
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                    out.add(new Row(startLine, List.copyOf(fields)));
                }
            }
            return out;
        }

        /** Reads one record, consuming its line terminator. */
        private List<String> record() {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (pos < text.length() && text.charAt(pos) == '"' && field.length() == 0) {
                    quoted(field);
                }
                if (pos >= text.length()) {
                    fields.add(field.toString());
                    return fields;
                }
                char c = text.charAt(pos++);
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    fields.add(field.toString());
                    return fields;
                } else if (c == '"') {
                    throw new AsapDataException(where(file, line) + "stray quote inside an unquoted field: " + file);
                } else {
                    field.append(c);
                }
            }
        }

        /** Reads a quoted field starting at the opening quote; leaves pos after the closing one. */
        private void quoted(StringBuilder field) {
            int openLine = line;
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw new AsapDataException(where(file, openLine) + "quoted field is never closed: " + file);
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        field.append('"');
                        pos++;
                    } else {
                        if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
                            throw new AsapDataException(where(file, line)
                                    + "unexpected character after a closing quote: " + file);
                        }
                        return;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            }
        }
    }
}
