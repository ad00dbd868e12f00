package org.leggio.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.leggio.matcher.session.SessionState;
import org.leggio.matcher.session.TrackedPosition;

/**
 * A PNG for a person to look at: reported score position over time (green while following, orange
 * when lost), the true position when known (grey), and the confidence underneath.
 */
final class TrackPlot {
    private static final int WIDTH = 1400;
    private static final int TOP_HEIGHT = 560;
    private static final int BOTTOM_HEIGHT = 140;
    private static final int MARGIN = 60;

    /** A true position: time (s) and the same quantity as {@code value} of the reports. */
    record TruePoint(double timeSeconds, double value) {}

    private TrackPlot() {}

    /**
     * @param byBeats plot score beats (MusicXML) rather than track positions
     */
    static void write(Path file, String title, List<TrackedPosition> positions, List<TruePoint> truth, boolean byBeats)
            throws IOException {
        double maxTime = positions.isEmpty() ? 1 : positions.get(positions.size() - 1).timeSeconds();
        double maxValue = 1;
        for (TrackedPosition p : positions) {
            maxValue = Math.max(maxValue, value(p, byBeats));
        }
        for (TruePoint t : truth) {
            maxValue = Math.max(maxValue, t.value());
            maxTime = Math.max(maxTime, t.timeSeconds());
        }
        BufferedImage image = new BufferedImage(WIDTH, TOP_HEIGHT + BOTTOM_HEIGHT + 2 * MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(title, MARGIN, 30);
        g.drawString(byBeats ? "score position (quarter notes)" : "track position", 8, MARGIN - 8);
        g.drawString(String.format(Locale.ROOT, "time (s), 0 … %.0f", maxTime), WIDTH - 220, image.getHeight() - 12);
        g.drawString(String.format(Locale.ROOT, "%.0f", maxValue), 8, MARGIN + 12);
        g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, TOP_HEIGHT);
        int confidenceTop = MARGIN + TOP_HEIGHT + 20;
        g.drawRect(MARGIN, confidenceTop, WIDTH - 2 * MARGIN, BOTTOM_HEIGHT - 20);
        g.drawString("confidence", 8, confidenceTop - 4);
        double xScale = (WIDTH - 2 * MARGIN) / maxTime;
        double yScale = TOP_HEIGHT / maxValue;
        g.setColor(new Color(150, 150, 150));
        g.setStroke(new BasicStroke(3f));
        for (TruePoint t : truth) {
            g.fillRect((int) (MARGIN + t.timeSeconds() * xScale), (int) (MARGIN + TOP_HEIGHT - t.value() * yScale), 2, 2);
        }
        for (TrackedPosition p : positions) {
            if (p.place() == null) {
                continue;
            }
            int x = (int) (MARGIN + p.timeSeconds() * xScale);
            int y = (int) (MARGIN + TOP_HEIGHT - value(p, byBeats) * yScale);
            g.setColor(p.state() == SessionState.FOLLOWING ? new Color(0, 140, 60) : new Color(230, 120, 0));
            g.fillRect(x, y, 2, 2);
            g.setColor(new Color(40, 80, 200));
            g.fillRect(x, (int) (confidenceTop + (BOTTOM_HEIGHT - 20) * (1 - p.confidence())), 2, 2);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double value(TrackedPosition p, boolean byBeats) {
        if (p.place() == null) {
            return 0;
        }
        double v = byBeats ? p.place().scoreBeats() : p.trackPosition();
        return Double.isFinite(v) ? v : 0;
    }
}
