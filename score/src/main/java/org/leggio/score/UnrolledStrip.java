package org.leggio.score;

import java.util.ArrayList;
import java.util.List;
import org.leggio.model.StripImage;

/**
 * The unrolled strip of a score (DESIGN §5): every staff system contributes the page rows
 * {@code centre − 100 .. centre + 99} (rows beyond the page repeat its edge row) over the columns
 * its staff lines span; systems are joined left to right in reading order. Strip x maps to (page,
 * system, page x) and back.
 *
 * <p>Immutable and thread-safe. Units: {@code stripXPx} px of the strip, {@code pageXPx} px of the
 * normalised page.
 */
public final class UnrolledStrip {
    /** Rows above and below a system's centre row. */
    public static final int HALF_HEIGHT_PX = 100;
    /** Height of the strip, px. */
    public static final int HEIGHT_PX = 2 * HALF_HEIGHT_PX;

    /**
     * One system's place in the strip.
     *
     * @param systemIndex 0-based among all systems of the piece
     * @param pageIndex its page
     * @param box its box on the page
     * @param pageStartXPx first page column copied into the strip
     * @param centreYPx the page row at the strip's centre row
     * @param stripStartXPx strip x of {@code pageStartXPx}
     * @param widthPx columns it contributes
     */
    public record StripSystem(int systemIndex, int pageIndex, SystemBox box, int pageStartXPx, int centreYPx,
            int stripStartXPx, int widthPx) {
        /** Strip x just past this system. */
        public int stripEndXPx() {
            return stripStartXPx + widthPx;
        }
    }

    /**
     * Where a strip x lies on the pages.
     *
     * @param systemIndex 0-based among all systems of the piece
     * @param pageIndex page of that system
     * @param pageXPx x on the page, px
     * @param pageYPx the system's centre row on the page, px
     */
    public record PagePosition(int systemIndex, int pageIndex, double pageXPx, double pageYPx) {}

    private final StripImage image;
    private final List<StripSystem> systems;

    private UnrolledStrip(StripImage image, List<StripSystem> systems) {
        this.image = image;
        this.systems = List.copyOf(systems);
    }

    /**
     * Builds the strip from pages and their systems.
     *
     * @throws ScoreException if no page has a system
     */
    public static UnrolledStrip build(List<ScorePage> pages) {
        List<StripSystem> systems = new ArrayList<>();
        int stripX = 0;
        for (ScorePage page : pages) {
            for (SystemBox box : page.systems()) {
                int left = Math.max(0, (int) Math.floor(box.leftXPx()));
                int right = Math.min(page.image().widthPx(), (int) Math.ceil(box.rightXPx()));
                if (right <= left) {
                    continue;
                }
                int centre = (int) Math.round(box.centreYPx());
                systems.add(new StripSystem(systems.size(), page.pageIndex(), box, left, centre, stripX, right - left));
                stripX += right - left;
            }
        }
        if (systems.isEmpty()) {
            throw new ScoreException("no staff system found on any of the " + pages.size() + " page(s)");
        }
        byte[] pixels = new byte[stripX * HEIGHT_PX];
        for (StripSystem system : systems) {
            copy(pages, system, pixels, stripX);
        }
        return new UnrolledStrip(new StripImage(stripX, HEIGHT_PX, pixels), systems);
    }

    private static void copy(List<ScorePage> pages, StripSystem system, byte[] strip, int stripWidth) {
        StripImage page = pageOf(pages, system.pageIndex()).image();
        byte[] source = page.pixels();
        for (int row = 0; row < HEIGHT_PX; row++) {
            int pageRow = Math.max(0, Math.min(page.heightPx() - 1, system.centreYPx() - HALF_HEIGHT_PX + row));
            System.arraycopy(source, pageRow * page.widthPx() + system.pageStartXPx(), strip,
                    row * stripWidth + system.stripStartXPx(), system.widthPx());
        }
    }

    private static ScorePage pageOf(List<ScorePage> pages, int pageIndex) {
        for (ScorePage page : pages) {
            if (page.pageIndex() == pageIndex) {
                return page;
            }
        }
        throw new IllegalStateException("no page " + pageIndex);
    }

    /** The strip image, {@link #HEIGHT_PX} rows. */
    public StripImage image() {
        return image;
    }

    public int widthPx() {
        return image.widthPx();
    }

    public List<StripSystem> systems() {
        return systems;
    }

    /** The page position of a strip x (clamped to the strip). */
    public PagePosition toPage(double stripXPx) {
        StripSystem system = systemAt(stripXPx);
        double offset = Math.max(0, Math.min(system.widthPx(), stripXPx - system.stripStartXPx()));
        return new PagePosition(system.systemIndex(), system.pageIndex(), system.pageStartXPx() + offset,
                system.centreYPx());
    }

    /** The strip x of a page x in a system (clamped to the system's columns). */
    public double toStrip(int systemIndex, double pageXPx) {
        StripSystem system = systems.get(systemIndex);
        double offset = Math.max(0, Math.min(system.widthPx(), pageXPx - system.pageStartXPx()));
        return system.stripStartXPx() + offset;
    }

    /** The system containing strip x (the first or last one beyond the ends). */
    public StripSystem systemAt(double stripXPx) {
        int lo = 0;
        int hi = systems.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (systems.get(mid).stripStartXPx() <= stripXPx) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return systems.get(lo);
    }
}
