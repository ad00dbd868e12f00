package org.leggio.model.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.leggio.model.eval.internal.FloatItems;
import org.leggio.model.eval.internal.Npy;
import org.leggio.model.eval.internal.PairFiles;
import org.leggio.model.eval.internal.PairOrder;
import org.leggio.model.eval.internal.Vectors;

/**
 * N matched audio–sheet pairs, the exchange format between the dataset builder and the
 * evaluation: pair i is a sheet snippet {@code float[80][100]} and an audio window {@code
 * float[92][T]} showing and sounding the same moment of a piece.
 *
 * <p>On disk, a pair set is a directory of four files (full text: {@code PAIRS.md} beside this
 * class, and {@code docs/pairs-format.md}):
 *
 * <pre>
 * manifest.json  {"format": "leggio-pairs", "version": 1, "count": N, "audio_context_frames": T,
 *                 "sheet_height_px": 80, "sheet_width_px": 100, "bands": 92, "description": "...",
 *                 "pieces": [{"piece_id": "...", "pairs": k}, ...]}
 * sheet.npy      float32 (N, 80, 100), C order, values in [0, 1] (white paper = 1)
 * audio.npy      float32 (N, 92, T), C order: band (lowest first) × 20 fps frame, finite
 * pairs.csv      index,piece_id,strip_x_px,onset_frame,performance_id   (one row per pair, index = row 0..N-1)
 * </pre>
 *
 * Rows are grouped by piece (in the order of {@code pieces}) and ordered by strip x within a
 * piece, so a piece's rows are its snippets in reading order; identification by DTW uses that
 * order. {@link #read(Path)} checks all of it and throws {@link PairFormatException} naming the
 * file.
 *
 * <p>A set read from disk memory-maps the {@code .npy} files instead of loading them, so sets
 * larger than the heap work; {@link #sheet(int)} and {@link #audio(int)} copy one pair out. The
 * files must not change while the set is in use. Instances are immutable and thread-safe.
 */
public final class PairSet {
    /** Value of {@code "format"} in {@code manifest.json}. */
    public static final String FORMAT = PairFiles.FORMAT;
    /** The format version this class reads and writes. */
    public static final int VERSION = PairFiles.VERSION;
    /** Rows of a sheet snippet, px (after the 2× down-scaling of the 160-row crop). */
    public static final int SHEET_HEIGHT_PX = 80;
    /** Columns of a sheet snippet, px. */
    public static final int SHEET_WIDTH_PX = 100;
    /** Log-frequency bands of an audio window. */
    public static final int BANDS = 92;
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String PAIRS_FILE = "pairs.csv";
    public static final String SHEET_FILE = "sheet.npy";
    public static final String AUDIO_FILE = "audio.npy";

    private final List<PairInfo> pairs;
    private final FloatItems sheet;
    private final FloatItems audio;
    private final int audioContextFrames;
    private final String description;
    private final Path source;

    private PairSet(List<PairInfo> pairs, FloatItems sheet, FloatItems audio, int audioContextFrames, String description, Path source) {
        this.pairs = List.copyOf(pairs);
        this.sheet = sheet;
        this.audio = audio;
        this.audioContextFrames = audioContextFrames;
        this.description = description;
        this.source = source;
    }

    /**
     * Starts an in-memory set whose audio windows are {@code [92][audioContextFrames]}.
     *
     * @throws IllegalArgumentException if {@code audioContextFrames < 1}
     */
    public static Builder builder(int audioContextFrames) {
        return new Builder(audioContextFrames);
    }

