package org.leggio.dataset.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowingCorpusTest {
    @TempDir
    Path build;
    @TempDir
    Path asap;

    private void rendering(String piece, String folder, String perf, String stem, double tempo, int frames)
            throws Exception {
        Path audio = build.resolve("audio/audio").resolve(folder.replace("/", "__"));
        Files.createDirectories(audio);
        FollowTestData.spectrogram(audio, perf + "__" + stem, 0, frames);
        Files.writeString(audio.resolve(perf + "__" + stem + ".json"), """
                {"format_version": 1, "piece_id": "%s", "folder": "%s", "performance_id": "%s",
                 "bank": "TimGM6mb", "program": 0, "tempo_factor": %s, "fps": 20, "bands": 92, "frames": %d}
                """.formatted(piece, folder, perf, tempo, frames));
    }

    @Test
    void findsTheSplitsRenderingsWithTruthAndScore() throws Exception {
        Files.writeString(build.resolve("split.csv"), "piece_id,split\nA_x,test\nB_y,test\nC_z,train\n");
        rendering("A_x", "A/x", "p1", "TimGM6mb_p0_t1.00", 1.0, 40);
        rendering("A_x", "A/x", "p1", "TimGM6mb_p0_t1.25", 1.25, 32);
        rendering("A_x", "A/x", "p0", "TimGM6mb_p2_t1.00", 1.0, 40);
        rendering("B_y", "B/y", "q", "TimGM6mb_p0_t1.00", 1.0, 40); // no ground truth
        rendering("C_z", "C/z", "r", "TimGM6mb_p0_t1.00", 1.0, 40); // train
        for (String perf : List.of("p0", "p1")) {
            Path truth = build.resolve("groundtruth/A/x/" + perf + ".csv");
            Files.createDirectories(truth.getParent());
            Files.writeString(truth, FollowingGroundTruthTest.HEADER + "1.0,n1,1,n1,10,0,0,10,0,1,0\n");
        }
        Files.createDirectories(asap.resolve("A/x"));
        Files.writeString(asap.resolve("A/x/xml_score.mxl"), "zip");

        List<String> messages = new ArrayList<>();
        List<FollowingPerformance> all = FollowingCorpus.load(build, asap, "test", false, messages::add);
        assertThat(all).extracting(FollowingPerformance::performanceId).containsExactly("p0.TimGM6mb_p2_t1.00",
                "p1.TimGM6mb_p0_t1.00", "p1.TimGM6mb_p0_t1.25");
        FollowingPerformance fast = all.get(2);
        assertThat(fast.pieceId()).isEqualTo("A_x");
        assertThat(fast.scoreFolder()).isEqualTo("A/x");
        assertThat(fast.musicXml()).isEqualTo(asap.resolve("A/x/xml_score.mxl"));
        assertThat(fast.notes().get(0).timeSeconds()).isEqualTo(0.8);
        assertThat(fast.frameCount()).isEqualTo(32);
        assertThat(fast.spectrogram()[3][31]).isEqualTo(31f);
        assertThat(fast.asapPerformanceId()).isEqualTo("p1");
        assertThat(messages).anyMatch(m -> m.startsWith("warning: no ground truth") && m.contains("B__y"));

        assertThat(FollowingCorpus.load(build, asap, "test", true, m -> {}))
                .extracting(FollowingPerformance::performanceId)
                .containsExactly("p0.TimGM6mb_p2_t1.00", "p1.TimGM6mb_p0_t1.00");
    }

    @Test
    void aPlayersPreludeAndFugueHaveDistinctKeys() throws Exception {
        // ASAP names a performance by its player: the same id in the prelude's folder and the fugue's
        Files.writeString(build.resolve("split.csv"), "piece_id,split\nBach_Prelude_bwv_1,valid\nBach_Fugue_bwv_1,valid\n");
        for (String kind : List.of("Prelude", "Fugue")) {
            String folder = "Bach/" + kind + "/bwv_1";
            rendering("Bach_" + kind + "_bwv_1", folder, "Player01M", "TimGM6mb_p0_t1.00", 1.0, kind.length() * 10);
            Path truth = build.resolve("groundtruth/" + folder + "/Player01M.csv");
            Files.createDirectories(truth.getParent());
            Files.writeString(truth, FollowingGroundTruthTest.HEADER + "1.0,n1,1,n1,10,0,0,10,0,1,0\n");
            Files.createDirectories(asap.resolve(folder));
            Files.writeString(asap.resolve(folder + "/xml_score.mxl"), "zip");
        }

        List<FollowingPerformance> both = FollowingCorpus.load(build, asap, "valid", true, m -> {});
        assertThat(both).extracting(FollowingPerformance::performanceId).containsOnly("Player01M.TimGM6mb_p0_t1.00");
        assertThat(both).extracting(FollowingPerformance::key).containsExactlyInAnyOrder(
                "Bach_Prelude_bwv_1.Player01M.TimGM6mb_p0_t1.00", "Bach_Fugue_bwv_1.Player01M.TimGM6mb_p0_t1.00");
        assertThat(both).extracting(FollowingPerformance::frameCount).containsExactlyInAnyOrder(70, 50);
    }
}
