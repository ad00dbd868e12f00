package org.leggio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --model M}: a published {@code .npz} or a Leggio model directory. Until Leggio ships its
 * own model, the default is the published fine-tuned network in {@code ../shared/models/ucasr}
 * beside the checkout.
 */
final class ModelOption {
    static final String PUBLISHED_DEFAULT = "models/ucasr/params_mc_audio.npz";

    @Option(names = "--model", paramLabel = "M",
            description = "Model: a published .npz (e.g. ../shared/models/ucasr/params_mc_audio.npz) or a Leggio model directory."
                    + " Default: ../shared/" + PUBLISHED_DEFAULT + " when it exists.")
    Path model;

    /** The model path, or a clear error naming where it looked. */
    Path resolve() {
        if (model != null) {
            return model;
        }
        return resolvePublished();
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
        throw new IllegalArgumentException("no model given and no default found (looked for " + tried + "); pass --model M");
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
