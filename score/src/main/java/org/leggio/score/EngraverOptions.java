package org.leggio.score;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the MusicXML engraver (Verovio under Node.js). Immutable.
 *
 * @param nodeExecutable {@code node} (looked up on the PATH) or a path to it
 * @param engraverDir the project's {@code score/engraver} folder: {@code engrave.mjs} and
 *     {@code node_modules/verovio}
 * @param pageWidthPx width of the rendered pages, px (835: staff space ≈ 7.2 px, DESIGN §5)
 * @param timeoutSeconds longest time one score may take to engrave
 * @param renderThreads threads rasterising pages (≥ 1)
 * @param pageHeightUnits the page height in Verovio units at a page width of 2100 ({@value #A4_HEIGHT_UNITS}:
 *     A4 portrait; smaller values make short pages, e.g. for a small screen or a landscape tablet)
 */
public record EngraverOptions(String nodeExecutable, Path engraverDir, int pageWidthPx, long timeoutSeconds,
        int renderThreads, int pageHeightUnits) {
    /** Page width Leggio normalises every page to, px. */
    public static final int PAGE_WIDTH_PX = 835;
    /** A4 portrait at Verovio's page width of 2100 units. */
    public static final int A4_HEIGHT_UNITS = 2970;

    public EngraverOptions {
        Objects.requireNonNull(nodeExecutable, "nodeExecutable can't be null");
        Objects.requireNonNull(engraverDir, "engraverDir can't be null");
        if (pageWidthPx < 100 || pageWidthPx > 10_000) {
            throw new IllegalArgumentException("pageWidthPx must be in 100..10000 but is " + pageWidthPx);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be ≥ 1 but is " + timeoutSeconds);
        }
        if (renderThreads < 1) {
            throw new IllegalArgumentException("renderThreads must be ≥ 1 but is " + renderThreads);
        }
        if (pageHeightUnits < 500 || pageHeightUnits > 60_000) {
            throw new IllegalArgumentException("pageHeightUnits must be in 500..60000 but is " + pageHeightUnits);
        }
    }

    /**
     * The defaults: {@code node} from the PATH, the engraver folder from {@code -Dleggio.engraver.dir},
     * else {@code <leggio.home>/score/engraver}, else {@code score/engraver} under the working
     * directory; 835 px pages; 300 s; one render thread per core (at most 4).
     */
    public static EngraverOptions defaults() {
        return new EngraverOptions(System.getProperty("leggio.node", "node"), defaultEngraverDir(), PAGE_WIDTH_PX, 300,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), A4_HEIGHT_UNITS);
    }

    public EngraverOptions withEngraverDir(Path dir) {
        return new EngraverOptions(nodeExecutable, dir, pageWidthPx, timeoutSeconds, renderThreads, pageHeightUnits);
    }

    public EngraverOptions withNodeExecutable(String node) {
        return new EngraverOptions(node, engraverDir, pageWidthPx, timeoutSeconds, renderThreads, pageHeightUnits);
    }

    public EngraverOptions withRenderThreads(int threads) {
        return new EngraverOptions(nodeExecutable, engraverDir, pageWidthPx, timeoutSeconds, threads, pageHeightUnits);
    }

    /** Pages of another height (Verovio units at a width of 2100; see {@link #A4_HEIGHT_UNITS}). */
    public EngraverOptions withPageHeightUnits(int units) {
        return new EngraverOptions(nodeExecutable, engraverDir, pageWidthPx, timeoutSeconds, renderThreads, units);
    }

    static Path defaultEngraverDir() {
        String explicit = System.getProperty("leggio.engraver.dir");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = System.getProperty("leggio.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "score", "engraver");
        }
        Path here = Path.of("score", "engraver");
        return Files.isDirectory(here) ? here : Path.of("..", "score", "engraver");
    }
}
