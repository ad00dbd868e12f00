package org.leggio.app;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.leggio.matcher.eval.FollowingMetrics;
import org.leggio.matcher.follow.FollowerConfig;

/** follow.md and follow.json of `leggio eval follow`. */
final class FollowReport {
    private FollowReport() {}

    static String line(String id, FollowingMetrics.Result r) {
        FollowingMetrics.Summary s = r.summary();
        return String.format(Locale.ROOT, "%-60s %s  ≤1s %.3f  median %.0f ms / %.3f beats  page %.3f  turns %d (wrong %d, back %d)",
                id, r.tracked() ? "tracked" : "LOST   ", s.shareWithin(1000), s.medianMs(), s.medianBeats(),
                r.pages().accuracy(), r.pages().turns(), r.pages().wrongTurns(), r.pages().backwardTurns());
    }

    static void write(Path out, String split, String modelId, FollowerConfig config,
            Map<String, FollowingMetrics.Result> results) throws IOException {
        FollowingMetrics.Pooled pooled = FollowingMetrics.pool(new ArrayList<>(results.values()));
        StringBuilder md = new StringBuilder();
        md.append("# Following, split ").append(split).append(", model ").append(modelId).append("\n\n");
        md.append(String.format(Locale.ROOT, "Follower: %s%n%n", config));
        md.append(String.format(Locale.ROOT, "Tracking rate **%.1f %%** (%d of %d performances)%n%n",
                100 * pooled.trackingRate(), pooled.trackedPerformances(), pooled.performances()));
        md.append(String.format(Locale.ROOT, "Tracking rate in notated beats (the time signature's beat, as the matchmaker"
                + " benchmark counts them): **%.1f %%** (%d of %d)%n%n",
                100 * pooled.trackingRateNotated(), pooled.trackedNotatedPerformances(), pooled.performances()));
        md.append("| events of | notes | ≤50 ms | ≤100 ms | ≤300 ms | ≤500 ms | ≤1 s | ≤2 s | median ms | median beats | median lead ms |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(row("all performances", pooled.allPerformances()));
        md.append(row("tracked performances", pooled.trackedOnly()));
        FollowingMetrics.PageStats pages = pooled.pages();
        md.append(String.format(Locale.ROOT, "%nPages: true page shown %.1f %% of the time; %d page turns, %d wrong (%.1f per 100), %d backward (%d of them wrong).%n%n",
                100 * pages.accuracy(), pages.turns(), pages.wrongTurns(),
                pages.turns() == 0 ? 0 : 100.0 * pages.wrongTurns() / pages.turns(), pages.backwardTurns(),
                pages.wrongBackwardTurns()));
        md.append("| performance | tracked | ≤1 s | median ms | median beats | worst 30-s median (beats) | worst 30-s median (notated beats) | page acc. | turns | wrong | backward |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var e : results.entrySet()) {
            FollowingMetrics.Result r = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.0f | %.3f | %.2f | %.2f | %.3f | %d | %d | %d |%n", e.getKey(),
                    r.tracked() ? "yes" : "no", r.summary().shareWithin(1000), r.summary().medianMs(),
                    r.summary().medianBeats(), r.worstWindowMedianBeats(), r.worstWindowMedianNotatedBeats(),
                    r.pages().accuracy(), r.pages().turns(),
                    r.pages().wrongTurns(), r.pages().backwardTurns()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("performance", e.getKey());
            row.put("tracked", r.tracked());
            row.put("summary", summary(r.summary()));
            row.put("worstWindowMedianBeats", finite(r.worstWindowMedianBeats()));
            row.put("trackedNotated", r.trackedNotated());
            row.put("worstWindowMedianNotatedBeats", finite(r.worstWindowMedianNotatedBeats()));
            row.put("pages", r.pages());
            rows.add(row);
        }
        json.put("split", split);
        json.put("model", modelId);
        json.put("follower", config.toString());
        json.put("trackingRate", pooled.trackingRate());
        json.put("trackingRateNotated", pooled.trackingRateNotated());
        json.put("allPerformances", summary(pooled.allPerformances()));
        json.put("trackedPerformances", summary(pooled.trackedOnly()));
        json.put("pages", pages);
        json.put("performances", rows);
        Files.writeString(out.resolve("follow.md"), md);
        Files.writeString(out.resolve("follow.json"),
                new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json));
    }

    private static String row(String label, FollowingMetrics.Summary s) {
        StringBuilder b = new StringBuilder("| ").append(label).append(" | ").append(s.events());
        for (double t : FollowingMetrics.THRESHOLDS_MS) {
            b.append(String.format(Locale.ROOT, " | %.1f %%", 100 * s.shareWithin(t)));
        }
        return b.append(String.format(Locale.ROOT, " | %.0f | %.3f | %+.0f |%n", s.medianMs(), s.medianBeats(),
                s.medianLeadMs())).toString();
    }

    private static Map<String, Object> summary(FollowingMetrics.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", s.events());
        for (double t : FollowingMetrics.THRESHOLDS_MS) {
            m.put(String.format(Locale.ROOT, "within%.0fms", t), s.shareWithin(t));
        }
        m.put("medianMs", finite(s.medianMs()));
        m.put("medianBeats", finite(s.medianBeats()));
        m.put("medianLeadMs", finite(s.medianLeadMs()));
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
