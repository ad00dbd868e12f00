package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.app.Leggio;
import org.leggio.dataset.PairIndex;
import org.leggio.dataset.asap.Float16Npy;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.StripImage;

/**
 * {@code leggio train} end to end on a tiny dataset build the test writes (a strip with a mark per
 * note, a spectrogram with energy in a band per note): trains one epoch, is run again to resume
 * for a second, and leaves a model directory that loads under the requested id.
 */
@Timeout(600)
class TrainCommandIT {
    @TempDir
    Path dir;

    @Test
    void trainsResumesAndWritesAModel() throws Exception {
        Path build = dir.resolve("build");
        writeBuild(build);
        Path work = dir.resolve("work");
        String[] args = {"train", "--dataset", build.toString(), "--work", work.toString(), "--model-id", "tiny",
            "--init", "scratch", "--batch", "66", "--pairs-per-epoch", "132", "--validation-pairs", "40",
            "--refit-pairs", "80", "--max-epochs", "1"};
        CommandRun first = CommandRun.of(args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("epoch 0: train loss NaN, validation MRR").contains("epoch 1: train loss");
        assertThat(first.out()).startsWith("trained tiny: best validation MRR");

        args[args.length - 1] = "2";
        CommandRun second = CommandRun.of(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).contains("resuming tiny from epoch 1").contains("epoch 2: train loss")
                .doesNotContain("epoch 1: train loss");
        try (NetworkEmbedder model = Embedders.open(work.resolve("final"))) {
            assertThat(model.info().modelId()).isEqualTo("tiny");
        }
        assertThat(Files.readString(work.resolve("train.log"))).contains("resuming tiny");
    }

    @Test
    void saysWhatIsMissingWhenTheDatasetIsNotABuild() {
        CommandRun r = CommandRun.of("train", "--dataset", dir.resolve("nothing").toString(), "--work", dir.resolve("w").toString(),
                "--init", "scratch");
        assertThat(r.code()).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(r.err()).contains("nothing");
    }

    /** 2 pieces per split; piece k's notes sit at strip x = 150 + 40·i with a dark bar, band 10 + i. */
    private static void writeBuild(Path build) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (String split : new String[] {"train", "valid"}) {
            List<PairIndex.Row> rows = new ArrayList<>();
            for (int piece = 0; piece < 2; piece++) {
                String id = split + "-" + piece;
                int notes = 40;
                byte[] pixels = new byte[(150 + 40 * notes + 150) * 200];
                int width = 150 + 40 * notes + 150;
                java.util.Arrays.fill(pixels, (byte) 255);
                float[][] spec = new float[92][notes * 10 + 100];
                for (int i = 0; i < notes; i++) {
                    int x = 150 + 40 * i;
                    int height = 20 + (i * 7 + piece * 13) % 60;
                    for (int y = 100 - height; y < 100 + height / 2; y++) {
                        for (int dx = 0; dx < 4; dx++) {
                            pixels[y * width + x + dx] = 0;
                        }
                    }
                    int onset = 50 + 10 * i;
                    for (int f = onset; f < onset + 8; f++) {
                        spec[(10 + i + piece * 3) % 92][f] = 2f + (float) random.nextDouble() * 0.1f;
                    }
                    rows.add(new PairIndex.Row(id, id, id + ".npy", onset, x, "n" + i, 1, "perf-" + id));
                }
                Path scores = Files.createDirectories(build.resolve("scores").resolve(id));
                new StripImage(width, 200, pixels).writePng(scores.resolve("strip.png"));
                Files.createDirectories(build.resolve("audio"));
                Float16Npy.write(build.resolve("audio").resolve(id + ".npy"), spec);
            }
            PairIndex.write(build.resolve("pairs").resolve(split), rows);
        }
    }
}
