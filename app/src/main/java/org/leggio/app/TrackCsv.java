package org.leggio.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.leggio.matcher.session.TrackedPosition;

/** The follower's track as CSV: one row per audio embedding (the `leggio follow --out` format). */
final class TrackCsv {
    static final String HEADER = "time_s,state,page,system,page_x,strip_x,bar,score_beat,tempo_bpm,confidence";

    private TrackCsv() {}

    static void write(Path file, List<TrackedPosition> positions) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial))) {
            out.println(HEADER);
            for (TrackedPosition p : positions) {
                out.println(row(p));
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String row(TrackedPosition p) {
        var place = p.place();
        if (place == null) {
            return String.format(Locale.ROOT, "%.2f,%s,,,,,,,,%.3f", p.timeSeconds(), p.state(), p.confidence());
        }
        return String.format(Locale.ROOT, "%.2f,%s,%d,%d,%.1f,%.1f,%s,%s,%s,%.3f", p.timeSeconds(), p.state(),
                place.pageIndex() + 1, place.systemIndex() + 1, place.pageXPx(), place.stripXPx(), place.barLabel(),
                finite(place.scoreBeats(), "%.3f"), finite(p.tempoKnown() ? p.tempoBpm() : Double.NaN, "%.1f"),
                p.confidence());
    }

    private static String finite(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "";
    }
}
