package org.leggio.dataset.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.dataset.asap.AsapDataException;

class FollowingGroundTruthTest {
    static final String HEADER =
            "performance_time_s,note_id,pass,drawn_note_id,strip_x_px,page,system,page_x_px,measure_index,bar,score_beat\n";

    @TempDir
    Path dir;

    @Test
    void readsRowsDividesByTheTempoFactorAndKeepsEmptyBeatsAsNaN() throws Exception {
        Path csv = dir.resolve("perf.csv");
        Files.writeString(csv, HEADER
                + "0.5000,n1,1,n1,59.7,0,0,78.7,0,1,0.0000\n"
                + "1.2500,n2,2,n2,78.5,1,3,97.5,7,\"8a\",\n");
        List<TruthNote> notes = FollowingGroundTruth.read(csv, "P", 1.25);
        assertThat(notes).containsExactly(new TruthNote(0.4, "P", 0.0, 0, "1", 0, 0, 59.7f),
                new TruthNote(1.0, "P", Double.NaN, 7, "8a", 1, 3, 78.5f));
    }

    @Test
    void malformedRowsNameTheFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, HEADER + "0.5,n1,1,n1,59.7,0,0,78.7,0,1,0.0\n" + "x.5,n2,1,n2,59.7,0,0,78.7,0,1,1.0\n");
        assertThatThrownBy(() -> FollowingGroundTruth.read(csv, "P", 1.0)).isInstanceOf(AsapDataException.class)
                .hasMessageContaining("bad.csv line 3").hasMessageContaining("performance_time_s")
                .hasMessageContaining("'x.5'");
        Files.writeString(csv, HEADER + "0.5,n1,1,n1,59.7,0,0,78.7,0,1\n");
        assertThatThrownBy(() -> FollowingGroundTruth.read(csv, "P", 1.0)).isInstanceOf(AsapDataException.class)
                .hasMessageContaining("bad.csv line 2").hasMessageContaining("got 10");
        Files.writeString(csv, HEADER + "0.5,n1,1,n1,59.7,0,zero,78.7,0,1,0\n");
        assertThatThrownBy(() -> FollowingGroundTruth.read(csv, "P", 1.0)).hasMessageContaining("line 2: system");
        Files.writeString(csv, "performance_time_s,page\n");
        assertThatThrownBy(() -> FollowingGroundTruth.read(csv, "P", 1.0)).hasMessageContaining("missing column");
    }
}
