package org.leggio.dataset.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditedPerformanceTest {
    @TempDir
    Path dir;

    private static TruthNote note(double t, String piece, double beat) {
        return new TruthNote(t, piece, beat, 0, "1", 0, 0, 0f);
    }

    @Test
    void splicesSegmentsAndSilenceAndRetimesTheTruth() throws Exception {
        FollowingPerformance a = FollowTestData.performance(dir, "A", 0, 100,
                List.of(note(0.5, "A", 1), note(1.0, "A", 2), note(1.45, "A", 3), note(1.5, "A", 4), note(2.0, "A", 5)));
        FollowingPerformance b = FollowTestData.performance(dir, "B", 1, 60,
                List.of(note(0.0, "B", 10), note(0.95, "B", 11), note(1.0, "B", 12)));
        EditedPerformance edited = new EditedPerformance("test", List.of(a, b), List.of(new Segment(0, 10, 30),
                Segment.silence(5), new Segment(1, 0, 20), new Segment(0, 30, 40)));

        assertThat(edited.frameCount()).isEqualTo(55);
        assertThat(edited.segmentOutputStartFrames()).containsExactly(0, 20, 25, 45);
        float[][] s = edited.spectrogram();
        assertThat(s).hasDimensions(92, 55);
        for (float[] band : new float[][] {s[0], s[91]}) {
            for (int f = 0; f < 55; f++) {
                float expected = f < 20 ? 10 + f : f < 25 ? 0f : f < 45 ? 1000 + f - 25 : 30 + f - 45;
                assertThat(band[f]).as("frame %d", f).isEqualTo(expected);
            }
        }

        List<TruthNote> truth = edited.truth();
        assertThat(truth).extracting(TruthNote::scoreBeat).containsExactly(1.0, 2.0, 3.0, 10.0, 11.0, 4.0);
        assertThat(truth).extracting(TruthNote::pieceId).containsExactly("A", "A", "A", "B", "B", "A");
        double[] times = truth.stream().mapToDouble(TruthNote::timeSeconds).toArray();
        double[] expected = {0.0, 0.5, 0.95, 1.25, 2.2, 2.25};
        for (int i = 0; i < expected.length; i++) {
            assertThat(times[i]).as("note %d", i).isCloseTo(expected[i], within(1e-9));
        }
        // silence start (1.0 s) is no edit; the resumption after it and the jump back to A are
        assertThat(edited.editTimesSeconds()).containsExactly(1.25, 2.25);
    }

    @Test
    void contiguousSegmentsOfOneSourceAreNoEdit() throws Exception {
        FollowingPerformance a = FollowTestData.performance(dir, "A", 0, 50, List.of(note(0.1, "A", 0)));
        EditedPerformance edited = new EditedPerformance("x", List.of(a),
                List.of(new Segment(0, 0, 20), new Segment(0, 20, 50)));
        assertThat(edited.editTimesSeconds()).isEmpty();
        assertThat(edited.spectrogram()[5][49]).isEqualTo(49f);
    }

    @Test
    void rejectsSegmentsPastTheSource() throws Exception {
        FollowingPerformance a = FollowTestData.performance(dir, "A", 0, 50, List.of());
        assertThatThrownBy(() -> new EditedPerformance("x", List.of(a), List.of(new Segment(1, 0, 10))))
                .isInstanceOf(IllegalArgumentException.class);
        EditedPerformance tooLong = new EditedPerformance("x", List.of(a), List.of(new Segment(0, 40, 60)));
        assertThatThrownBy(tooLong::spectrogram).isInstanceOf(IllegalStateException.class).hasMessageContaining("50 frames");
        assertThatThrownBy(() -> new Segment(0, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
