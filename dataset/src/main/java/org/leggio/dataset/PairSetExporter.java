package org.leggio.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Consumer;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.eval.PairInfo;
import org.leggio.model.eval.PairSet;

/**
 * Materialises pairs of a built dataset as a pair set (docs/pairs-format.md) for evaluation: a
 * random sample (fixed seed) of a split's pair index, cut from the engraved strips and the
 * synthesised spectrograms. Rows are grouped by piece, as the pair-set format wants.
 */
public final class PairSetExporter {
    private PairSetExporter() {}

    /**
     * Exports {@code count} pairs (all if fewer) of a split.
     *
     * @param buildDir the dataset build folder ({@code scores/}, {@code audio/}, {@code pairs/})
     * @param split "train", "valid" or "test"
     * @param audioContextFrames T
     */
    public static PairSet export(Path buildDir, String split, int count, int audioContextFrames, AudioWindow window,
            long seed, Consumer<String> progress) throws IOException {
        return export(buildDir, split, count, audioContextFrames, window, seed, OptionalDouble.empty(), progress);
    }

    /**
     * Exports {@code count} pairs (all if fewer) of a split, only from renderings at one tempo factor
     * when {@code tempoFactor} is present (the attention ablation's MRR against tempo).
     *
     * @throws IOException when the split has no pairs, or none at that tempo factor
     */
    public static PairSet export(Path buildDir, String split, int count, int audioContextFrames, AudioWindow window,
            long seed, OptionalDouble tempoFactor, Consumer<String> progress) throws IOException {
        List<PairIndex.Row> rows = new ArrayList<>(PairIndex.readAll(buildDir.resolve("pairs").resolve(split)));
        if (rows.isEmpty()) {
            throw new IOException("no pairs for split '" + split + "' under " + buildDir.resolve("pairs")
                    + " (run `leggio dataset build` first)");
        }
        if (tempoFactor.isPresent()) {
            double factor = tempoFactor.getAsDouble();
            rows.removeIf(row -> Math.abs(row.tempoFactor() - factor) > 1e-6);
            if (rows.isEmpty()) {
                throw new IOException(String.format(java.util.Locale.ROOT,
                        "no pairs of split '%s' rendered at tempo factor %.2f under %s (build it with"
                                + " `leggio dataset build --tempo-factors ...`)", split, factor, buildDir));
            }
        }
        java.util.Collections.shuffle(rows, new Random(seed));
        List<PairIndex.Row> chosen = new ArrayList<>(rows.subList(0, Math.min(count, rows.size())));
        // the pair-set format wants rows grouped by piece and ordered by strip x
        chosen.sort(Comparator.comparing(PairIndex.Row::pieceId).thenComparingInt(PairIndex.Row::stripXPx));
        PairSet.Builder builder = PairSet.builder(audioContextFrames).description(String.format(
                "Leggio dataset %s, split %s: %d random pairs (seed %d), %s audio windows of %d frames%s",
                buildDir.getFileName(), split, chosen.size(), seed, window.name().toLowerCase(java.util.Locale.ROOT),
                audioContextFrames, tempoFactor.isPresent()
                        ? String.format(java.util.Locale.ROOT, ", tempo factor %.2f", tempoFactor.getAsDouble()) : ""));
        Map<String, StripImage> strips = new LinkedHashMap<>();
        Map<String, float[][]> spectrograms = new LinkedHashMap<>();
        String piece = null;
        int done = 0;
        for (PairIndex.Row row : chosen) {
            if (!row.pieceId().equals(piece)) {
                // rows are grouped by piece: keep only this piece's strips and spectrograms in memory
                strips.clear();
                spectrograms.clear();
                piece = row.pieceId();
            }
            StripImage strip = strips.get(row.scoreDir());
            if (strip == null) {
                strip = StripImage.read(buildDir.resolve("scores").resolve(row.scoreDir()).resolve("strip.png"));
                strips.put(row.scoreDir(), strip);
            }
            float[][] spectrogram = spectrograms.get(row.audioNpy());
            if (spectrogram == null) {
                spectrogram = Float16Npy.read(buildDir.resolve("audio").resolve(row.audioNpy()));
                spectrograms.put(row.audioNpy(), spectrogram);
            }
            builder.add(new PairInfo(row.pieceId(), row.stripXPx(), row.onsetFrame(), row.performanceId()),
                    SheetSnippets.cut(strip, row.stripXPx()), window.cut(spectrogram, row.onsetFrame(), audioContextFrames));
            if (++done % 1000 == 0) {
                progress.accept("  cut " + done + "/" + chosen.size() + " pairs");
            }
        }
        return builder.build();
    }
}
