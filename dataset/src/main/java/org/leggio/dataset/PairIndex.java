package org.leggio.dataset;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The dataset's training pairs as an index: one row per pair naming the engraved score, the strip
 * x of the notehead, the synthesised spectrogram and the onset frame — the pair's pixels and frames
 * are cut from those files when the pair is used (training, {@link PairSetExporter}). Stored per
 * split as CSV shards {@code pairs/<split>/pairs-NNNNN.csv} of at most {@value #SHARD_ROWS} rows, so
 * training can stream them and shuffle shard by shard. Format: docs/dataset-format.md.
 */
public final class PairIndex {
    /** Rows per shard. */
    public static final int SHARD_ROWS = 50_000;
    /** The shards' header. */
    public static final String HEADER = "piece_id,score_dir,audio_npy,onset_frame,strip_x_px,note_id,pass,performance_id";

    /**
     * One pair.
     *
     * @param pieceId the piece (for the split and for per-piece evaluation)
     * @param scoreDir engraved score folder, relative to the build's {@code scores/}
     * @param audioNpy spectrogram file, relative to the build's {@code audio/}
     * @param onsetFrame the notehead's onset frame in that spectrogram (20 fps)
     * @param stripXPx the notehead's centre column in the strip, px
     * @param noteId the MusicXML id of the drawn note
     * @param pass which performance of the notehead this is (repeats)
     * @param performanceId performance and rendering, e.g. {@code Denisova06M.TimGM6mb_p0_t1.00}
     */
    public record Row(String pieceId, String scoreDir, String audioNpy, int onsetFrame, int stripXPx, String noteId,
            int pass, String performanceId) {
        /**
         * The rendering's tempo factor, read from the {@code _t<factor>} suffix of {@link #performanceId}
         * (e.g. 1.0 for {@code Denisova06M.TimGM6mb_p0_t1.00}).
         *
         * @throws IllegalArgumentException when the id carries no tempo factor
         */
        public double tempoFactor() {
            int at = performanceId.lastIndexOf("_t");
            if (at < 0) {
                throw new IllegalArgumentException("performance id without a tempo factor (_t<factor>): " + performanceId);
            }
            try {
                return Double.parseDouble(performanceId.substring(at + 2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("performance id without a tempo factor (_t<factor>): " + performanceId, e);
            }
        }

        String toCsv() {
            return String.join(",", pieceId, scoreDir, audioNpy, Integer.toString(onsetFrame), Integer.toString(stripXPx),
                    noteId, Integer.toString(pass), performanceId);
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException("a pair row needs 8 fields but has " + f.length + ": " + line);
            }
            return new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5], Integer.parseInt(f[6]), f[7]);
        }
    }

    private PairIndex() {}

    /** Writes a split's rows as shards under {@code dir} (replacing old shards); returns the shard count. */
    public static int write(Path dir, List<Row> rows) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("pairs-")).toList()) {
                Files.delete(p);
            }
        }
        int shards = 0;
        for (int start = 0; start < rows.size(); start += SHARD_ROWS, shards++) {
            Path shard = dir.resolve(String.format(Locale.ROOT, "pairs-%05d.csv", shards));
            Path temp = dir.resolve(shard.getFileName() + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                for (Row row : rows.subList(start, Math.min(rows.size(), start + SHARD_ROWS))) {
                    out.write(row.toCsv());
                    out.write('\n');
                }
            }
            Files.move(temp, shard, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return shards;
    }

    /** The shard files of a split, in order. */
    public static List<Path> shards(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("pairs-\\d{5}\\.csv")).sorted().toList();
        }
    }

    /** Reads one shard. */
    public static List<Row> read(Path shard) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(shard, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IOException("not a pair shard (header " + header + "): " + shard);
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty()) {
                    rows.add(Row.parse(line));
                }
            }
        }
        return rows;
    }

    /** Reads every shard of a split. */
    public static List<Row> readAll(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path shard : shards(dir)) {
            rows.addAll(read(shard));
        }
        return rows;
    }
}
