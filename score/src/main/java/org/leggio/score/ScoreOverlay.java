package org.leggio.score;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.leggio.model.StripImage;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.StaffSystem;

/**
 * Draws what Leggio made of a score over its pages, so a person can check it: each system's box
 * (red) and its strip band (centre ± 100 rows, light red), the identification grid's snippet
 * centres (blue ticks above the system), bar starts (green) with their labels. Pages are tiled
 * left to right, {@value #PAGES_PER_ROW} per row, into one PNG.
 */
public final class ScoreOverlay {
    static final int PAGES_PER_ROW = 3;

    private ScoreOverlay() {}

    /** Writes the overlay PNG of {@code piece} to {@code out}. */
    public static void write(ScoreIndex piece, ScoreLibrary library, Path out) {
        List<StripImage> pages = piece.getPagesList().stream().map(p -> library.readPage(piece, p.getPageIndex())).toList();
        int cellWidth = pages.stream().mapToInt(StripImage::widthPx).max().orElse(1);
        int cellHeight = pages.stream().mapToInt(StripImage::heightPx).max().orElse(1);
        int columns = Math.min(PAGES_PER_ROW, pages.size());
        int rows = (pages.size() + columns - 1) / columns;
        BufferedImage canvas = new BufferedImage(columns * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.LIGHT_GRAY);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (int p = 0; p < pages.size(); p++) {
                int ox = (p % columns) * cellWidth;
                int oy = (p / columns) * cellHeight;
                g.drawImage(pages.get(p).toBufferedImage(), ox, oy, null);
                drawPage(g, piece, p, ox, oy);
            }
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(canvas, "png", out.toFile());
        } catch (IOException e) {
            throw new ScoreException("cannot write the overlay " + out + ": " + e.getMessage(), e);
        }
    }

    private static void drawPage(Graphics2D g, ScoreIndex piece, int pageIndex, int ox, int oy) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (StaffSystem system : piece.getSystemsList()) {
            if (system.getPageIndex() != pageIndex) {
                continue;
            }
            int left = ox + Math.round(system.getLeftXPx());
            int width = Math.round(system.getRightXPx() - system.getLeftXPx());
            g.setColor(new Color(255, 0, 0, 40));
            g.fillRect(left, oy + Math.round(system.getCentreYPx()) - UnrolledStrip.HALF_HEIGHT_PX, width,
                    UnrolledStrip.HEIGHT_PX);
            g.setColor(Color.RED);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(left, oy + Math.round(system.getTopYPx()), width,
                    Math.round(system.getBottomYPx() - system.getTopYPx()));
            g.drawString("system " + system.getSystemIndex(), left, oy + Math.round(system.getTopYPx()) - 22);
            drawGrid(g, piece.getIdentifyGrid(), system, ox, oy);
        }
        g.setColor(new Color(0, 150, 0));
        for (Bar bar : piece.getBarsList()) {
            StaffSystem system = piece.getSystems(bar.getSystemIndex());
            if (system.getPageIndex() != pageIndex) {
                continue;
            }
            int x = ox + Math.round(bar.getStartPageXPx());
            g.drawLine(x, oy + Math.round(system.getTopYPx()) - 6, x, oy + Math.round(system.getBottomYPx()) + 6);
            g.drawString(bar.getLabel(), x + 2, oy + Math.round(system.getBottomYPx()) + 16);
        }
    }

    private static void drawGrid(Graphics2D g, SnippetGrid grid, StaffSystem system, int ox, int oy) {
        g.setColor(Color.BLUE);
        float start = system.getStripStartXPx();
        float end = start + system.getRightXPx() - system.getLeftXPx();
        int top = oy + Math.round(system.getTopYPx());
        for (float x : grid.getStripXPxList()) {
            if (x >= start && x < end) {
                int pageX = ox + Math.round(system.getLeftXPx() + (x - start));
                g.drawLine(pageX, top - 16, pageX, top - 8);
            }
        }
    }
}
