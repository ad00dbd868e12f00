package org.leggio.dataset.asap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A train / validation / test split by <b>piece</b>: every score folder and every performance of a
 * piece falls on the same side, so no test piece is ever heard or seen in training.
 *
 * <p>Each piece goes by a stable hash of {@code seed:pieceId} (SHA-256, as a number u in [0, 1)):
 * u &lt; 0.8 train, u &lt; 0.9 validation, else test. A piece's side depends only on its own id
 * and the seed, so adding or removing pieces never moves the others. {@link #assign(AsapCorpus,
 * long)} then corrects small-sample accidents, moving as few training pieces as needed (those with
 * the highest u) so that validation and test each hold at least one piece with performances, test
 * at least {@value #MIN_TEST_COMPOSERS} and validation {@value #MIN_VALID_COMPOSERS} composers
 * (where the corpus has that many).
 *
 * <p>Stored as {@code split.csv}: header {@code piece_id,split}, one row per piece, values {@code
 * train}, {@code valid}, {@code test}. Immutable.
 */
public final class PieceSplit {
    /** The three sides. */
    public enum Split {
        TRAIN("train"), VALID("valid"), TEST("test");

        private final String label;

        Split(String label) {
            this.label = label;
        }

        /** The value in {@code split.csv}. */
        public String label() {
            return label;
        }

        static Split ofLabel(String label) {
            for (Split s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Conventional file name. */
    public static final String FILE_NAME = "split.csv";
    /** Hash fractions: u below the first is train, below the sum is valid, the rest test. */
    public static final double TRAIN_FRACTION = 0.8;
    public static final double VALID_FRACTION = 0.1;
    public static final int MIN_TEST_COMPOSERS = 3;
    public static final int MIN_VALID_COMPOSERS = 2;

    private final Map<String, Split> splitByPiece;

    private PieceSplit(Map<String, Split> splitByPiece) {
        this.splitByPiece = Collections.unmodifiableMap(new TreeMap<>(splitByPiece));
    }

    /**
     * The plain hash split of {@code pieceIds} (duplicates allowed, e.g. one id per score folder).
     *
     * @param pieceIds piece ids
     * @param seed mixes into the hash; another seed gives another split
     */
    public static PieceSplit assign(List<String> pieceIds, long seed) {
        Map<String, Split> map = new TreeMap<>();
        for (String id : pieceIds) {
            map.put(id, bySplitHash(unitHash(seed, id)));
        }
        return new PieceSplit(map);
    }

    /**
     * The hash split of the corpus's pieces, corrected so that validation and test each hold
     * performed pieces by several composers (see the class comment). Deterministic.
     */
    public static PieceSplit assign(AsapCorpus corpus, long seed) {
        Map<String, Split> map = new TreeMap<>(assign(corpus.pieceIds(), seed).splitByPiece);
        Map<String, String> composerOfPerformedPiece = new TreeMap<>();
        for (ScoreFolder f : corpus.scoreFolders()) {
            if (f.hasPerformances()) {
                composerOfPerformedPiece.put(f.pieceId(), f.composer());
            }
        }
        int composers = new TreeSet<>(composerOfPerformedPiece.values()).size();
        ensure(map, Split.TEST, Math.min(MIN_TEST_COMPOSERS, composers), composerOfPerformedPiece, seed);
        ensure(map, Split.VALID, Math.min(MIN_VALID_COMPOSERS, composers), composerOfPerformedPiece, seed);
        return new PieceSplit(map);
    }

    /** Moves training pieces with performances (highest u first) into {@code side} until it has
     *  one and {@code minComposers} composers; stops when no training piece can help. */
    private static void ensure(Map<String, Split> map, Split side, int minComposers,
            Map<String, String> composerOfPerformedPiece, long seed) {
        while (true) {
            Set<String> present = new TreeSet<>();
            composerOfPerformedPiece.forEach((piece, composer) -> {
                if (map.get(piece) == side) {
                    present.add(composer);
                }
            });
            boolean needComposer = present.size() < Math.max(1, minComposers);
            if (!needComposer) {
                return;
            }
            String best = null;
            double bestU = -1;
            for (Map.Entry<String, String> e : composerOfPerformedPiece.entrySet()) {
                boolean newComposer = !present.contains(e.getValue());
                double u = unitHash(seed, e.getKey());
                // Keep training non-empty: never take the last performed training piece.
                if (map.get(e.getKey()) == Split.TRAIN && newComposer && u > bestU && trainingLeft(map,
                        composerOfPerformedPiece) > 1) {
                    best = e.getKey();
                    bestU = u;
                }
            }
            if (best == null) {
                return;
            }
            map.put(best, side);
        }
    }

    private static long trainingLeft(Map<String, Split> map, Map<String, String> composerOfPerformedPiece) {
        return composerOfPerformedPiece.keySet().stream().filter(p -> map.get(p) == Split.TRAIN).count();
    }

    /** The side of {@code pieceId}. @throws IllegalArgumentException if the piece is not in the split */
    public Split splitOf(String pieceId) {
        Split s = splitByPiece.get(pieceId);
        if (s == null) {
            throw new IllegalArgumentException("piece " + pieceId + " is not in the split");
        }
        return s;
    }

    /** Whether the piece is in the split. */
    public boolean contains(String pieceId) {
        return splitByPiece.containsKey(pieceId);
    }

    /** The pieces on one side, sorted. */
    public List<String> pieceIds(Split side) {
        return splitByPiece.entrySet().stream().filter(e -> e.getValue() == side).map(Map.Entry::getKey).toList();
    }

    /** Piece → side, sorted by piece id. */
    public Map<String, Split> asMap() {
        return splitByPiece;
    }

    /** Writes {@code split.csv} (atomically: temp file + rename). */
    public void write(Path csv) {
        StringBuilder text = new StringBuilder("piece_id,split\n");
        splitByPiece.forEach((piece, side) -> text.append(quote(piece)).append(',').append(side.label()).append('\n'));
        try {
            Path parent = csv.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "." + csv.getFileName(), AudioStore.PARTIAL_SUFFIX);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AsapDataException("cannot write " + csv + ": " + e, e);
        }
    }

    /**
     * Reads a {@code split.csv}.
     *
     * @throws AsapDataException naming the file and line on an unknown split value or a piece listed twice
     */
    public static PieceSplit read(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new AsapDataException("split file not found: " + csv);
        }
        Csv table = Csv.read(csv);
        int piece = table.column("piece_id");
        int split = table.column("split");
        Map<String, Split> map = new LinkedHashMap<>();
        for (Csv.Row row : table.rows()) {
            Split side = Split.ofLabel(row.fields().get(split).strip());
            if (side == null) {
                throw new AsapDataException(Csv.where(csv, row.lineNumber()) + "split must be train, valid or test, got '"
                        + row.fields().get(split) + "': " + csv);
            }
            if (map.put(row.fields().get(piece), side) != null) {
                throw new AsapDataException(Csv.where(csv, row.lineNumber()) + "piece " + row.fields().get(piece)
                        + " is listed twice: " + csv);
            }
        }
        return new PieceSplit(map);
    }

    /** {@link #summary(AsapCorpus, ToDoubleFunction)} with durations read from the MIDI files (a few seconds). */
    public String summary(AsapCorpus corpus) {
        return summary(corpus, p -> PerformanceSynthesizer.midiDurationSeconds(p.midiPath()));
    }

    /**
     * A printable table: per side, pieces (and those with performances), score folders,
     * performances, hours of performance and composers; then the test composers.
     *
     * @param durationSeconds a performance's duration, seconds
     * @throws IllegalArgumentException if a corpus piece is not in the split
     */
    public String summary(AsapCorpus corpus, ToDoubleFunction<Performance> durationSeconds) {
        Map<Split, int[]> counts = new EnumMap<>(Split.class); // pieces, performed pieces, folders, performances
        Map<Split, Double> hours = new EnumMap<>(Split.class);
        Map<Split, Set<String>> composers = new EnumMap<>(Split.class);
        Map<Split, Set<String>> performed = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            counts.put(s, new int[4]);
            hours.put(s, 0.0);
            composers.put(s, new TreeSet<>());
            performed.put(s, new TreeSet<>());
        }
        for (String piece : corpus.pieceIds()) {
            counts.get(splitOf(piece))[0]++;
        }
        for (ScoreFolder f : corpus.scoreFolders()) {
            Split s = splitOf(f.pieceId());
            counts.get(s)[2]++;
            if (f.hasPerformances()) {
                performed.get(s).add(f.pieceId());
                composers.get(s).add(f.composer());
            }
        }
        for (Performance p : corpus.performances()) {
            Split s = splitOf(p.pieceId());
            counts.get(s)[3]++;
            hours.merge(s, durationSeconds.applyAsDouble(p) / 3600.0, Double::sum);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-6s %7s %10s %8s %13s %7s %10s%n",
                "split", "pieces", "performed", "folders", "performances", "hours", "composers"));
        int[] total = new int[4];
        double totalHours = 0;
        for (Split s : Split.values()) {
            int[] c = counts.get(s);
            c[1] = performed.get(s).size();
            out.append(String.format(Locale.ROOT, "%-6s %7d %10d %8d %13d %7.2f %10d%n", s.label(), c[0], c[1], c[2],
                    c[3], hours.get(s), composers.get(s).size()));
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
            totalHours += hours.get(s);
        }
        out.append(String.format(Locale.ROOT, "%-6s %7d %10d %8d %13d %7.2f%n", "total", total[0], total[1], total[2],
                total[3], totalHours));
        out.append("test composers (performed pieces): ").append(String.join(", ", composers.get(Split.TEST)))
                .append('\n');
        out.append("test performed pieces: ").append(String.join(", ", performed.get(Split.TEST))).append('\n');
        return out.toString();
    }

    /** u in [0, 1) from the first 53 bits of SHA-256({@code seed + ":" + pieceId}). */
    static double unitHash(long seed, String pieceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + ":" + pieceId).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = bits << 8 | (digest[i] & 0xffL);
            }
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static Split bySplitHash(double u) {
        if (u < TRAIN_FRACTION) {
            return Split.TRAIN;
        }
        return u < TRAIN_FRACTION + VALID_FRACTION ? Split.VALID : Split.TEST;
    }

    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