    /**
     * Reads and validates the pair set in {@code dir}: files present, manifest format and version,
     * shapes, counts agreeing across the four files, row order, no NaN or infinite value, sheet
     * values in [0, 1]. Reads every value once to check it; maps rather than loads the arrays.
     *
     * @throws PairFormatException naming the file for every violation of the format
     * @throws IOException for an I/O failure
     */
    public static PairSet read(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir can't be null");
        if (!Files.isDirectory(dir)) {
            throw new PairFormatException(dir + ": pair-set directory not found");
        }
        for (String name : List.of(MANIFEST_FILE, PAIRS_FILE, SHEET_FILE, AUDIO_FILE)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new PairFormatException(dir.resolve(name) + ": missing file (a pair set needs " + MANIFEST_FILE + ", "
                        + PAIRS_FILE + ", " + SHEET_FILE + " and " + AUDIO_FILE + ")");
            }
        }
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        PairFiles.Manifest manifest = PairFiles.readManifest(manifestFile);
        checkFixed(manifestFile, "sheet_height_px", manifest.sheetHeightPx(), SHEET_HEIGHT_PX);
        checkFixed(manifestFile, "sheet_width_px", manifest.sheetWidthPx(), SHEET_WIDTH_PX);
        checkFixed(manifestFile, "bands", manifest.bands(), BANDS);
        Path csvFile = dir.resolve(PAIRS_FILE);
        List<PairInfo> rows = PairFiles.readCsv(csvFile);
        if (rows.size() != manifest.count()) {
            throw new PairFormatException(csvFile + ": has " + rows.size() + " rows but " + MANIFEST_FILE + " count is "
                    + manifest.count());
        }
        PairOrder order = new PairOrder();
        rows.forEach(order::accept);
        if (!order.pieces().equals(manifest.pieces())) {
            throw new PairFormatException(manifestFile + ": \"pieces\" " + describe(manifest.pieces())
                    + " does not match the pieces of " + PAIRS_FILE + " " + describe(order.pieces()));
        }
        FloatItems sheet = mapArray(dir.resolve(SHEET_FILE), manifest.count(), new int[] {SHEET_HEIGHT_PX, SHEET_WIDTH_PX});
        FloatItems audio = mapArray(dir.resolve(AUDIO_FILE), manifest.count(), new int[] {BANDS, manifest.audioContextFrames()});
        float[] sheetValues = new float[sheet.itemLength()];
        float[] audioValues = new float[audio.itemLength()];
        for (int i = 0; i < manifest.count(); i++) {
            sheet.copy(i, sheetValues);
            checkValues(sheetValues, SHEET_WIDTH_PX, true, dir.resolve(SHEET_FILE) + ": pair " + i, PairFormatException::new);
            audio.copy(i, audioValues);
            checkValues(audioValues, manifest.audioContextFrames(), false, dir.resolve(AUDIO_FILE) + ": pair " + i,
                    PairFormatException::new);
        }
        return new PairSet(rows, sheet, audio, manifest.audioContextFrames(), manifest.description(), dir);
    }

    private static void checkFixed(Path file, String key, int value, int expected) throws PairFormatException {
        if (value != expected) {
            throw new PairFormatException(file + ": " + key + " must be " + expected + " but was " + value);
        }
    }

    private static String describe(List<PairOrder.PieceCount> pieces) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < pieces.size() && i < 5; i++) {
            b.append(i == 0 ? "" : ", ").append(pieces.get(i).pieceId()).append(" ×").append(pieces.get(i).pairs());
        }
        return b.append(pieces.size() > 5 ? ", … " + pieces.size() + " pieces]" : "]").toString();
    }

    private static FloatItems mapArray(Path file, int count, int[] itemShape) throws IOException {
        Npy.Header header = Npy.readHeader(file);
        int[] shape = header.shape();
        if (shape.length == itemShape.length + 1 && shape[0] != count) {
            throw new PairFormatException(file + ": holds " + shape[0] + " pairs but " + MANIFEST_FILE + " count is " + count);
        }
        int[] expected = new int[itemShape.length + 1];
        expected[0] = count;
        System.arraycopy(itemShape, 0, expected, 1, itemShape.length);
        if (!Arrays.equals(shape, expected)) {
            throw new PairFormatException(file + ": shape " + header.shapeText() + " but " + MANIFEST_FILE + " implies "
                    + Npy.shapeText(expected));
        }
        return FloatItems.map(file, header);
    }

    private interface ErrorFactory<E extends Exception> {
        E create(String message);
    }

    private static <E extends Exception> void checkValues(float[] values, int columns, boolean unitRange, String what,
            ErrorFactory<E> error) throws E {
        for (int k = 0; k < values.length; k++) {
            float v = values[k];
            if (Float.isNaN(v) || Float.isInfinite(v) || unitRange && (v < 0f || v > 1f)) {
                String problem = Float.isNaN(v) ? "NaN" : Float.isInfinite(v) ? "an infinite value" : "value " + v + " outside [0, 1]";
                throw error.create(what + " has " + problem + " at [" + k / columns + "][" + k % columns + "]");
            }
        }
    }

    /**
     * Writes this set to {@code dir} (created if needed; the four files are overwritten), in the
     * format {@link #read(Path)} reads. The manifest is written last.
     *
     * @throws IllegalArgumentException if {@code dir} is the directory this set was read from
     * @throws IOException for an I/O failure
     */
    public void write(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir can't be null");
        Files.createDirectories(dir);
        if (source != null && Files.isSameFile(source, dir)) {
            throw new IllegalArgumentException("can't write a pair set over the directory it is read from: " + dir);
        }
        Npy.write(dir.resolve(SHEET_FILE), new int[] {SHEET_HEIGHT_PX, SHEET_WIDTH_PX}, sheet);
        Npy.write(dir.resolve(AUDIO_FILE), new int[] {BANDS, audioContextFrames}, audio);
        PairFiles.writeCsv(dir.resolve(PAIRS_FILE), pairs);
        PairOrder order = new PairOrder();
        pairs.forEach(order::accept);
        PairFiles.writeManifest(dir.resolve(MANIFEST_FILE), new PairFiles.Manifest(pairs.size(), audioContextFrames,
                SHEET_HEIGHT_PX, SHEET_WIDTH_PX, BANDS, description, order.pieces()));
    }

    /**
     * A deterministic random subset of {@code n} pairs, in this set's order: the same {@code (n,
     * seed)} always selects the same pairs of the same set ({@link Random} with {@code seed}, a
     * partial Fisher–Yates shuffle, then the chosen indices sorted).
     *
     * @throws IllegalArgumentException unless {@code 0 < n <= size()}
     */
    public PairSet subset(int n, long seed) {
        checkSubsetSize(n);
        int[] all = new int[size()];
        Arrays.setAll(all, i -> i);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return select(chosen, description);
    }

    /**
     * The {@code n} pairs at indices {@code floor(k · (size − 1) / (n − 1))}, k = 0 … n − 1: the
     * papers' {@code np.linspace(0, len − 1, N).astype(int)} selection of test pairs.
     *
     * @throws IllegalArgumentException unless {@code 0 < n <= size()}
     */
    public PairSet evenlySpaced(int n) {
        checkSubsetSize(n);
        return select(Vectors.evenlySpaced(size(), n), description);
    }

    private void checkSubsetSize(int n) {
        if (n < 1 || n > size()) {
            throw new IllegalArgumentException("n must be in 1.." + size() + " (the size of the set) but was " + n);
        }
    }

    private PairSet select(int[] indices, String newDescription) {
        List<PairInfo> rows = new ArrayList<>(indices.length);
        for (int i : indices) {
            rows.add(pairs.get(i));
        }
        return new PairSet(rows, FloatItems.select(sheet, indices), FloatItems.select(audio, indices), audioContextFrames,
                newDescription, source);
    }

    /** Number of pairs, N. */
    public int size() {
        return pairs.size();
    }

    /** T, the length of each audio window in 20 fps frames. */
    public int audioContextFrames() {
        return audioContextFrames;
    }

    /** Free text from the manifest: where the pairs come from. */
    public String description() {
        return description;
    }

    /** The directory this set (or the set it is a subset of) was read from; empty if built in memory. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The rows of {@code pairs.csv}, in order (row i describes pair i). */
    public List<PairInfo> pairs() {
        return pairs;
    }

    /** The piece ids, in order of first appearance. */
    public List<String> pieces() {
        return pairs.stream().map(PairInfo::pieceId).distinct().toList();
    }

    /** A fresh copy of the sheet snippet of pair {@code index}: {@code [80][100]}, values in [0, 1]. */
    public float[][] sheet(int index) {
        return unflatten(sheet, Objects.checkIndex(index, size()), SHEET_HEIGHT_PX, SHEET_WIDTH_PX);
    }

    /** A fresh copy of the audio window of pair {@code index}: {@code [92][T]}, band × frame. */
    public float[][] audio(int index) {
        return unflatten(audio, Objects.checkIndex(index, size()), BANDS, audioContextFrames);
    }

    private static float[][] unflatten(FloatItems items, int index, int rows, int cols) {
        float[] flat = new float[items.itemLength()];
        items.copy(index, flat);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /**
     * Builds an in-memory pair set. Each {@link #add} checks shapes, values and row order at once.
     * Not thread-safe.
     */
    public static final class Builder {
        private final int audioContextFrames;
        private final List<PairInfo> pairs = new ArrayList<>();
        private final List<float[]> sheets = new ArrayList<>();
        private final List<float[]> audios = new ArrayList<>();
        private final PairOrder order = new PairOrder();
        private String description = "";

        private Builder(int audioContextFrames) {
            if (audioContextFrames < 1) {
                throw new IllegalArgumentException("audioContextFrames must be >= 1 but was " + audioContextFrames);
            }
            this.audioContextFrames = audioContextFrames;
        }

        /** Free text stored in the manifest (default empty). */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description can't be null");
            return this;
        }

        /**
         * Appends a pair; the arrays are copied.
         *
         * @param info where the pair comes from; must keep rows grouped by piece and ordered by strip x
         * @param sheet {@code [80][100]}, values in [0, 1]
         * @param audio {@code [92][T]}, finite
         * @throws IllegalArgumentException for a wrong shape, a bad value or a row out of order, naming the pair index
         */
        public Builder add(PairInfo info, float[][] sheet, float[][] audio) {
            Objects.requireNonNull(info, "info can't be null");
            int index = pairs.size();
            float[] s = flatten(sheet, SHEET_HEIGHT_PX, SHEET_WIDTH_PX, "sheet of pair " + index);
            float[] a = flatten(audio, BANDS, audioContextFrames, "audio of pair " + index);
            checkValues(s, SHEET_WIDTH_PX, true, "sheet of pair " + index, IllegalArgumentException::new);
            checkValues(a, audioContextFrames, false, "audio of pair " + index, IllegalArgumentException::new);
            String violation = order.accept(info);
            if (violation != null) {
                throw new IllegalArgumentException("pair " + index + ": " + violation);
            }
            pairs.add(info);
            sheets.add(s);
            audios.add(a);
            return this;
        }

        private static float[] flatten(float[][] m, int rows, int cols, String what) {
            Objects.requireNonNull(m, what + " can't be null");
            boolean ok = m.length == rows && Arrays.stream(m).allMatch(r -> r != null && r.length == cols);
            if (!ok) {
                int actualCols = m.length == 0 || m[0] == null ? 0 : m[0].length;
                throw new IllegalArgumentException(what + " must be [" + rows + "][" + cols + "] but was [" + m.length + "]["
                        + actualCols + "]" + (m.length == rows && actualCols == cols ? " (ragged)" : ""));
            }
            float[] flat = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m[r], 0, flat, r * cols, cols);
            }
            return flat;
        }

        /** The set of the pairs added so far. */
        public PairSet build() {
            return new PairSet(pairs, FloatItems.of(sheets, SHEET_HEIGHT_PX * SHEET_WIDTH_PX),
                    FloatItems.of(audios, BANDS * audioContextFrames), audioContextFrames, description, null);
        }
    }
}
