package org.leggio.model.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.leggio.model.EmbeddingException;

/**
 * Reads and writes NumPy {@code .npz} archives with DJL ({@code NDList.decode} / {@code
 * NDList.encode(…, NPZ)}), turning every failure into an {@link EmbeddingException} that names
 * the file.
 */
public final class NpzArchive {
    private NpzArchive() {}

    /**
     * Reads every array of {@code file} into {@code manager}, by key (the entry name without
     * {@code .npy}), in file order.
     *
     * <p>The zip central directory is checked first, so a truncated file is reported as such rather
     * than read partially: {@code NDList.decode} streams the entries and would stop early.
     */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        int entries = checkZip(file);
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            list = NDList.decode(manager, in);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddingException("can't read weights file " + file + ": " + e, e);
        }
        if (list.size() != entries) {
            list.close();
            throw new EmbeddingException("weights file " + file + " holds " + entries
                    + " entries but only " + list.size() + " could be read as arrays (truncated or not .npy)");
        }
        Map<String, NDArray> byKey = new LinkedHashMap<>();
        for (NDArray array : list) {
            String key = array.getName();
            if (key == null || byKey.putIfAbsent(key, array) != null) {
                list.close();
                throw new EmbeddingException("weights file " + file + " has an unnamed or repeated key '" + key + "'");
            }
        }
        return byKey;
    }

    /** Writes {@code arrays} (float32, C order) as an uncompressed {@code .npz}, in map order. */
    public static void write(Path file, Map<String, NDArray> arrays) throws IOException {
        NDList list = new NDList(arrays.size());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            e.getValue().setName(e.getKey());
            list.add(e.getValue());
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            list.encode(out, NDList.Encoding.NPZ);
        }
    }

    private static int checkZip(Path file) {
        if (!Files.exists(file)) {
            throw new EmbeddingException("weights file " + file + " does not exist",
                    new NoSuchFileException(file.toString()));
        }
        if (!Files.isRegularFile(file)) {
            throw new EmbeddingException("weights file " + file + " is not a regular file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int n = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                en.nextElement();
                n++;
            }
            if (n == 0) {
                throw new EmbeddingException("weights file " + file + " is an empty .npz archive");
            }
            return n;
        } catch (ZipException e) {
            throw new EmbeddingException("weights file " + file
                    + " is not a readable .npz (zip) archive, truncated or corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EmbeddingException("can't read weights file " + file + ": " + e, e);
        }
    }
}
