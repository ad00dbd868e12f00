package org.leggio.dataset.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.ingest.chunk.Float16;

class TrainingDataTest {
    private static final String NPY_A = "audio/P__A/perf1__Bank_p0_t1.00.npy";
    private static final String NPY_B = "audio/P__A/perf2__Bank_p0_t1.00.npy";
    private static final String NPY_C = "audio/P__B/perf1__Bank_p0_t1.00.npy";

    /** Two pieces, three strips rows referencing two strips and three spectrograms. */
    private static TestBuild twoPieces(Path dir) throws IOException {
        TestBuild build = new TestBuild(dir);
        build.strip("P/A", TestBuild.white(400, 200));
        build.strip("P/B", TestBuild.white(300, 200));
        build.spectrogram(NPY_A, TestBuild.spectrogram(50, (b, t) -> t + b));
        build.spectrogram(NPY_B, TestBuild.spectrogram(70, (b, t) -> 1));
        build.spectrogram(NPY_C, TestBuild.spectrogram(30, (b, t) -> 2));
        build.pair("PA", "P/A", NPY_A, 10, 150).pair("PA", "P/A", NPY_A, 12, 160).pair("PA", "P/A", NPY_B, 11, 150)
                .pair("PB", "P/B", NPY_C, 5, 120).pair("PB", "P/B", NPY_C, 9, 130);
        return build.write("valid");
    }

    @Test
    void loadsEveryPairAndEachFileOnce(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        List<String> progress = new ArrayList<>();
        TrainingData data = TrainingData.load(dir, "valid", progress::add);

        assertThat(data.split()).isEqualTo("valid");
        assertThat(data.pairCount()).isEqualTo(5);
        assertThat(data.pieceCount()).isEqualTo(2);
        assertThat(data.pieceIds()).containsExactly("PA", "PB");
        assertThat(data.pieceIdOfPair(3)).isEqualTo("PB");
        assertThat(data.stripCount()).isEqualTo(2);
        assertThat(data.spectrogramCount()).isEqualTo(3);
        assertThat(data.totalFrames()).isEqualTo(50 + 70 + 30);
        assertThat(data.pairOnsetFrame(1)).isEqualTo(12);
        assertThat(data.pairStripXPx(1)).isEqualTo(160);
        assertThat(data.pairSpectrogram(0)).isEqualTo(data.pairSpectrogram(1)).isNotEqualTo(data.pairSpectrogram(2));
        assertThat(data.pairStrip(0)).isEqualTo(data.pairStrip(2)).isNotEqualTo(data.pairStrip(3));
        assertThat(data.strip(data.pairStrip(3)).widthPx()).isEqualTo(300);
        // raw float16 bits, band-major
        short[] bits = data.spectrogram(data.pairSpectrogram(0));
        assertThat(data.spectrogramFrames(data.pairSpectrogram(0))).isEqualTo(50);
        assertThat(bits).hasSize(92 * 50);
        assertThat(bits[3 * 50 + 7]).isEqualTo(Float16.fromFloat(10));
        assertThat(progress).last().asString().contains("loaded valid: 5 pairs of 2 pieces", "2 strips", "3 spectrograms");
    }

    @Test
    void aMissingBuildNamesTheFolder(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-build");
        assertThatThrownBy(() -> TrainingData.load(missing, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void aMissingSplitNamesItsPairFolder(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        assertThatThrownBy(() -> TrainingData.load(dir, "test", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("pairs").resolve("test").toString());
    }

    @Test
    void aMissingStripNamesTheFile(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        Path strip = dir.resolve("scores/P/B/strip.png");
        Files.delete(strip);
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(strip.toString());
    }

    @Test
    void aLowStripNamesTheFile(@TempDir Path dir) throws Exception {
        TestBuild build = twoPieces(dir);
        build.strip("P/B", TestBuild.white(300, 100));
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("100 px high")
                .hasMessageContaining(dir.resolve("scores/P/B/strip.png").toString());
    }

    @Test
    void aTruncatedSpectrogramNamesTheFile(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        Path npy = dir.resolve("audio").resolve(NPY_B);
        byte[] bytes = Files.readAllBytes(npy);
        Files.write(npy, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt").hasMessageContaining(npy.toString());
    }

    @Test
    void aSpectrogramWithTheWrongBandsNamesTheFile(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        Path npy = dir.resolve("audio").resolve(NPY_C);
        Float16Npy.write(npy, new float[40][30]);
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("(40, 30)").hasMessageContaining(npy.toString());
        Files.writeString(npy, "not numpy");
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining(npy.toString());
    }

    @Test
    void aMalformedRowNamesTheShardAndLine(@TempDir Path dir) throws Exception {
        twoPieces(dir);
        Path shard = dir.resolve("pairs/valid/pairs-00000.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(shard));
        lines.set(3, lines.get(3).replace(",11,", ",eleven,"));
        Files.write(shard, lines);
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shard + ":4");
        Files.writeString(shard, "piece,x\n");
        assertThatThrownBy(() -> TrainingData.load(dir, "valid", line -> {}))
                .isInstanceOf(IOException.class).hasMessageContaining("not a pair shard").hasMessageContaining(shard.toString());
    }
}
