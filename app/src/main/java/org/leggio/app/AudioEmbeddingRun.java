package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.leggio.ingest.Npy;
import org.leggio.model.Embedder;

/**
 * Embeds a whole recording as the streaming embedder does live: one embedding every {@code hop}
 * frames, each over the T frames that end at its frame (strictly causal; frames before the start are
 * silence). Embedding {@code i} ends at frame {@code (i + 1) · hop − 1}.
 */
final class AudioEmbeddingRun {
    static final int HOP_FRAMES = 2;
    private static final int BATCH = 128;

    private AudioEmbeddingRun() {}

    /** Last frame covered by embedding {@code i}. */
    static long frameOf(int i) {
        return (long) (i + 1) * HOP_FRAMES - 1;
    }

    static float[][] embed(Embedder embedder, float[][] bandsByFrames, Consumer<String> progress) {
        int frames = bandsByFrames[0].length;
        int window = embedder.info().audioContextFrames();
        int count = frames / HOP_FRAMES;
        float[][] out = new float[count][];
        long start = System.nanoTime();
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            List<float[][]> windows = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                windows.add(cut(bandsByFrames, (int) frameOf(i), window));
            }
            float[][] batch = embedder.embedAudio(windows);
            System.arraycopy(batch, 0, out, from, batch.length);
            if (progress != null && (to == count || (from / BATCH) % 20 == 19)) {
                progress.accept(String.format(java.util.Locale.ROOT, "  embedded %d/%d windows (%.0f/s)", to, count,
                        to / ((System.nanoTime() - start) / 1e9)));
            }
        }
        return out;
    }

    /**
     * Embeds an edited performance, reusing a source's embedding wherever the whole window lies inside
     * one segment at the same hop phase (the result is then identical), and computing the rest: the
     * windows across a splice, and silence.
     *
     * @param sourceEmbeddings per source index, its embeddings as {@link #embed} makes them
     */
    static float[][] embedEdited(Embedder embedder, org.leggio.dataset.follow.EditedPerformance edited,
            java.util.function.IntFunction<float[][]> sourceEmbeddings) {
        int window = embedder.info().audioContextFrames();
        int count = edited.frameCount() / HOP_FRAMES;
        float[][] out = new float[count][];
        int[] starts = edited.segmentOutputStartFrames();
        var segments = edited.segments();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long last = frameOf(i);
            int s = segmentOf(starts, last);
            var segment = segments.get(s);
            long first = last - window + 1;
            long sourceLast = segment.fromFrame() + (last - starts[s]);
            // the window lies inside one played segment, so its frames are the source's own frames
            boolean inside = segment.sourceIndex() >= 0 && first >= starts[s];
            if (inside && (sourceLast + 1) % HOP_FRAMES == 0) {
                float[][] source = sourceEmbeddings.apply(segment.sourceIndex());
                int j = (int) ((sourceLast + 1) / HOP_FRAMES - 1);
                if (j >= 0 && j < source.length) {
                    out[i] = source[j];
                    continue;
                }
            }
            fresh.add(i);
        }
        if (!fresh.isEmpty()) {
            float[][] spectrogram = edited.spectrogram();
            for (int from = 0; from < fresh.size(); from += BATCH) {
                List<Integer> chunk = fresh.subList(from, Math.min(fresh.size(), from + BATCH));
                List<float[][]> windows = new ArrayList<>(chunk.size());
                for (int i : chunk) {
                    windows.add(cut(spectrogram, (int) frameOf(i), window));
                }
                float[][] batch = embedder.embedAudio(windows);
                for (int k = 0; k < chunk.size(); k++) {
                    out[chunk.get(k)] = batch[k];
                }
            }
        }
        return out;
    }

    private static int segmentOf(int[] starts, long frame) {
        int s = 0;
        while (s + 1 < starts.length && starts[s + 1] <= frame) {
            s++;
        }
        return s;
    }

    /** The T frames ending at {@code lastFrame}: the dataset's causal window, silence before the start. */
    private static float[][] cut(float[][] bandsByFrames, int lastFrame, int window) {
        return org.leggio.dataset.AudioWindow.CAUSAL.cut(bandsByFrames, lastFrame, window);
    }

    /** The cached embeddings of {@code key}, computing and storing them when absent. */
    static float[][] cached(Path cacheDir, String key, java.util.function.Supplier<float[][]> compute) throws IOException {
        Path file = cacheDir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".npy");
        if (Files.isRegularFile(file)) {
            return Npy.readFloat32(file);
        }
        float[][] embeddings = compute.get();
        Files.createDirectories(cacheDir);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Npy.writeFloat32(partial, embeddings);
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return embeddings;
    }
}
