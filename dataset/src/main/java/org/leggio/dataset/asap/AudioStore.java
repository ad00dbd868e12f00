package org.leggio.dataset.asap;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.leggio.ingest.FrontEnd;

/**
 * Where rendered spectrograms live on disk, and how they are written and read.
 *
 * <p>Layout under the output directory:
 * <pre>
 * audio/&lt;folder, '/' → '__'&gt;/&lt;performance&gt;__&lt;bank&gt;_p&lt;program&gt;_t&lt;factor&gt;.npy    float16 [band][frame]
 * audio/&lt;folder, '/' → '__'&gt;/&lt;performance&gt;__&lt;bank&gt;_p&lt;program&gt;_t&lt;factor&gt;.json   {@link AudioSidecar}
 * e.g. audio/Bach__Fugue__bwv_848/Denisova06M__TimGM6mb_p0_t1.00.npy
 * </pre>
 * In Python: {@code np.load(p).astype(np.float32)} has shape (92, frames), like {@code
 * shared/reference/spectrogram_*.npy}.
 *
 * <p><b>Crash safety.</b> Each file is written to a temporary name in the same directory and
 * renamed into place; the sidecar is renamed last. An interrupted build thus leaves at worst a
 * {@code .partial} file or an {@code .npy} without a sidecar, which {@link #isComplete} rejects.
 * Thread-safe for distinct outputs.
 */
public final class AudioStore {
    /** Bumped when the stored content changes meaning; older outputs are then rebuilt. */
    public static final int FORMAT_VERSION = 1;
    /** Suffix of temporary files; {@link #deletePartialFiles()} removes leftovers. */
    public static final String PARTIAL_SUFFIX = ".partial";
    static final String LAYOUT = "[band][frame]";
    static final String DTYPE = "<f2";

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private final Path outDir;

    /** A store rooted at {@code outDir} (created on first write). */
    public AudioStore(Path outDir) {
        this.outDir = outDir.toAbsolutePath().normalize();
    }

    /** The output root. */
    public Path outDir() {
        return outDir;
    }

    /** The spectrogram file of one performance rendered as {@code variant}. */
    public Path npyPath(Performance performance, SynthesisVariant variant) {
        return outDir.resolve("audio").resolve(performance.folder().replace("/", "__"))
                .resolve(performance.performanceId() + "__" + variant.fileStem() + ".npy");
    }

    /** The sidecar of {@link #npyPath}. */
    public Path sidecarPath(Performance performance, SynthesisVariant variant) {
        String npy = npyPath(performance, variant).toString();
        return Path.of(npy.substring(0, npy.length() - ".npy".length()) + ".json");
    }

    /**
     * Whether the output exists and is valid: the sidecar parses, has this format version and
     * describes exactly this performance and variant, and the {@code .npy} header has shape
     * (92, sidecar frames) and the file has exactly the size that shape needs. Never throws for a
     * bad file; it just answers false, so the output is redone.
     */
    public boolean isComplete(Performance performance, SynthesisVariant variant) {
        Path sidecarPath = sidecarPath(performance, variant);
        Path npyPath = npyPath(performance, variant);
        if (!Files.isRegularFile(sidecarPath) || !Files.isRegularFile(npyPath)) {
            return false;
        }
        try {
            AudioSidecar sidecar = GSON.fromJson(Files.readString(sidecarPath, StandardCharsets.UTF_8),
                    AudioSidecar.class);
            if (sidecar == null || !describes(sidecar, performance, variant)) {
                return false;
            }
            Float16Npy.Header header = Float16Npy.readHeader(npyPath);
            return header.rows() == FrontEnd.BAND_COUNT && header.cols() == sidecar.frames()
                    && Files.size(npyPath) == header.expectedFileBytes();
        } catch (IOException | RuntimeException e) { // incl. Gson's JsonParseException: a corrupt sidecar
            return false;
        }
    }

