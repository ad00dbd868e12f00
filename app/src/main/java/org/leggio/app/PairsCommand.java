package org.leggio.app;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.leggio.dataset.LesGracesPairs;
import org.leggio.model.eval.PairSet;
import org.leggio.model.eval.PairSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leggio pairs ...}: writes pair sets (docs/pairs-format.md). */
@Command(name = "pairs", mixinStandardHelpOptions = true, subcommands = {PairsCommand.Example.class, PairsCommand.LesGraces.class},
        description = "Writes pair sets for 'leggio eval retrieval' (format: docs/pairs-format.md).")
final class PairsCommand {

    @Command(name = "example", mixinStandardHelpOptions = true, description = "A small synthetic pair set that shows the format.")
    static final class Example implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Option(names = "--pieces", defaultValue = "3")
        int pieces;

        @Option(names = "--pairs-per-piece", defaultValue = "10")
        int pairsPerPiece;

        @Option(names = "--frames", defaultValue = "84",
                description = "Audio window T: 42, 84 or 168; 84 fits the default model (default: ${DEFAULT-VALUE}).")
        int frames;

        @Override
        public Integer call() throws Exception {
            PairSet set = PairSets.generateExample(dir, pieces, pairsPerPiece, frames, 42L);
            System.out.printf("wrote %d pairs of %d pieces to %s%n", set.size(), set.pieces().size(), dir);
            return 0;
        }
    }

    @Command(name = "lesgraces", mixinStandardHelpOptions = true,
            description = {"The 107 check pairs of Les Graces (needs ../shared/reference): spectrogram from the WAV and",
                "snippets from the unrolled score, both computed by Leggio. With the published network they reproduce",
                "the reference table (audio->sheet MRR 0.956)."})
    static final class LesGraces implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Option(names = "--reference", paramLabel = "DIR", defaultValue = "../shared/reference",
                description = "The shared reference directory (default: ${DEFAULT-VALUE}).")
        Path reference;

        @Option(names = "--audio-context", defaultValue = "84", description = "Audio window in frames: 42, 84 or 168 (default: ${DEFAULT-VALUE}).")
        int audioContextFrames;

        @Override
        public Integer call() throws Exception {
            Path referenceDir = reference.isAbsolute() || System.getProperty("leggio.home") == null
                    ? reference : Paths.get(System.getProperty("leggio.home")).resolve(reference).normalize();
            PairSet set = LesGracesPairs.build(referenceDir, audioContextFrames);
            set.write(dir);
            System.out.printf("wrote %d pairs to %s%n", set.size(), dir);
            return 0;
        }
    }
}
