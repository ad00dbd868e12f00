package org.leggio.dataset.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.leggio.dataset.follow.FollowTestData.bars;
import static org.leggio.dataset.follow.FollowTestData.range;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormChangesTest {
    @TempDir
    Path dir;

    /** Bars 1 s long with 4 notes, from 0.5 s: measures 0–5, then 2–5 again, then 6–8; 280 frames. */
    private FollowingPerformance withRepeat() throws Exception {
        return FollowTestData.performance(dir, "R", 0, 280, bars("R", 0.5, 1.0, 4, 0, 1, 2, 3, 4, 5, 2, 3, 4, 5, 6, 7, 8));
    }

    private static void assertFrames(float[][] s, int... expected) {
        assertThat(s[0]).hasSize(expected.length);
        for (int f = 0; f < expected.length; f++) {
            assertThat(s[0][f]).as("frame %d", f).isEqualTo(expected[f]);
            assertThat(s[91][f]).as("frame %d", f).isEqualTo(expected[f]);
        }
    }

    private static int[] concat(int[]... parts) {
        List<Integer> all = new ArrayList<>();
        for (int[] p : parts) {
            for (int v : p) {
                all.add(v);
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertTimes(List<TruthNote> truth, List<TruthNote> source, int[] sourceIndices,
            double[] shifts) {
        assertThat(truth).hasSize(sourceIndices.length);
        for (int i = 0; i < sourceIndices.length; i++) {
            TruthNote s = source.get(sourceIndices[i]);
            assertThat(truth.get(i).scoreBeat()).as("note %d", i).isEqualTo(s.scoreBeat());
            assertThat(truth.get(i).timeSeconds()).as("note %d", i).isCloseTo(s.timeSeconds() + shifts[i], within(1e-9));
        }
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void findsTheRepeat() throws Exception {
        List<FormChanges.Repeat> repeats = FormChanges.repeats(withRepeat().notes());
        assertThat(repeats).containsExactly(new FormChanges.Repeat(8, 24, 24, 40, 5, 2));
    }

    @Test
    void skipRepeatCutsTheSecondPass() throws Exception {
        FollowingPerformance p = withRepeat();
        EditedPerformance e = FormChanges.skipRepeat(p, 280).orElseThrow();
        assertThat(e.name()).isEqualTo("skip-repeat");
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 130), new Segment(0, 210, 280));
        assertFrames(e.spectrogram(), concat(range(0, 130), range(210, 280)));
        assertThat(e.editTimesSeconds()).containsExactly(6.5);
        assertTimes(e.truth(), p.notes(), concat(range(0, 24), range(40, 52)),
                concat(constant(24, 0), constant(12, -4.0)));
        assertThat(e.truth()).extracting(TruthNote::measureIndex).startsWith(0, 0, 0, 0, 1).containsSequence(5, 6, 6, 6, 6, 7).endsWith(8);
    }

    @Test
    void repeatTwicePlaysTheSectionOnceMore() throws Exception {
        FollowingPerformance p = withRepeat();
        EditedPerformance e = FormChanges.repeatTwice(p, 280).orElseThrow();
        assertThat(e.name()).isEqualTo("repeat-twice");
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 130), new Segment(0, 50, 130),
                new Segment(0, 130, 280));
        assertFrames(e.spectrogram(), concat(range(0, 130), range(50, 130), range(130, 280)));
        assertThat(e.editTimesSeconds()).containsExactly(6.5);
        assertTimes(e.truth(), p.notes(), concat(range(0, 24), range(8, 24), range(24, 52)),
                concat(constant(24, 0), constant(16, 4.0), constant(28, 4.0)));
    }

    @Test
    void skipRepeatWithVoltasLeavesOutTheFirstEnding() throws Exception {
        // measures 0-4, first ending 5, second pass 2-4, second ending 6, then 7; 240 frames
        FollowingPerformance p = FollowTestData.performance(dir, "V", 0, 240,
                bars("V", 0.5, 1.0, 4, 0, 1, 2, 3, 4, 5, 2, 3, 4, 6, 7));
        assertThat(FormChanges.repeats(p.notes())).containsExactly(new FormChanges.Repeat(8, 20, 24, 36, 5, 2));
        EditedPerformance e = FormChanges.skipRepeat(p, 240).orElseThrow();
        // played bar 5 (the first ending) starts at 5.5 s = frame 110; bar 9 (second ending) at 9.5 s = frame 190
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 110), new Segment(0, 190, 240));
        assertThat(e.truth()).extracting(TruthNote::measureIndex)
                .containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 6, 6, 6, 6, 7, 7, 7, 7);
        assertThat(e.editTimesSeconds()).containsExactly(5.5);
        // repeating twice replays the first pass with its first ending
        EditedPerformance twice = FormChanges.repeatTwice(p, 240).orElseThrow();
        assertThat(twice.segments()).containsExactly(new Segment(0, 0, 130), new Segment(0, 50, 130),
                new Segment(0, 130, 240));
    }

    @Test
    void noRepeatNoSkip() throws Exception {
        FollowingPerformance p = FollowTestData.performance(dir, "N", 0, 400, bars("N", 0, 1.0, 4, range(0, 20)));
        assertThat(FormChanges.repeats(p.notes())).isEmpty();
        assertThat(FormChanges.skipRepeat(p, 400)).isEmpty();
        assertThat(FormChanges.repeatTwice(p, 400)).isEmpty();
    }

    @Test
    void strayNotesAreNeitherRepeatsNorBars() {
        List<TruthNote> notes = new ArrayList<>(bars("S", 0, 1.0, 4, range(0, 12)));
        // one note of measure 1 aligned in the middle of measure 9, one of measure 6 early in measure 5
        TruthNote stray = notes.get(37);
        notes.set(37, new TruthNote(stray.timeSeconds(), "S", stray.scoreBeat(), 1, "2", 0, 0, 0f));
        TruthNote early = notes.get(22);
        notes.set(22, new TruthNote(early.timeSeconds(), "S", early.scoreBeat(), 6, "7", 0, 0, 0f));
        assertThat(FormChanges.repeats(notes)).isEmpty();
        assertThat(FormChanges.barStarts(notes)).containsExactly(0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44);
    }

    @Test
    void restartJumpsBackEightBarsAtHalfWay() throws Exception {
        FollowingPerformance p = FollowTestData.performance(dir, "N", 0, 400, bars("N", 0, 1.0, 4, range(0, 20)));
        EditedPerformance e = FormChanges.restart(p, 400, 8, 0.5).orElseThrow();
        assertThat(e.name()).isEqualTo("restart");
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 200), new Segment(0, 40, 400));
        assertFrames(e.spectrogram(), concat(range(0, 200), range(40, 400)));
        assertThat(e.editTimesSeconds()).containsExactly(10.0);
        assertTimes(e.truth(), p.notes(), concat(range(0, 40), range(8, 80)),
                concat(constant(40, 0), constant(72, 8.0)));
        assertThat(FormChanges.restart(p, 400, 12, 0.5)).isEmpty();
    }

    @Test
    void stopAndResumeInsertsSilence() throws Exception {
        FollowingPerformance p = FollowTestData.performance(dir, "N", 0, 400, bars("N", 0, 1.0, 4, range(0, 20)));
        EditedPerformance e = FormChanges.stopAndResume(p, 400, 0.5, 5).orElseThrow();
        assertThat(e.name()).isEqualTo("stop-and-resume");
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 200), Segment.silence(100), new Segment(0, 200, 400));
        assertFrames(e.spectrogram(), concat(range(0, 200), new int[100], range(200, 400)));
        assertThat(e.editTimesSeconds()).containsExactly(15.0);
        assertTimes(e.truth(), p.notes(), range(0, 80), concat(constant(40, 0), constant(40, 5.0)));
    }

    @Test
    void jumpToOtherPieceSplicesTwoSources() throws Exception {
        FollowingPerformance p = FollowTestData.performance(dir, "N", 0, 400, bars("N", 0, 1.0, 4, range(0, 20)));
        FollowingPerformance other = FollowTestData.performance(dir, "O", 1, 200, bars("O", 0, 1.0, 2, range(0, 10)));
        EditedPerformance e = FormChanges.jumpToOtherPiece(p, 400, other, 200, 5, 0.3).orElseThrow();
        assertThat(e.name()).isEqualTo("jump-to-other-piece");
        assertThat(e.segments()).containsExactly(new Segment(0, 0, 100), new Segment(1, 60, 200));
        assertFrames(e.spectrogram(), concat(range(0, 100), java.util.stream.IntStream.range(1060, 1200).toArray()));
        assertThat(e.editTimesSeconds()).containsExactly(5.0);
        List<TruthNote> truth = e.truth();
        assertThat(truth).hasSize(20 + 14);
        assertThat(truth.get(19).pieceId()).isEqualTo("N");
        assertThat(truth.get(20).pieceId()).isEqualTo("O");
        assertThat(truth.get(20).timeSeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(truth.get(20).measureIndex()).isEqualTo(3);
        assertThat(FormChanges.jumpToOtherPiece(p, 400, other, 200, 25, 0.3)).isEmpty();
    }
}
