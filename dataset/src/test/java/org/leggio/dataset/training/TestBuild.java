package org.leggio.dataset.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.leggio.dataset.PairIndex;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.model.StripImage;

/** A tiny dataset build written by a test: strips, float16 spectrograms and pair shards. */
final class TestBuild {
    final Path dir;
    private final List<PairIndex.Row> rows = new ArrayList<>();

    TestBuild(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code scores/<scoreDir>/strip.png}. */
    StripImage strip(String scoreDir, StripImage image) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("scores").resolve(scoreDir));
        image.writePng(folder.resolve("strip.png"));
        return image;
    }

    /** Writes {@code audio/<audioNpy>} ([92][frames]); returns the values as stored (float16-rounded). */
    float[][] spectrogram(String audioNpy, float[][] bandsByFrames) throws IOException {
        Path file = dir.resolve("audio").resolve(audioNpy);
        Files.createDirectories(file.getParent());
        Float16Npy.write(file, bandsByFrames);
        return Float16Npy.read(file);
    }

    /** Adds a pair row. */
    TestBuild pair(String pieceId, String scoreDir, String audioNpy, int onsetFrame, int stripXPx) {
        rows.add(new PairIndex.Row(pieceId, scoreDir, audioNpy, onsetFrame, stripXPx, "n" + rows.size(), 1, "perf"));
        return this;
    }

    /** Writes the rows added so far as the shards of {@code split}. */
    TestBuild write(String split) throws IOException {
        PairIndex.write(dir.resolve("pairs").resolve(split), rows);
        rows.clear();
        return this;
    }

    /** A strip whose grey value at (x, y) is {@code grey.applyAsInt(x, y)}. */
    static StripImage image(int widthPx, int heightPx, IntBinaryOperator grey) {
        byte[] pixels = new byte[widthPx * heightPx];
        for (int y = 0; y < heightPx; y++) {
            for (int x = 0; x < widthPx; x++) {
                pixels[y * widthPx + x] = (byte) grey.applyAsInt(x, y);
            }
        }
        return new StripImage(widthPx, heightPx, pixels);
    }

    /** White paper with black pixels at the given {x, y} points. */
    static StripImage white(int widthPx, int heightPx, int[]... blackPoints) {
        byte[] pixels = new byte[widthPx * heightPx];
        Arrays.fill(pixels, (byte) 255);
        for (int[] p : blackPoints) {
            pixels[p[1] * widthPx + p[0]] = 0;
        }
        return new StripImage(widthPx, heightPx, pixels);
    }

    /** A value per (band, frame). */
    interface Value {
        float at(int band, int frame);
    }

    /** A [92][frames] spectrogram with value {@code value.at(band, frame)}. */
    static float[][] spectrogram(int frames, Value value) {
        float[][] s = new float[92][frames];
        for (int b = 0; b < 92; b++) {
            for (int t = 0; t < frames; t++) {
                s[b][t] = value.at(b, t);
            }
        }
        return s;
    }

    /** Row-major flattening of a [rows][cols] matrix. */
    static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * m[0].length, m[r].length);
        }
        return out;
    }

    /** Item {@code i} of a flat batch array with {@code per} values per item. */
    static float[] item(float[] batch, int i, int per) {
        return Arrays.copyOfRange(batch, i * per, (i + 1) * per);
    }
}
