package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leggio.matcher.eval.FollowingMetrics;

/**
 * The page turns of an evaluation, one row per turn of the shown page, so that a person can look up every wrong
 * or backward turn: {@code performance, time_s, from_page, to_page, true_page} (1-based), {@code reported_beat,
 * true_beat} (quarter notes of the unfolded score), {@code backward, wrong}.
 */
final class TurnsCsv {
    static final String HEADER = "performance,time_s,from_page,to_page,true_page,reported_beat,true_beat,backward,wrong";

    private TurnsCsv() {}

    /** The rows of one performance's turns. */
    static List<String> rows(String performanceKey, List<FollowingMetrics.TurnCheck> turns) {
        List<String> rows = new ArrayList<>(turns.size());
        for (FollowingMetrics.TurnCheck t : turns) {
            rows.add(String.format(Locale.ROOT, "%s,%.2f,%d,%d,%d,%.2f,%.2f,%b,%b", performanceKey, t.timeSeconds(),
                    t.fromPage() + 1, t.toPage() + 1, t.truePage() + 1, t.reportedBeat(), t.trueBeat(), t.backward(),
                    t.wrong()));
        }
        return rows;
    }

    /** Writes the header and the rows. */
    static void write(Path file, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(HEADER);
        lines.addAll(rows);
        Files.write(file, lines);
    }
}
