package org.leggio.dataset.follow;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.leggio.dataset.asap.AsapDataException;
import org.leggio.dataset.asap.AudioSidecar;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.dataset.asap.PieceSplit;

/**
 * The renderings of one split of a dataset build, with their scores and ground truth, for following
 * evaluation.
 *
 * <p>Found from the audio sidecars: every {@code audio/audio/<folder, '/' → '__'>/<perf>__<bank>_p<program>_t<factor>.json}
 * (the build's actual layout; docs/dataset-format.md writes the folder unflattened) whose piece is on
 * the requested side of {@code split.csv}, whose {@code .npy} is complete (shape (92, frames) as the
 * sidecar says), that has a ground-truth file {@code groundtruth/<folder>/<perf>.csv} with at least one
 * note, and whose score {@code <asap>/<folder>/xml_score.musicxml} or {@code xml_score.mxl} exists.
 * Renderings that fail a check are skipped with a warning. Stateless, thread-safe.
 */
public final class FollowingCorpus {
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create();
    /** Score file names tried, in order. */
    static final List<String> SCORE_FILES = List.of("xml_score.musicxml", "xml_score.mxl");

    private FollowingCorpus() {}

    /** {@link #load(Path, Path, String, boolean, Consumer)} with every tempo factor and no messages. */
    public static List<FollowingPerformance> load(Path buildDir, Path asapDir, String split) throws IOException {
        return load(buildDir, asapDir, split, false, message -> {});
    }

    /**
     * The renderings of {@code split}'s pieces, sorted by piece id, score folder, rendering id and tempo
     * factor. Ground truth is read here; spectrograms are not (only their headers).
     *
     * @param buildDir the dataset build ({@code split.csv}, {@code audio/}, {@code groundtruth/})
     * @param asapDir the ASAP corpus root (for the score files)
     * @param split {@code train}, {@code valid} or {@code test}
     * @param tempoOneOnly keep only renderings with tempo factor 1.0
     * @param progress receives progress lines and warnings (skipped renderings), prefixed {@code "warning: "}
     * @throws IOException if a folder or file cannot be read
     * @throws AsapDataException on an unknown split, a malformed {@code split.csv} or ground-truth file
     */
    public static List<FollowingPerformance> load(Path buildDir, Path asapDir, String split, boolean tempoOneOnly,
            Consumer<String> progress) throws IOException {
        PieceSplit.Split side = null;
        for (PieceSplit.Split s : PieceSplit.Split.values()) {
            if (s.label().equals(split)) {
                side = s;
            }
        }
        if (side == null) {
            throw new IllegalArgumentException("split must be train, valid or test, got '" + split + "'");
        }
        PieceSplit pieceSplit = PieceSplit.read(buildDir.resolve(PieceSplit.FILE_NAME));
        Path audioRoot = buildDir.resolve("audio").resolve("audio");
        if (!Files.isDirectory(audioRoot)) {
            throw new IOException("no rendered audio in the build (no such folder): " + audioRoot);
        }
        List<Path> sidecars;
        try (Stream<Path> files = Files.walk(audioRoot, 2)) {
            sidecars = files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted().toList();
        }
        List<FollowingPerformance> out = new ArrayList<>();
        int skipped = 0;
        for (Path sidecarPath : sidecars) {
            AudioSidecar sidecar;
            try {
                sidecar = GSON.fromJson(Files.readString(sidecarPath, StandardCharsets.UTF_8), AudioSidecar.class);
            } catch (JsonParseException e) {
                progress.accept("warning: unreadable audio sidecar, skipped: " + sidecarPath + ": " + e.getMessage());
                skipped++;
                continue;
            }
            if (sidecar == null || sidecar.pieceId() == null || sidecar.folder() == null
                    || sidecar.performanceId() == null) {
                progress.accept("warning: incomplete audio sidecar, skipped: " + sidecarPath);
                skipped++;
                continue;
            }
            if (!pieceSplit.contains(sidecar.pieceId())) {
                progress.accept("warning: piece " + sidecar.pieceId() + " is not in split.csv, skipped: " + sidecarPath);
                skipped++;
                continue;
            }
            if (pieceSplit.splitOf(sidecar.pieceId()) != side) {
                continue;
            }
            if (tempoOneOnly && Math.abs(sidecar.tempoFactor() - 1.0) > 1e-9) {
                continue;
            }
            String name = sidecarPath.getFileName().toString();
            Path npy = sidecarPath.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".npy");
            String problem = spectrogramProblem(npy, sidecar);
            if (problem != null) {
                progress.accept("warning: " + problem + ", skipped: " + npy);
                skipped++;
                continue;
            }
            Path truthCsv = buildDir.resolve("groundtruth").resolve(sidecar.folder())
                    .resolve(sidecar.performanceId() + ".csv");
            if (!Files.isRegularFile(truthCsv)) {
                progress.accept("warning: no ground truth " + truthCsv + ", skipped: " + npy);
                skipped++;
                continue;
            }
            Path score = SCORE_FILES.stream().map(f -> asapDir.resolve(sidecar.folder()).resolve(f))
                    .filter(Files::isRegularFile).findFirst().orElse(null);
            if (score == null) {
                progress.accept("warning: no " + String.join(" or ", SCORE_FILES) + " in "
                        + asapDir.resolve(sidecar.folder()) + ", skipped: " + npy);
                skipped++;
                continue;
            }
            List<TruthNote> notes = FollowingGroundTruth.read(truthCsv, sidecar.pieceId(), sidecar.tempoFactor());
            if (notes.isEmpty()) {
                progress.accept("warning: ground truth without notes " + truthCsv + ", skipped: " + npy);
                skipped++;
                continue;
            }
            String stem = name.substring(0, name.length() - ".json".length());
            String variant = stem.startsWith(sidecar.performanceId() + "__")
                    ? stem.substring(sidecar.performanceId().length() + 2) : stem;
            out.add(new FollowingPerformance(sidecar.pieceId(), sidecar.folder(), score, npy,
                    sidecar.performanceId() + "." + variant, sidecar.tempoFactor(), notes));
        }
        out.sort(Comparator.comparing(FollowingPerformance::pieceId).thenComparing(FollowingPerformance::scoreFolder)
                .thenComparing(FollowingPerformance::performanceId)
                .thenComparingDouble(FollowingPerformance::tempoFactor));
        progress.accept(String.format(Locale.ROOT, "following corpus %s%s: %d renderings of %d pieces, %d skipped",
                split, tempoOneOnly ? " (tempo 1.0)" : "", out.size(),
                out.stream().map(FollowingPerformance::pieceId).distinct().count(), skipped));
        return List.copyOf(out);
    }

    /** Null when the .npy exists with shape (92, sidecar frames) and full size, else what is wrong. */
    private static String spectrogramProblem(Path npy, AudioSidecar sidecar) {
        if (!Files.isRegularFile(npy)) {
            return "spectrogram missing";
        }
        try {
            Float16Npy.Header header = Float16Npy.readHeader(npy);
            if (header.rows() != FollowingPerformance.BANDS || header.cols() != sidecar.frames()) {
                return "spectrogram shape (" + header.rows() + ", " + header.cols() + ") is not (92, "
                        + sidecar.frames() + ")";
            }
            if (Files.size(npy) != header.expectedFileBytes()) {
                return "spectrogram incomplete (" + Files.size(npy) + " of " + header.expectedFileBytes() + " bytes)";
            }
            return null;
        } catch (IOException e) {
            return "spectrogram unreadable (" + e.getMessage() + ")";
        }
    }
}
