package org.leggio.dataset.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.leggio.dataset.PairIndex;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.model.NetworkSpec;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;

/** Reads one split of a build into a {@link TrainingData}; see {@link TrainingData#load}. */
final class TrainingDataLoader {
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int LOADER_THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private TrainingDataLoader() {}

    static TrainingData load(Path buildDir, String split, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(buildDir)) {
            throw new IOException("dataset build not found (no such folder): " + buildDir);
        }
        Path pairsDir = buildDir.resolve("pairs").resolve(split);
        List<Path> shards = PairIndex.shards(pairsDir);
        if (shards.isEmpty()) {
            throw new IOException("no pair shards pairs-NNNNN.csv for split '" + split + "' in " + pairsDir
                    + " (run `leggio dataset build` first)");
        }
        PairTable table = new PairTable();
        for (Path shard : shards) {
            table.read(shard);
        }
        if (table.size == 0) {
            throw new IOException("the pair shards of split '" + split + "' in " + pairsDir + " hold no pairs");
        }
        StripColumns[] strips = new StripColumns[table.scoreDirs.size()];
        short[][] spectrograms = new short[table.audioFiles.size()][];
        int[] frames = new int[spectrograms.length];
        List<Callable<Void>> tasks = new ArrayList<>();
        List<Boolean> isStrip = new ArrayList<>();
        for (int i = 0; i < strips.length; i++) {
            int index = i;
            Path file = buildDir.resolve("scores").resolve(table.scoreDirs.get(i)).resolve("strip.png");
            tasks.add(() -> {
                strips[index] = readStrip(file);
                return null;
            });
            isStrip.add(true);
        }
        for (int i = 0; i < spectrograms.length; i++) {
            int index = i;
            // audio_npy is relative to the audio store's root, which is the build's audio/ (as PairSetExporter reads it)
            Path file = buildDir.resolve("audio").resolve(table.audioFiles.get(i));
            tasks.add(() -> {
                spectrograms[index] = readSpectrogramBits(file);
                frames[index] = spectrograms[index].length / NetworkSpec.AUDIO_BANDS;
                return null;
            });
            isStrip.add(false);
        }
        runAll(tasks, isStrip, (s, a) -> progress.accept(String.format(Locale.ROOT,
                "loading %s: %d/%d strips, %d/%d spectrograms", split, s, strips.length, a, spectrograms.length)));
        TrainingData data = new TrainingData(split, table.pieces, strips, spectrograms, frames, table.piece.toArray(),
                table.strip.toArray(), table.spectrogram.toArray(), table.onsetFrame.toArray(), table.stripXPx.toArray());
        long stripBytes = Arrays.stream(strips).mapToLong(s -> s.columns().length).sum();
        progress.accept(String.format(Locale.ROOT,
                "loaded %s: %,d pairs of %d pieces; %d strips (%,d MB), %d spectrograms (%,d frames, %,d MB) in %.1f s",
                split, data.pairCount(), data.pieceCount(), strips.length, stripBytes >> 20, spectrograms.length,
                data.totalFrames(), data.totalFrames() * NetworkSpec.AUDIO_BANDS * 2 >> 20,
                (System.nanoTime() - start) / 1e9));
        return data;
    }

    /** Runs the loading tasks on a few daemon threads, reporting progress from the calling thread. */
    private static void runAll(List<Callable<Void>> tasks, List<Boolean> isStrip, ProgressLine progress)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(LOADER_THREADS, r -> {
            Thread t = new Thread(r, "training-data-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            Map<Future<Void>, Boolean> kinds = new HashMap<>();
            for (int i = 0; i < tasks.size(); i++) {
                kinds.put(done.submit(tasks.get(i)), isStrip.get(i));
            }
            int stripsDone = 0;
            int spectrogramsDone = 0;
            long lastReport = System.nanoTime();
            for (int remaining = tasks.size(); remaining > 0; ) {
                Future<Void> finished = done.poll(200, TimeUnit.MILLISECONDS);
                if (finished != null) {
                    finished.get();
                    remaining--;
                    if (kinds.get(finished)) {
                        stripsDone++;
                    } else {
                        spectrogramsDone++;
                    }
                }
                if (System.nanoTime() - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    progress.report(stripsDone, spectrogramsDone);
                    lastReport = System.nanoTime();
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("loading failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the training data", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ProgressLine {
        void report(int strips, int spectrograms);
    }

    private static StripColumns readStrip(Path file) throws IOException {
        StripImage strip = StripImage.read(file); // names the file when missing or unreadable
        if (strip.heightPx() < SheetSnippets.CROP_HEIGHT_PX) {
            throw new IOException("strip is " + strip.heightPx() + " px high but sheet snippets need at least "
                    + SheetSnippets.CROP_HEIGHT_PX + ": " + file);
        }
        return StripColumns.of(strip);
    }

    /** The float16 bits of a {@code (92, frames)} {@code <f2} .npy file, band-major as stored. */
    static short[] readSpectrogramBits(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("spectrogram not found: " + file);
        }
        Float16Npy.Header header = Float16Npy.readHeader(file); // names the file when not a float16 .npy
        if (header.rows() != NetworkSpec.AUDIO_BANDS || header.cols() < 1) {
            throw new IOException("expected a spectrogram of shape (" + NetworkSpec.AUDIO_BANDS + ", frames) but the shape is ("
                    + header.rows() + ", " + header.cols() + "): " + file);
        }
        long size = Files.size(file);
        if (size != header.expectedFileBytes()) {
            throw new IOException("corrupt spectrogram: " + size + " bytes where shape (" + header.rows() + ", "
                    + header.cols() + ") needs " + header.expectedFileBytes() + ": " + file);
        }
        int values = header.rows() * header.cols();
        ByteBuffer bytes = ByteBuffer.allocate(values * 2).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(header.dataOffsetBytes());
            while (bytes.hasRemaining()) {
                if (channel.read(bytes) < 0) {
                    throw new IOException("truncated spectrogram: " + file);
                }
            }
        }
        bytes.flip();
        short[] bits = new short[values];
        bytes.asShortBuffer().get(bits);
        return bits;
    }

    /** The pair index as primitive columns, with the names interned. */
    private static final class PairTable {
        final List<String> pieces = new ArrayList<>();
        final List<String> scoreDirs = new ArrayList<>();
        final List<String> audioFiles = new ArrayList<>();
        final Map<String, Integer> pieceIndex = new HashMap<>();
        final Map<String, Integer> scoreDirIndex = new HashMap<>();
        final Map<String, Integer> audioIndex = new HashMap<>();
        final IntColumn piece = new IntColumn();
        final IntColumn strip = new IntColumn();
        final IntColumn spectrogram = new IntColumn();
        final IntColumn onsetFrame = new IntColumn();
        final IntColumn stripXPx = new IntColumn();
        int size;

        void read(Path shard) throws IOException {
            try (BufferedReader in = Files.newBufferedReader(shard, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                if (!PairIndex.HEADER.equals(header)) {
                    throw new IOException("not a pair shard (header '" + header + "', expected '" + PairIndex.HEADER
                            + "'): " + shard);
                }
                int lineNumber = 1;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNumber++;
                    if (!line.isEmpty()) {
                        add(line, shard, lineNumber);
                    }
                }
            }
        }

        private void add(String line, Path shard, int lineNumber) {
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException("a pair row needs 8 fields but has " + f.length + " at " + shard
                        + ":" + lineNumber + ": " + line);
            }
            try {
                onsetFrame.add(Integer.parseInt(f[3]));
                stripXPx.add(Integer.parseInt(f[4]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("onset_frame and strip_x_px must be integers at " + shard + ":"
                        + lineNumber + ": " + line, e);
            }
            piece.add(intern(f[0], pieces, pieceIndex));
            strip.add(intern(f[1], scoreDirs, scoreDirIndex));
            spectrogram.add(intern(f[2], audioFiles, audioIndex));
            size++;
        }

        private static int intern(String name, List<String> names, Map<String, Integer> index) {
            Integer known = index.get(name);
            if (known != null) {
                return known;
            }
            names.add(name);
            index.put(name, names.size() - 1);
            return names.size() - 1;
        }
    }

    /** A growable int array. */
    private static final class IntColumn {
        private int[] values = new int[1024];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
