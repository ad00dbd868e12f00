package org.leggio.model.eval.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.model.eval.PairFormatException;

class NpyTest {
    @TempDir
    Path tmp;

    private static FloatItems items(int count, int length) {
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] item = new float[length];
            for (int k = 0; k < length; k++) {
                item[k] = i * 1000 + k + 0.25f;
            }
            list.add(item);
        }
        return FloatItems.of(list, length);
    }

    @Test
    void shouldRoundTripArraysOfAnyRank() throws IOException {
        for (int[] itemShape : new int[][] {{}, {7}, {3, 5}, {2, 3, 4}}) {
            int length = 1;
            for (int s : itemShape) {
                length *= s;
            }
            Path file = tmp.resolve("a" + itemShape.length + ".npy");
            Npy.write(file, itemShape, items(6, length));

            Npy.Header header = Npy.readHeader(file);
            FloatItems read = FloatItems.map(file, header);

            assertThat(header.shape()).hasSize(itemShape.length + 1);
            assertThat(header.shape()[0]).isEqualTo(6);
            assertThat(header.dataOffsetBytes() % 64).isZero();
            assertThat(read.size()).isEqualTo(6);
            assertThat(read.itemLength()).isEqualTo(length);
            float[] item = new float[length];
            read.copy(5, item);
            assertThat(item[length - 1]).isEqualTo(5000 + length - 1 + 0.25f);
        }
        assertThat(Npy.shapeText(new int[] {6})).isEqualTo("(6,)");
        assertThat(Npy.shapeText(new int[] {6, 80, 100})).isEqualTo("(6, 80, 100)");
    }

    @Test
    void shouldReadAnEmptyArray() throws IOException {
        Path file = tmp.resolve("empty.npy");
        Npy.write(file, new int[] {80, 100}, FloatItems.of(List.of(), 8000));

        FloatItems read = FloatItems.map(file, Npy.readHeader(file));

        assertThat(read.size()).isZero();
        assertThat(read.itemLength()).isEqualTo(8000);
    }

    @Test
    void shouldReadTheNumpyWrittenReferenceSpectrogram() throws IOException {
        Path reference = Paths.get(System.getProperty("leggio.shared.dir", "../shared"), "reference");
        Path npy = reference.resolve("spectrogram_tones_22050.npy");
        Path csv = reference.resolve("spectrogram_tones_22050_first5frames.csv");
        Assumptions.assumeTrue(Files.exists(npy) && Files.exists(csv),
                "skipped: reference file " + npy + " not found (../shared is absent; set -Dleggio.shared.dir)");

        Npy.Header header = Npy.readHeader(npy);
        FloatItems bands = FloatItems.map(npy, header);

        assertThat(header.shape()).containsExactly(92, 100);
        float[] band1 = new float[100];
        bands.copy(1, band1);
        String[] row = Files.readAllLines(csv).get(2).split(",");
        assertThat((double) band1[0]).isCloseTo(Double.parseDouble(row[2]), within(1e-7));
        assertThat((double) band1[4]).isCloseTo(Double.parseDouble(row[6]), within(1e-7));
    }

    @Test
    void shouldRejectAnItemShapeThatDoesNotHoldTheItems() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(tmp.resolve("x.npy"), new int[] {3, 3}, items(2, 8)));

        assertThat(e).hasMessage("item shape (3, 3) does not hold 8 values");
    }

    @Test
    void shouldRejectTrailingBytes() throws IOException {
        Path file = tmp.resolve("long.npy");
        Npy.write(file, new int[] {4}, items(2, 4));
        Files.write(file, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);

        PairFormatException e = assertThrows(PairFormatException.class, () -> Npy.readHeader(file));

        assertThat(e).hasMessageEndingWith(": shape (2, 4) needs " + (Files.size(file) - 4) + " bytes but the file has "
                + Files.size(file) + " (trailing bytes)");
    }

    @Test
    void shouldPickEvenlySpacedIndicesLikeNumpyLinspace() {
        assertThat(Vectors.evenlySpaced(12, 4)).containsExactly(0, 3, 7, 11);
        assertThat(Vectors.evenlySpaced(10, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(Vectors.evenlySpaced(5, 1)).containsExactly(0);
        assertThat(assertThrows(IllegalArgumentException.class, () -> Vectors.evenlySpaced(3, 4)))
                .hasMessage("count must be in 1..3 but was 4");
    }

    @Test
    void shouldComputeTiledDotsBitIdenticalToSingleDots() {
        java.util.Random random = new java.util.Random(1);
        int n = 37;
        int d = 13;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        float[] bT = Vectors.transpose(b, n, d);
        float[] out = new float[20];

        for (int i = 0; i < n; i++) {
            Vectors.dotRow(a, i * d, bT, n, d, 10, 30, out);
            for (int j = 10; j < 30; j++) {
                assertThat(out[j - 10]).isEqualTo(Vectors.dot(a, i * d, b, j * d, d));
            }
        }
    }
}
