package org.leggio.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference data in {@code ../shared} (system property {@code leggio.shared.dir}); tests that
 * need it are skipped, saying which file is missing, when it is absent.
 */
final class ReferenceData {
    private ReferenceData() {}

    /** The shared directory. */
    static Path sharedDir() {
        return Paths.get(System.getProperty("leggio.shared.dir", "../shared")).toAbsolutePath().normalize();
    }

    /** A file under the shared directory, or the test is skipped. */
    static Path require(String relative) {
        Path path = sharedDir().resolve(relative);
        assumeTrue(Files.isRegularFile(path), missing(path));
        return path;
    }

    /** Whether a file under the shared directory is there. */
    static boolean present(String relative) {
        return Files.isRegularFile(sharedDir().resolve(relative));
    }

    /** The skip message for a missing file. */
    static String missing(Path path) {
        return "skipped: " + path + " not found (../shared is absent; set -Dleggio.shared.dir to run the reference tests)";
    }

    /** A float array read from an .npz: its shape and values (float64 arrays are rounded). */
    record Array(long[] shape, float[] data) {
        /** An N×1×R×C array as N inputs [R][C]. */
        List<float[][]> inputs() {
            int n = (int) shape[0];
            int rows = (int) shape[2];
            int cols = (int) shape[3];
            List<float[][]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[][] x = new float[rows][cols];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(data, (i * rows + r) * cols, x[r], 0, cols);
                }
                out.add(x);
            }
            return out;
        }

        /** An N×D array as rows. */
        float[][] rows() {
            int n = (int) shape[0];
            int d = (int) shape[1];
            float[][] out = new float[n][d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, i * d, out[i], 0, d);
            }
            return out;
        }

        double maxAbs() {
            double m = 0;
            for (float v : data) {
                m = Math.max(m, Math.abs(v));
            }
            return m;
        }
    }

    /** Every floating-point array of an .npz, by name. */
    static Map<String, Array> readNpz(Path file) {
        Map<String, Array> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager();
                InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (NDArray a : NDList.decode(manager, in)) {
                if (a.getDataType() == DataType.FLOAT32 || a.getDataType() == DataType.FLOAT64) {
                    out.put(a.getName(), new Array(a.getShape().getShape(),
                            a.toType(DataType.FLOAT32, false).toFloatArray()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