    /**
     * Writes the spectrogram and then its sidecar, each atomically.
     *
     * @return the sidecar written
     * @throws AsapDataException if a file cannot be written
     */
    public AudioSidecar write(Performance performance, PerformanceSynthesizer.SynthesizedPerformance rendered) {
        SynthesisVariant variant = rendered.variant();
        float[][] spectrogram = rendered.spectrogram();
        if (spectrogram.length != FrontEnd.BAND_COUNT) {
            throw new IllegalArgumentException("expected " + FrontEnd.BAND_COUNT + " bands, got " + spectrogram.length);
        }
        AudioSidecar sidecar = new AudioSidecar(FORMAT_VERSION, performance.pieceId(), performance.folder(),
                performance.performanceId(), performance.folder() + "/" + performance.performanceId() + ".mid",
                variant.bank().name(), variant.bank().sf2Path().toString(), variant.program(), variant.tempoFactor(),
                SynthesisVariant.FPS, FrontEnd.BAND_COUNT, rendered.frameCount(), LAYOUT, DTYPE,
                rendered.durationSeconds(), rendered.sourceMidiDurationSeconds());
        Path npyPath = npyPath(performance, variant);
        Path sidecarPath = sidecarPath(performance, variant);
        Path npyTemp = partialPath(npyPath);
        Path jsonTemp = partialPath(sidecarPath);
        try {
            Files.createDirectories(npyPath.getParent());
            // Remove a stale sidecar first: from here until the final rename the output must read as unfinished.
            Files.deleteIfExists(sidecarPath);
            Float16Npy.write(npyTemp, spectrogram);
            moveIntoPlace(npyTemp, npyPath);
            Files.writeString(jsonTemp, GSON.toJson(sidecar) + "\n", StandardCharsets.UTF_8);
            moveIntoPlace(jsonTemp, sidecarPath);
        } catch (IOException e) {
            throw new AsapDataException("cannot write " + npyPath + ": " + e, e);
        } finally {
            deleteQuietly(npyTemp);
            deleteQuietly(jsonTemp);
        }
        return sidecar;
    }

    /**
     * Reads a finished output.
     *
     * @return the sidecar and the spectrogram {@code [band][frameIndex]} as float32
     * @throws AsapDataException if the output is not {@linkplain #isComplete complete} or cannot be read
     */
    public Stored read(Performance performance, SynthesisVariant variant) {
        if (!isComplete(performance, variant)) {
            throw new AsapDataException("no finished output for " + performance.key() + " as " + variant.fileStem()
                    + ": " + npyPath(performance, variant));
        }
        try {
            return new Stored(readSidecar(performance, variant), Float16Npy.read(npyPath(performance, variant)));
        } catch (IOException e) {
            throw new AsapDataException("cannot read " + npyPath(performance, variant) + ": " + e, e);
        }
    }

    /** The sidecar of a finished output, without reading its spectrogram. */
    public AudioSidecar readSidecar(Performance performance, SynthesisVariant variant) {
        try {
            return GSON.fromJson(Files.readString(sidecarPath(performance, variant), StandardCharsets.UTF_8),
                    AudioSidecar.class);
        } catch (IOException | JsonParseException e) {
            throw new AsapDataException("cannot read " + sidecarPath(performance, variant) + ": " + e, e);
        }
    }

    /**
     * A stored output.
     *
     * @param sidecar its description
     * @param spectrogram {@code [band][frameIndex]}
     */
    public record Stored(AudioSidecar sidecar, float[][] spectrogram) {}

    /**
     * Deletes {@code *.partial} files left under {@code audio/} by an interrupted build. Call only
     * when no other build writes to this store.
     *
     * @return how many were deleted
     */
    public int deletePartialFiles() {
        Path audio = outDir.resolve("audio");
        if (!Files.isDirectory(audio)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(audio)) {
            List<Path> partial = files.filter(p -> p.getFileName().toString().endsWith(PARTIAL_SUFFIX)).toList();
            for (Path p : partial) {
                Files.deleteIfExists(p);
            }
            return partial.size();
        } catch (IOException e) {
            throw new AsapDataException("cannot clean partial files under " + audio + ": " + e, e);
        }
    }

    static String toJson(AudioSidecar sidecar) {
        return GSON.toJson(sidecar);
    }

    private static boolean describes(AudioSidecar s, Performance p, SynthesisVariant v) {
        return s.formatVersion() == FORMAT_VERSION
                && p.folder().equals(s.folder())
                && p.performanceId().equals(s.performanceId())
                && v.bank().name().equals(s.bank())
                && v.program() == s.program()
                && v.tempoFactor() == s.tempoFactor()
                && s.fps() == SynthesisVariant.FPS
                && s.bands() == FrontEnd.BAND_COUNT
                && s.frames() > 0
                && LAYOUT.equals(s.layout())
                && DTYPE.equals(s.dtype());
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // deletePartialFiles() removes it later
        }
    }

    private static Path partialPath(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL_SUFFIX);
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
