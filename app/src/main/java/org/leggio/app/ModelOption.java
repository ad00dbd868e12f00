package org.leggio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --model M}: a published {@code .npz} or a Leggio model directory. The default is Leggio's
 * own model shipped in the repository ({@value #SHIPPED_DEFAULT}, see docs/model.md); only when that
 * folder is missing (a partial install) the published network in {@code ../shared/models/ucasr} is
 * used.
 */
final class ModelOption {
    static final String PUBLISHED_DEFAULT = "models/ucasr/params_mc_audio.npz";
    /** Leggio's own trained model, relative to the installation (leggio.home) or the working folder. */
    static final String SHIPPED_DEFAULT = "models/default";

    @Option(names = "--model", paramLabel = "M",
            description = "Model: a Leggio model directory or a published .npz (e.g. ../shared/models/ucasr/params_mc_audio.npz)."
                    + " Default: Leggio's own model in " + SHIPPED_DEFAULT + ".")
    Path model;

    /** The model path, or a clear error naming where it looked. */
    Path resolve() {
        if (model != null) {
            return model;
        }
        Path shipped = shipped();
        return shipped != null ? shipped : resolvePublished();
    }

    /** The shipped default model folder, or null when this installation lacks it. */
    static Path shipped() {
        for (Path base : bases()) {
            Path candidate = base.resolve(SHIPPED_DEFAULT).normalize();
            if (Files.isRegularFile(candidate.resolve("model.json"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The published fine-tuned network beside the checkout, or a clear error naming where it looked. */
    Path resolvePublished() {
        List<Path> tried = new ArrayList<>();
        for (Path base : bases()) {
            Path candidate = base.resolve("../shared").resolve(PUBLISHED_DEFAULT).normalize();
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no model given and no default found (looked for " + SHIPPED_DEFAULT
                + " under " + bases() + " and for " + tried + "); pass --model M");
    }

    private static List<Path> bases() {
        List<Path> bases = new ArrayList<>();
        String home = System.getProperty("leggio.home");
        if (home != null) {
            bases.add(Paths.get(home).toAbsolutePath());
        }
        bases.add(Paths.get("").toAbsolutePath());
        return bases;
    }
}
