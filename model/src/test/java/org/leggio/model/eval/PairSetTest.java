package org.leggio.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.eval.internal.FloatItems;
import org.leggio.model.eval.internal.Npy;

class PairSetTest {
    private static final int T = 42;
    private static final String NEEDS = ": missing file (a pair set needs manifest.json, pairs.csv, sheet.npy and audio.npy)";

    @TempDir
    Path tmp;

    private Path example() throws IOException {
        Path dir = tmp.resolve("example");
        PairSets.generateExample(dir, 3, 4, 1);
        return dir;
    }

    private static PairFormatException readFails(Path dir) {
        return assertThrows(PairFormatException.class, () -> PairSet.read(dir));
    }

    @Test
    void shouldRoundTripAPairSet() throws IOException {
        PairSet original = PairSets.example(3, 4, T, 1);
        Path dir = tmp.resolve("a");

        original.write(dir);
        PairSet read = PairSet.read(dir);

        assertThat(read.size()).isEqualTo(12);
        assertThat(read.audioContextFrames()).isEqualTo(T);
        assertThat(read.description()).isEqualTo(original.description());
        assertThat(read.pairs()).isEqualTo(original.pairs());
        assertThat(read.pieces()).containsExactly("example-piece-00", "example-piece-01", "example-piece-02");
        assertThat(read.source()).contains(dir);
        assertThat(original.source()).isEmpty();
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.sheet(i)).isDeepEqualTo(original.sheet(i));
            assertThat(read.audio(i)).isDeepEqualTo(original.audio(i));
        }
        Path again = tmp.resolve("b");
        read.write(again);
        for (String file : List.of(PairSet.MANIFEST_FILE, PairSet.PAIRS_FILE, PairSet.SHEET_FILE, PairSet.AUDIO_FILE)) {
            assertThat(Files.readAllBytes(again.resolve(file))).as(file).isEqualTo(Files.readAllBytes(dir.resolve(file)));
        }
    }

    @Test
    void shouldWriteTheDocumentedFiles() throws IOException {
        Path dir = example();

        byte[] sheet = Files.readAllBytes(dir.resolve(PairSet.SHEET_FILE));
        int headerLength = (sheet[8] & 0xff) | (sheet[9] & 0xff) << 8;
        String header = new String(sheet, 10, headerLength, StandardCharsets.US_ASCII);
        JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve(PairSet.MANIFEST_FILE))).getAsJsonObject();
        List<String> csv = Files.readAllLines(dir.resolve(PairSet.PAIRS_FILE));

        assertThat(sheet[6]).isEqualTo((byte) 1);
        assertThat(sheet[7]).isEqualTo((byte) 0);
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (12, 80, 100), }").endsWith("\n");
        assertThat(sheet).hasSize(10 + headerLength + 12 * 80 * 100 * 4);
        assertThat(Npy.readHeader(dir.resolve(PairSet.AUDIO_FILE)).shape()).containsExactly(12, 92, T);
        assertThat(manifest.get("format").getAsString()).isEqualTo("leggio-pairs");
        assertThat(manifest.get("version").getAsInt()).isEqualTo(1);
        assertThat(manifest.get("count").getAsInt()).isEqualTo(12);
        assertThat(manifest.get("audio_context_frames").getAsInt()).isEqualTo(T);
        assertThat(manifest.get("sheet_height_px").getAsInt()).isEqualTo(80);
        assertThat(manifest.get("sheet_width_px").getAsInt()).isEqualTo(100);
        assertThat(manifest.get("bands").getAsInt()).isEqualTo(92);
        assertThat(manifest.getAsJsonArray("pieces").get(1).toString()).isEqualTo("{\"piece_id\":\"example-piece-01\",\"pairs\":4}");
        assertThat(csv).hasSize(13);
        assertThat(csv.get(0)).isEqualTo("index,piece_id,strip_x_px,onset_frame,performance_id");
        assertThat(csv.get(1)).matches("0,example-piece-00,\\d+,33,synthetic");
    }

    @Test
    void shouldGenerateTheSameExampleForTheSameSeed() throws IOException {
        PairSets.generateExample(tmp.resolve("x"), 2, 3, 9);
        PairSets.generateExample(tmp.resolve("y"), 2, 3, 9);
        PairSets.generateExample(tmp.resolve("z"), 2, 3, 10);

        assertThat(Files.readAllBytes(tmp.resolve("y/sheet.npy"))).isEqualTo(Files.readAllBytes(tmp.resolve("x/sheet.npy")));
        assertThat(Files.readAllBytes(tmp.resolve("y/audio.npy"))).isEqualTo(Files.readAllBytes(tmp.resolve("x/audio.npy")));
        assertThat(Files.readAllBytes(tmp.resolve("z/sheet.npy"))).isNotEqualTo(Files.readAllBytes(tmp.resolve("x/sheet.npy")));
        assertThat(assertThrows(IllegalArgumentException.class, () -> PairSets.example(0, 3, T, 1)))
                .hasMessage("pieces and pairsPerPiece must be >= 1 with at most 100000 pairs in all but were 0 and 3");
    }

    @Test
    void shouldDrawTheSameSubsetForTheSameSeedKeepingOrder() throws IOException {
        PairSet set = PairSet.read(example());

        PairSet a = set.subset(5, 42);
        PairSet b = set.subset(5, 42);
        PairSet c = set.subset(5, 43);

        assertThat(a.pairs()).isEqualTo(b.pairs());
        assertThat(a.pairs()).isNotEqualTo(c.pairs());
        List<Integer> indices = a.pairs().stream().map(p -> set.pairs().indexOf(p)).toList();
        assertThat(indices).isSorted().doesNotHaveDuplicates().hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(a.sheet(i)).isDeepEqualTo(set.sheet(indices.get(i)));
            assertThat(a.audio(i)).isDeepEqualTo(set.audio(indices.get(i)));
        }
        assertThat(a.source()).isEqualTo(set.source());
        assertThat(set.subset(12, 1).pairs()).isEqualTo(set.pairs());
        assertThat(assertThrows(IllegalArgumentException.class, () -> set.subset(13, 1)))
                .hasMessage("n must be in 1..12 (the size of the set) but was 13");
        assertThat(assertThrows(IllegalArgumentException.class, () -> set.subset(0, 1)))
                .hasMessage("n must be in 1..12 (the size of the set) but was 0");
    }

    @Test
    void shouldWriteASubsetThatReadsBack() throws IOException {
        PairSet subset = PairSet.read(example()).subset(7, 3);
        Path dir = tmp.resolve("subset");

        subset.write(dir);
        PairSet read = PairSet.read(dir);

        assertThat(read.pairs()).isEqualTo(subset.pairs());
        assertThat(read.audio(6)).isDeepEqualTo(subset.audio(6));
    }

    @Test
    void shouldSelectEvenlySpacedPairsLikeLinspace() throws IOException {
        PairSet set = PairSet.read(example());

        PairSet spaced = set.evenlySpaced(4);

        assertThat(spaced.pairs()).containsExactly(set.pairs().get(0), set.pairs().get(3), set.pairs().get(7), set.pairs().get(11));
        assertThat(set.evenlySpaced(1).pairs()).containsExactly(set.pairs().get(0));
    }

    @Test
    void shouldRefuseToWriteOverItsOwnSource() throws IOException {
        Path dir = example();
        PairSet set = PairSet.read(dir);

        assertThat(assertThrows(IllegalArgumentException.class, () -> set.subset(3, 1).write(dir)))
                .hasMessage("can't write a pair set over the directory it is read from: " + dir);
    }

    // ---- validation of the directory ----

    @Test
    void shouldNameAMissingDirectory() {
        Path dir = tmp.resolve("nope");

        assertThat(readFails(dir)).hasMessage(dir + ": pair-set directory not found");
    }

    @Test
    void shouldNameEachMissingFile() throws IOException {
        for (String file : List.of(PairSet.MANIFEST_FILE, PairSet.PAIRS_FILE, PairSet.SHEET_FILE, PairSet.AUDIO_FILE)) {
            Path dir = tmp.resolve("missing-" + file);
            PairSets.generateExample(dir, 1, 2, 1);
            Files.delete(dir.resolve(file));

            assertThat(readFails(dir)).hasMessage(dir.resolve(file) + NEEDS);
        }
    }

    private void editManifest(Path dir, Consumer<JsonObject> edit) throws IOException {
        Path file = dir.resolve(PairSet.MANIFEST_FILE);
        JsonObject manifest = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        edit.accept(manifest);
        Files.writeString(file, manifest.toString());
    }

    @Test
    void shouldRejectAManifestThatIsNotJson() throws IOException {
        Path dir = example();
        Files.writeString(dir.resolve(PairSet.MANIFEST_FILE), "{\"format\": ");

        assertThat(readFails(dir)).hasMessageStartingWith(dir.resolve(PairSet.MANIFEST_FILE) + ": not valid JSON: ");
    }

    @Test
    void shouldRejectAnotherFormat() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.addProperty("format", "other"));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": format must be \"leggio-pairs\" but was \"other\"");
    }

    @Test
    void shouldRejectAnUnknownFormatVersion() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.addProperty("version", 2));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": unknown format version 2 (this reader knows version 1)");
    }

    @Test
    void shouldRejectAManifestWithoutCount() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.remove("count"));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": missing key \"count\"");
    }

    @Test
    void shouldRejectANonIntegerField() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.addProperty("audio_context_frames", 4.5));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": \"audio_context_frames\" must be an integer >= 1 but was 4.5");
    }

    @Test
    void shouldRejectOtherSnippetDimensions() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.addProperty("bands", 64));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": bands must be 92 but was 64");
    }

    @Test
    void shouldRejectACountThatDiffersFromTheCsv() throws IOException {
        Path dir = example();
        editManifest(dir, m -> m.addProperty("count", 13));

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.PAIRS_FILE) + ": has 12 rows but manifest.json count is 13");
    }

    @Test
    void shouldRejectManifestPiecesThatDifferFromTheCsv() throws IOException {
        Path dir = example();
        editManifest(dir, m -> {
            JsonArray pieces = m.getAsJsonArray("pieces");
            pieces.get(2).getAsJsonObject().addProperty("pairs", 3);
        });

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.MANIFEST_FILE) + ": \"pieces\" [example-piece-00 ×4, example-piece-01 ×4, "
                + "example-piece-02 ×3] does not match the pieces of pairs.csv [example-piece-00 ×4, example-piece-01 ×4, example-piece-02 ×4]");
    }

    private void editCsv(Path dir, UnaryOperator<List<String>> edit) throws IOException {
        Path file = dir.resolve(PairSet.PAIRS_FILE);
        Files.write(file, edit.apply(new ArrayList<>(Files.readAllLines(file))));
    }

    private static String field(String line, int column) {
        return line.split(",")[column];
    }

    @Test
    void shouldRejectABadCsvHeader() throws IOException {
        Path dir = example();
        editCsv(dir, lines -> {
            lines.set(0, "index,piece,x,onset,performance");
            return lines;
        });

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.PAIRS_FILE)
                + ": header must be 'index,piece_id,strip_x_px,onset_frame,performance_id' but was 'index,piece,x,onset,performance'");
    }

    @Test
    void shouldRejectBadCsvRows() throws IOException {
        Path csv = tmp.resolve("example").resolve(PairSet.PAIRS_FILE);
        record Case(UnaryOperator<String> edit, String message) {}
        List<Case> cases = List.of(
                new Case(line -> line + ",extra", " line 3: expected 5 fields but found 6"),
                new Case(line -> "5" + line.substring(1), " line 3: index must be 1 (rows are numbered from 0 in file order) but was 5"),
                new Case(line -> line.replace(",33,", ",-1,").replace(",45,", ",-1,"), " line 3: onset_frame must be an integer >= 0 but was '-1'"),
                new Case(line -> line.replace("example-piece-00", "a b"), " line 3: pieceId must be 1-200 characters of "
                        + "[A-Za-z0-9._:()'+-] but was 'a b'"),
                new Case(line -> "1,example-piece-00,0,45,synthetic", " line 3: strip_x_px 0 is less than " + "%s"
                        + " on the previous row of piece 'example-piece-00'; rows must be ordered by strip x within a piece"));
        for (Case c : cases) {
            Path dir = example();
            List<String> lines = Files.readAllLines(csv);
            String message = c.message().formatted(field(lines.get(1), 2));
            lines.set(2, c.edit().apply(lines.get(2)));
            Files.write(csv, lines);

            assertThat(readFails(dir)).hasMessage(csv + message);
            deleteTree(dir);
        }
    }

    @Test
    void shouldRejectAPieceSplitIntoTwoGroups() throws IOException {
        Path dir = example();
        editCsv(dir, lines -> {
            lines.add(lines.remove(1));
            for (int i = 1; i < lines.size(); i++) {
                lines.set(i, (i - 1) + lines.get(i).substring(lines.get(i).indexOf(',')));
            }
            return lines;
        });

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.PAIRS_FILE)
                + " line 13: piece 'example-piece-00' appears again after other pieces; rows must be grouped by piece");
    }

    private static void writeItems(Path file, int count, int[] itemShape, float value) throws IOException {
        int length = 1;
        for (int s : itemShape) {
            length *= s;
        }
        List<float[]> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] item = new float[length];
            java.util.Arrays.fill(item, value);
            items.add(item);
        }
        Npy.write(file, itemShape, FloatItems.of(items, length));
    }

    @Test
    void shouldRejectAnArrayWithAnotherPairCount() throws IOException {
        Path dir = example();
        writeItems(dir.resolve(PairSet.SHEET_FILE), 11, new int[] {80, 100}, 0.5f);

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.SHEET_FILE) + ": holds 11 pairs but manifest.json count is 12");
    }

    @Test
    void shouldRejectAnArrayWithAnotherShape() throws IOException {
        Path dir = example();
        writeItems(dir.resolve(PairSet.AUDIO_FILE), 12, new int[] {92, 40}, 0.5f);

        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.AUDIO_FILE) + ": shape (12, 92, 40) but manifest.json implies (12, 92, 42)");
        writeItems(dir.resolve(PairSet.AUDIO_FILE), 12, new int[] {92 * 42}, 0.5f);
        assertThat(readFails(dir)).hasMessage(dir.resolve(PairSet.AUDIO_FILE) + ": shape (12, 3864) but manifest.json implies (12, 92, 42)");
    }

    private static void poke(Path npy, long valueIndex, float value) throws IOException {
        long offset = Npy.readHeader(npy).dataOffsetBytes() + valueIndex * 4;
        try (FileChannel channel = FileChannel.open(npy, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value), offset);
        }
    }

    @Test
    void shouldRejectNaNAndOutOfRangeValuesNamingPairAndPosition() throws IOException {
        Path sheet = tmp.resolve("example").resolve(PairSet.SHEET_FILE);
        Path audio = tmp.resolve("example").resolve(PairSet.AUDIO_FILE);
        record Case(Path file, long index, float value, String message) {}
        for (Case c : List.of(
                new Case(sheet, 5 * 8000 + 2 * 100 + 3, Float.NaN, ": pair 5 has NaN at [2][3]"),
                new Case(sheet, 11 * 8000 + 7999, 1.5f, ": pair 11 has value 1.5 outside [0, 1] at [79][99]"),
                new Case(sheet, 0, -0.25f, ": pair 0 has value -0.25 outside [0, 1] at [0][0]"),
                new Case(audio, 7 * 92 * 42 + 91 * 42 + 41, Float.NaN, ": pair 7 has NaN at [91][41]"),
                new Case(audio, 42, Float.NEGATIVE_INFINITY, ": pair 0 has an infinite value at [1][0]"))) {
            Path dir = example();
            poke(c.file(), c.index(), c.value());

            assertThat(readFails(dir)).hasMessage(c.file() + c.message());
            deleteTree(dir);
        }
    }

    @Test
    void shouldRejectATruncatedArray() throws IOException {
        Path dir = example();
        Path sheet = dir.resolve(PairSet.SHEET_FILE);
        long size = Files.size(sheet);
        try (FileChannel channel = FileChannel.open(sheet, StandardOpenOption.WRITE)) {
            channel.truncate(size - 4);
        }

        assertThat(readFails(dir)).hasMessage(sheet + ": shape (12, 80, 100) needs " + size + " bytes but the file has " + (size - 4)
                + " (truncated)");
    }

    private static void writeRawNpy(Path file, String dict, int dataBytes) throws IOException {
        String header = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        Files.write(file, b.array());
    }

    @Test
    void shouldRejectArraysThatAreNotLittleEndianFloat32InCOrder() throws IOException {
        Path dir = example();
        Path sheet = dir.resolve(PairSet.SHEET_FILE);

        writeRawNpy(sheet, "{'descr': '<f8', 'fortran_order': False, 'shape': (12, 80, 100), }", 12 * 8000 * 8);
        assertThat(readFails(dir)).hasMessage(sheet + ": dtype must be '<f4' (little-endian float32) but was '<f8'");
        writeRawNpy(sheet, "{'descr': '>f4', 'fortran_order': False, 'shape': (12, 80, 100), }", 12 * 8000 * 4);
        assertThat(readFails(dir)).hasMessage(sheet + ": dtype must be '<f4' (little-endian float32) but was '>f4'");
        writeRawNpy(sheet, "{'descr': '<f4', 'fortran_order': True, 'shape': (12, 80, 100), }", 12 * 8000 * 4);
        assertThat(readFails(dir)).hasMessage(sheet + ": must be C order but is Fortran order");
        Files.writeString(sheet, "x,y\n1,2\n");
        assertThat(readFails(dir)).hasMessage(sheet + ": not a .npy file (bad magic)");
    }

    // ---- validation when building in memory ----

    private static float[][] white() {
        float[][] s = new float[80][100];
        for (float[] row : s) {
            java.util.Arrays.fill(row, 1f);
        }
        return s;
    }

    @Test
    void shouldRejectBadPairsWhenBuilding() {
        PairSet.Builder builder = PairSet.builder(T).add(new PairInfo("p", 20, 30, "perf"), white(), new float[92][T]);
        PairInfo next = new PairInfo("p", 30, 40, "perf");

        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(next, new float[80][99], new float[92][T])))
                .hasMessage("sheet of pair 1 must be [80][100] but was [80][99]");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(next, white(), new float[92][T + 1])))
                .hasMessage("audio of pair 1 must be [92][42] but was [92][43]");
        float[][] nan = new float[92][T];
        nan[3][4] = Float.NaN;
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(next, white(), nan)))
                .hasMessage("audio of pair 1 has NaN at [3][4]");
        float[][] dark = white();
        dark[1][2] = 2f;
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(next, dark, new float[92][T])))
                .hasMessage("sheet of pair 1 has value 2.0 outside [0, 1] at [1][2]");
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(new PairInfo("p", 10, 40, "perf"), white(),
                new float[92][T]))).hasMessage("pair 1: strip_x_px 10 is less than 20 on the previous row of piece 'p'; "
                        + "rows must be ordered by strip x within a piece");
        builder.add(new PairInfo("q", 0, 0, "perf"), white(), new float[92][T]);
        assertThat(assertThrows(IllegalArgumentException.class, () -> builder.add(next, white(), new float[92][T])))
                .hasMessage("pair 2: piece 'p' appears again after other pieces; rows must be grouped by piece");
        assertThat(builder.build().size()).isEqualTo(2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> PairSet.builder(0)))
                .hasMessage("audioContextFrames must be >= 1 but was 0");
    }

    @Test
    void shouldRejectBadPairInfo() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new PairInfo("a,b", 0, 0, "p")))
                .hasMessage("pieceId must be 1-200 characters of [A-Za-z0-9._:()'+-] but was 'a,b'");
        assertThat(assertThrows(NullPointerException.class, () -> new PairInfo("a", 0, 0, null)))
                .hasMessage("performanceId can't be null");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new PairInfo("a", -1, 0, "p")))
                .hasMessage("stripXPx must be >= 0 but was -1");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new PairInfo("a", 0, -2, "p")))
                .hasMessage("onsetFrame must be >= 0 but was -2");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
