package org.leggio.score.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leggio.model.StripImage;
import org.leggio.score.SystemBox;
import org.leggio.score.internal.layout.DetectedLayout;
import org.leggio.score.internal.layout.DetectedSystem;
import org.leggio.score.internal.layout.StaffSystemDetector;

/**
 * Measures the image-based staff-system detector against known system boxes (Verovio's own, on
 * engraved pages). A true system counts as found when a detected system overlaps it with IoU ≥
 * {@link #IOU_THRESHOLD}; matching is one-to-one, best IoU first. Not thread-safe; one per run.
 */
public final class SystemDetectionEvaluation {
    /** The IoU a detection needs to count as finding a true system. */
    public static final double IOU_THRESHOLD = 0.8;

    private int truthSystems;
    private int detectedSystems;
    private int found;
    private double iouSumOfFound;
    private double bestIouSum;
    private int pages;
    private int pagesAllFound;
    private double detectNanos;
    private final List<String> misses = new ArrayList<>();

    /** Detects the systems of one page and scores them against {@code truth}. */
    public void addPage(String name, StripImage page, List<SystemBox> truth) {
        long start = System.nanoTime();
        DetectedLayout layout = StaffSystemDetector.detect(page);
        detectNanos += System.nanoTime() - start;
        List<SystemBox> detected = new ArrayList<>();
        for (DetectedSystem s : layout.systems()) {
            detected.add(new SystemBox(s.leftXPx(), s.topYPx(), s.rightXPx(), s.bottomYPx()));
        }
        score(name, truth, detected);
    }

    void score(String name, List<SystemBox> truth, List<SystemBox> detected) {
        pages++;
        truthSystems += truth.size();
        detectedSystems += detected.size();
        boolean[] used = new boolean[detected.size()];
        int foundHere = 0;
        for (int t = 0; t < truth.size(); t++) {
            int best = -1;
            double bestIou = 0;
            for (int d = 0; d < detected.size(); d++) {
                double iou = truth.get(t).iou(detected.get(d));
                if (!used[d] && iou > bestIou) {
                    bestIou = iou;
                    best = d;
                }
            }
            bestIouSum += bestIou;
            if (best >= 0 && bestIou >= IOU_THRESHOLD) {
                used[best] = true;
                found++;
                foundHere++;
                iouSumOfFound += bestIou;
            } else if (misses.size() < 20) {
                misses.add(String.format(Locale.ROOT, "%s system %d: best IoU %.2f", name, t, bestIou));
            }
        }
        if (foundHere == truth.size() && detected.size() == truth.size()) {
            pagesAllFound++;
        }
    }

    /** Share of true systems found (IoU ≥ 0.8). */
    public double recall() {
        return truthSystems == 0 ? 1 : (double) found / truthSystems;
    }

    /** Share of detections that match a true system. */
    public double precision() {
        return detectedSystems == 0 ? 1 : (double) found / detectedSystems;
    }

    /** Mean IoU of the found systems. */
    public double meanIouOfFound() {
        return found == 0 ? 0 : iouSumOfFound / found;
    }

    /** Mean best IoU over all true systems (0 for a system nothing overlaps). */
    public double meanBestIou() {
        return truthSystems == 0 ? 0 : bestIouSum / truthSystems;
    }

    public int pages() {
        return pages;
    }

    public int truthSystems() {
        return truthSystems;
    }

    public int detectedSystems() {
        return detectedSystems;
    }

    /** Pages where every system was found and nothing else was detected. */
    public int pagesExact() {
        return pagesAllFound;
    }

    /** Mean detection time per page, ms. */
    public double meanDetectMillis() {
        return pages == 0 ? 0 : detectNanos / pages / 1e6;
    }

    /** Up to 20 systems that were not found. */
    public List<String> misses() {
        return List.copyOf(misses);
    }

    /** One Markdown table row: pages, systems, found, recall, precision, IoUs, exact pages, ms/page. */
    public String markdownRow(String label) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f %% | %.2f %% | %.3f | %.3f | %d | %.1f |", label, pages,
                truthSystems, detectedSystems, found, 100 * recall(), 100 * precision(), meanIouOfFound(), meanBestIou(),
                pagesAllFound, meanDetectMillis());
    }

    /** The header matching {@link #markdownRow}. */
    public static String markdownHeader() {
        return "| pages | n | true systems | detected | found (IoU ≥ 0.8) | recall | precision | mean IoU (found) | mean best IoU (all) | exact pages | ms/page |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|";
    }
}
