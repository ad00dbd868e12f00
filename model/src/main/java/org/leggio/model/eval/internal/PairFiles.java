package org.leggio.model.eval.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leggio.model.eval.PairFormatException;
import org.leggio.model.eval.PairInfo;

/** Codecs of {@code manifest.json} and {@code pairs.csv}; every error names the file. */
public final class PairFiles {
    public static final String FORMAT = "leggio-pairs";
    public static final int VERSION = 1;
    public static final String CSV_HEADER = "index,piece_id,strip_x_px,onset_frame,performance_id";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private PairFiles() {}

    /** The content of {@code manifest.json}. */
    public record Manifest(int count, int audioContextFrames, int sheetHeightPx, int sheetWidthPx, int bands,
            String description, List<PairOrder.PieceCount> pieces) {}

    /** Writes {@code manifest.json}. */
    public static void writeManifest(Path file, Manifest m) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("count", m.count());
        o.addProperty("audio_context_frames", m.audioContextFrames());
        o.addProperty("sheet_height_px", m.sheetHeightPx());
        o.addProperty("sheet_width_px", m.sheetWidthPx());
        o.addProperty("bands", m.bands());
        o.addProperty("description", m.description());
        JsonArray pieces = new JsonArray();
        for (PairOrder.PieceCount p : m.pieces()) {
            JsonObject piece = new JsonObject();
            piece.addProperty("piece_id", p.pieceId());
            piece.addProperty("pairs", p.pairs());
            pieces.add(piece);
        }
        o.add("pieces", pieces);
        Files.writeString(file, GSON.toJson(o) + "\n", StandardCharsets.UTF_8);
    }

    /** Reads and checks {@code manifest.json}: format, version first, then every field's type and range. */
    public static Manifest readManifest(Path file) throws IOException {
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new PairFormatException(file + ": must hold a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new PairFormatException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String format = string(file, o, "format");
        if (!FORMAT.equals(format)) {
            throw new PairFormatException(file + ": format must be \"" + FORMAT + "\" but was \"" + format + "\"");
        }
        int version = integer(file, o, "version", 0);
        if (version != VERSION) {
            throw new PairFormatException(file + ": unknown format version " + version + " (this reader knows version " + VERSION + ")");
        }
        JsonElement pieces = o.get("pieces");
        if (pieces == null || !pieces.isJsonArray()) {
            throw new PairFormatException(file + ": \"pieces\" must be an array");
        }
        List<PairOrder.PieceCount> list = new ArrayList<>();
        for (JsonElement e : pieces.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new PairFormatException(file + ": each entry of \"pieces\" must be an object {\"piece_id\", \"pairs\"}");
            }
            JsonObject piece = e.getAsJsonObject();
            list.add(new PairOrder.PieceCount(string(file, piece, "piece_id"), integer(file, piece, "pairs", 1)));
        }
        return new Manifest(integer(file, o, "count", 0), integer(file, o, "audio_context_frames", 1),
                integer(file, o, "sheet_height_px", 1), integer(file, o, "sheet_width_px", 1), integer(file, o, "bands", 1),
                o.has("description") ? string(file, o, "description") : "", List.copyOf(list));
    }

    private static String string(Path file, JsonObject o, String key) throws PairFormatException {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new PairFormatException(file + ": missing key \"" + key + "\"");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new PairFormatException(file + ": \"" + key + "\" must be a string but was " + e);
        }
        return e.getAsString();
    }

    private static int integer(Path file, JsonObject o, String key, int min) throws PairFormatException {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new PairFormatException(file + ": missing key \"" + key + "\"");
        }
        if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            double v = e.getAsDouble();
            if (v == Math.rint(v) && v >= min && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw new PairFormatException(file + ": \"" + key + "\" must be an integer >= " + min + " but was " + e);
    }

    /** Writes {@code pairs.csv}; rows are numbered from 0. */
    public static void writeCsv(Path file, List<PairInfo> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER);
            w.write('\n');
            for (int i = 0; i < rows.size(); i++) {
                PairInfo p = rows.get(i);
                w.write(i + "," + p.pieceId() + "," + p.stripXPx() + "," + p.onsetFrame() + "," + p.performanceId() + "\n");
            }
        }
    }

    /** Reads and checks {@code pairs.csv}: header, fields, index = row number, row order. */
    public static List<PairInfo> readCsv(Path file) throws IOException {
        List<PairInfo> rows = new ArrayList<>();
        PairOrder order = new PairOrder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().equals(CSV_HEADER)) {
                throw new PairFormatException(file + ": header must be '" + CSV_HEADER + "' but was '" + header + "'");
            }
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                PairInfo info = parseRow(file, lineNo, line.strip(), rows.size());
                String violation = order.accept(info);
                if (violation != null) {
                    throw new PairFormatException(file + " line " + lineNo + ": " + violation);
                }
                rows.add(info);
            }
        }
        return rows;
    }

    private static PairInfo parseRow(Path file, int lineNo, String line, int expectedIndex) throws PairFormatException {
        String where = file + " line " + lineNo + ": ";
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            throw new PairFormatException(where + "expected 5 fields but found " + f.length);
        }
        int index = nonNegative(where, "index", f[0]);
        if (index != expectedIndex) {
            throw new PairFormatException(where + "index must be " + expectedIndex + " (rows are numbered from 0 in file order) but was "
                    + index);
        }
        try {
            return new PairInfo(f[1], nonNegative(where, "strip_x_px", f[2]), nonNegative(where, "onset_frame", f[3]), f[4]);
        } catch (IllegalArgumentException e) {
            throw new PairFormatException(where + e.getMessage(), e);
        }
    }

    private static int nonNegative(String where, String column, String text) throws PairFormatException {
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PairFormatException(where + column + " must be an integer >= 0 but was '" + text + "'");
    }
}
