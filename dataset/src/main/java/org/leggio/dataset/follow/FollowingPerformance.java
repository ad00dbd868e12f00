package org.leggio.dataset.follow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.leggio.dataset.asap.Float16Npy;

/**
 * One rendering of a performance for following evaluation: its score, its spectrogram and its
 * ground truth. The spectrogram is not held in memory; {@link #spectrogram()} reads it from disk at
 * each call. Immutable and thread-safe (as far as the files do not change).
 *
 * @param pieceId the piece ({@code split.csv}'s {@code piece_id})
 * @param scoreFolder the corpus folder, '/'-separated ({@code Bach/Fugue/bwv_848})
 * @param musicXml the score in the ASAP corpus ({@code xml_score.musicxml} or {@code xml_score.mxl})
 * @param spectrogramNpy the rendering's spectrogram, float16 {@code (92, frames)}, 20 frames per second
 * @param performanceId the rendering's id as in the pair index: {@code <perf>.<bank>_p<program>_t<factor>}
 *     (the ASAP performance is the part before the first '.')
 * @param tempoFactor rendered time = performance time / tempo factor
 * @param notes the ground truth in performance order, times in the rendering (already divided by the
 *     tempo factor)
 */
public record FollowingPerformance(String pieceId, String scoreFolder, Path musicXml, Path spectrogramNpy,
        String performanceId, double tempoFactor, List<TruthNote> notes) {
    /** Spectrogram frames per second. */
    public static final int FRAMES_PER_SECOND = 20;
    /** Spectrogram bands. */
    public static final int BANDS = 92;

    /** Copies {@code notes} into an unmodifiable list. */
    public FollowingPerformance {
        Objects.requireNonNull(pieceId, "pieceId");
        Objects.requireNonNull(spectrogramNpy, "spectrogramNpy");
        notes = List.copyOf(notes);
    }

    /**
     * An id unique within a dataset build: the score folder ('/' as '_') and the rendering's id, e.g. {@code
     * Bach_Prelude_bwv_863.Shychko01M.FluidR3_GM_p2_t1.00}. The rendering's id alone is not: ASAP names a
     * performance by its player, and a player who recorded a prelude and its fugue has the same id in both.
     */
    public String key() {
        return scoreFolder.replace('/', '_') + "." + performanceId;
    }

    /** The ASAP performance id ({@link #performanceId()} up to its first '.'). */
    public String asapPerformanceId() {
        int dot = performanceId.indexOf('.');
        return dot < 0 ? performanceId : performanceId.substring(0, dot);
    }

    /**
     * Reads the spectrogram, {@code [band][frame]} (92 bands, 20 frames per second, log-compressed
     * magnitudes), as float. Not cached: every call reads the file (a few MB for a long piece).
     *
     * @throws UncheckedIOException if the file is missing, not a float16 .npy or not 92 bands high
     */
    public float[][] spectrogram() {
        try {
            checkShape();
            return Float16Npy.read(spectrogramNpy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spectrogram " + spectrogramNpy + ": " + e.getMessage(), e);
        }
    }

    /**
     * The spectrogram's frame count, from the file header only (cheap).
     *
     * @throws UncheckedIOException if the file is missing, not a float16 .npy or not 92 bands high
     */
    public int frameCount() {
        try {
            return checkShape().cols();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spectrogram " + spectrogramNpy + ": " + e.getMessage(), e);
        }
    }

    /** The rendering's duration, frames / 20, seconds (reads the header). */
    public double durationSeconds() {
        return frameCount() / (double) FRAMES_PER_SECOND;
    }

    private Float16Npy.Header checkShape() throws IOException {
        if (!Files.isRegularFile(spectrogramNpy)) {
            throw new IOException("no such file");
        }
        Float16Npy.Header header = Float16Npy.readHeader(spectrogramNpy);
        if (header.rows() != BANDS) {
            throw new IOException("expected shape (" + BANDS + ", frames), got (" + header.rows() + ", " + header.cols()
                    + ")");
        }
        return header;
    }
}
