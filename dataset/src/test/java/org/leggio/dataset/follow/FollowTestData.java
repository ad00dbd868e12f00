package org.leggio.dataset.follow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.leggio.dataset.asap.Float16Npy;

/** Constructed performances: spectrogram value = source · 1000 + frame (exact in float16 below 2048). */
final class FollowTestData {
    private FollowTestData() {}

    /** Writes a (92, frames) spectrogram whose every band holds {@code value · 1000 + frame}. */
    static Path spectrogram(Path dir, String name, int value, int frames) throws IOException {
        float[][] s = new float[FollowingPerformance.BANDS][frames];
        for (float[] band : s) {
            for (int f = 0; f < frames; f++) {
                band[f] = value * 1000 + f;
            }
        }
        Path file = dir.resolve(name + ".npy");
        Float16Npy.write(file, s);
        return file;
    }

    /**
     * Notes of bars played in the given order of measure indices, each bar {@code barSeconds} long with
     * {@code notesPerBar} evenly spaced notes, the first bar starting at {@code startSeconds}. Score beat
     * = 4 · played bar + position (quarter notes).
     */
    static List<TruthNote> bars(String pieceId, double startSeconds, double barSeconds, int notesPerBar,
            int... measures) {
        List<TruthNote> notes = new ArrayList<>();
        for (int b = 0; b < measures.length; b++) {
            for (int k = 0; k < notesPerBar; k++) {
                double t = startSeconds + b * barSeconds + k * barSeconds / notesPerBar;
                notes.add(new TruthNote(t, pieceId, 4.0 * b + 4.0 * k / notesPerBar, measures[b],
                        Integer.toString(measures[b] + 1), measures[b] / 10, measures[b] / 5, 100f * measures[b]));
            }
        }
        return notes;
    }

    static int[] range(int from, int to) {
        int[] out = new int[to - from];
        Arrays.setAll(out, i -> from + i);
        return out;
    }

    static FollowingPerformance performance(Path dir, String pieceId, int value, int frames, List<TruthNote> notes)
            throws IOException {
        return new FollowingPerformance(pieceId, pieceId.replace('_', '/'), dir.resolve("xml_score.mxl"),
                spectrogram(dir, pieceId + value, value, frames), "perf" + value + ".TimGM6mb_p0_t1.00", 1.0, notes);
    }
}
