package org.leggio.score.internal.layout;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.leggio.model.StripImage;

/**
 * Draws synthetic score pages with Java 2D whose staff geometry is known exactly: staff lines,
 * barlines, braces, brackets, system lines, and clutter that a staff detector must see through
 * (clefs, noteheads on and between lines, ledger lines, stems, horizontal and slanted beams,
 * slurs, dynamics, lyrics, a title).
 */
final class SyntheticScorePage {

    /** How a system's staves are joined on the left. */
    record Connectors(boolean systemLine, boolean brace, boolean bracket, boolean barlinesThrough) {
        static final Connectors NONE = new Connectors(false, false, false, false);
        static final Connectors PIANO = new Connectors(true, true, false, true);
        static final Connectors SYSTEM_LINE_ONLY = new Connectors(true, false, false, false);
        static final Connectors BRACKET_ONLY = new Connectors(false, false, true, false);
    }

    /**
     * The true box of one system, in the detector's conventions: x from the first staff-line column
     * to one past the last, y the row-index centres of the first and last staff lines.
     */
    record TrueSystem(double leftXPx, double topYPx, double rightXPx, double bottomYPx, int staves) {
    }

    private final int widthPx;
    private final int heightPx;
    private final BufferedImage image;
    private final Graphics2D g;
    private final Random random;
    private final List<TrueSystem> systems = new ArrayList<>();

    SyntheticScorePage(int widthPx, int heightPx, long seed) {
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
        this.g = image.createGraphics();
        this.random = new Random(seed);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, widthPx, heightPx);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    SyntheticScorePage text(String text, int xPx, int baselineYPx, int sizePx, boolean bold) {
        g.setFont(new Font(Font.SERIF, bold ? Font.BOLD : Font.PLAIN, sizePx));
        g.drawString(text, xPx, baselineYPx);
        return this;
    }

    SyntheticScorePage title(String title) {
        text(title, widthPx / 2 - title.length() * 7, 45, 26, true);
        return text("Composer Name (1770-1827)", widthPx - 260, 75, 14, false);
    }

    /** A paragraph of prose over the given rows. */
    SyntheticScorePage prose(int topYPx, int lines) {
        String[] words = {"the", "music", "stand", "follows", "a", "performance", "and", "turns", "pages", "of",
            "sheet", "notation", "while", "players", "rehearse", "Allegro", "con", "brio", "sonata", "movement"};
        for (int l = 0; l < lines; l++) {
            StringBuilder line = new StringBuilder();
            while (line.length() < 95) {
                line.append(words[random.nextInt(words.length)]).append(' ');
            }
            text(line.toString(), 40, topYPx + l * 18, 14, false);
        }
        return this;
    }

    /**
     * A system of crisp staff lines {@code lineThicknessPx} rows thick starting on integer rows.
     *
     * @param gapsPx for each pair of consecutive staves, the rows between the upper staff's bottom
     *     line and the lower staff's top line
     * @param voiceOnTop the first staff is a separate part (lyrics, own barlines) above the others
     */
    TrueSystem system(int leftXPx, int rightXPx, int topYPx, int staffSpacePx, int staves, int gapsPx,
            Connectors connectors, int lineThicknessPx, boolean voiceOnTop) {
        int[] tops = new int[staves];
        for (int k = 0; k < staves; k++) {
            tops[k] = topYPx + k * (4 * staffSpacePx + gapsPx);
        }
        int bottomYPx = tops[staves - 1] + 4 * staffSpacePx;
        for (int top : tops) {
            for (int l = 0; l < 5; l++) {
                g.fillRect(leftXPx, top + l * staffSpacePx, rightXPx - leftXPx, lineThicknessPx);
            }
        }
        int s = staffSpacePx;
        int lastLineBottom = bottomYPx + lineThicknessPx - 1;
        if (connectors.systemLine()) {
            g.fillRect(leftXPx, topYPx, Math.max(1, lineThicknessPx), lastLineBottom - topYPx + 1);
        }
        int braceFrom = voiceOnTop ? 1 : 0;
        if (connectors.brace() && staves - braceFrom >= 2) {
            drawBrace(leftXPx - s / 2.0, tops[braceFrom], lastLineBottom, s);
        }
        if (connectors.bracket()) {
            g.fillRect(leftXPx - 2 * s, topYPx - s, Math.max(3, s / 2), lastLineBottom - topYPx + 2 * s);
        }
        // Barlines: through all staves (piano), or per staff; the final one closes the staff lines.
        int measures = 3 + random.nextInt(3);
        for (int m = 1; m <= measures; m++) {
            int x = m == measures ? rightXPx - 1 : leftXPx + (rightXPx - leftXPx) * m / measures;
            if (connectors.barlinesThrough()) {
                int from = voiceOnTop ? 1 : 0;
                if (voiceOnTop) {
                    g.fillRect(x, tops[0], 1, 4 * s + lineThicknessPx);
                }
                g.fillRect(x, tops[from], 1, lastLineBottom - tops[from] + 1);
            } else {
                for (int top : tops) {
                    g.fillRect(x, top, 1, 4 * s + lineThicknessPx);
                }
            }
        }
        for (int k = 0; k < staves; k++) {
            clutter(leftXPx, rightXPx, tops[k], s, k == 0 && voiceOnTop, lineThicknessPx);
        }
        TrueSystem truth = new TrueSystem(leftXPx, topYPx + (lineThicknessPx - 1) / 2.0, rightXPx,
                bottomYPx + (lineThicknessPx - 1) / 2.0, staves);
        systems.add(truth);
        return truth;
    }

    /**
     * A one-staff system with anti-aliased sub-pixel lines at fractional positions, like Verovio's
     * (0.5 px lines, staff space 7.2 px at 835 px width).
     */
    TrueSystem thinStaff(double leftXPx, double rightXPx, double topYPx, double staffSpacePx, double strokePx) {
        Graphics2D aa = (Graphics2D) g.create();
        aa.setStroke(new BasicStroke((float) strokePx, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        for (int l = 0; l < 5; l++) {
            double y = topYPx + l * staffSpacePx;
            aa.draw(new Line2D.Double(leftXPx, y, rightXPx, y));
        }
        double bottom = topYPx + 4 * staffSpacePx;
        aa.draw(new Line2D.Double(rightXPx - 0.5, topYPx, rightXPx - 0.5, bottom));
        aa.dispose();
        clutter((int) leftXPx, (int) rightXPx, (int) Math.round(topYPx), (int) Math.round(staffSpacePx), false, 1);
        // Java 2D's continuous y is a row boundary; the row-index centre is half a pixel less.
        TrueSystem truth = new TrueSystem(leftXPx, topYPx - 0.5, rightXPx, bottom - 0.5, 1);
        systems.add(truth);
        return truth;
    }

    /**
     * A system of {@code staves} staves with anti-aliased sub-pixel lines at fractional positions,
     * like Verovio's grand staves, joined by a system line on the left and barlines through all
     * staves ({@code barlinePx} wide).
     *
     * @param gapPx distance from the bottom line of one staff to the top line of the next
     */
    TrueSystem thinSystem(double leftXPx, double rightXPx, double topYPx, double staffSpacePx, int staves,
            double gapPx, double strokePx, double barlinePx) {
        Graphics2D aa = (Graphics2D) g.create();
        aa.setStroke(new BasicStroke((float) strokePx, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        double[] tops = new double[staves];
        for (int k = 0; k < staves; k++) {
            tops[k] = topYPx + k * (4 * staffSpacePx + gapPx);
            for (int l = 0; l < 5; l++) {
                double y = tops[k] + l * staffSpacePx;
                aa.draw(new Line2D.Double(leftXPx, y, rightXPx, y));
            }
        }
        double bottom = tops[staves - 1] + 4 * staffSpacePx;
        aa.setStroke(new BasicStroke((float) barlinePx, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        int measures = 3 + random.nextInt(3);
        for (int m = 0; m <= measures; m++) {
            double x = m == 0 ? leftXPx + barlinePx / 2 : m == measures ? rightXPx - barlinePx / 2
                    : leftXPx + (rightXPx - leftXPx) * m / measures;
            aa.draw(new Line2D.Double(x, topYPx, x, bottom));
        }
        aa.dispose();
        for (double top : tops) {
            clutter((int) leftXPx, (int) rightXPx, (int) Math.round(top), (int) Math.round(staffSpacePx), false, 1);
        }
        // Java 2D's continuous y is a row boundary; the row-index centre is half a pixel less.
        TrueSystem truth = new TrueSystem(leftXPx, topYPx - 0.5, rightXPx, bottom - 0.5, staves);
        systems.add(truth);
        return truth;
    }

    /** A one-line percussion staff, which the detector is allowed to ignore. */
    SyntheticScorePage percussionLine(int leftXPx, int rightXPx, int yPx) {
        g.fillRect(leftXPx, yPx, rightXPx - leftXPx, 1);
        for (int x = leftXPx + 40; x < rightXPx - 20; x += 30) {
            g.fill(new Ellipse2D.Double(x, yPx - 4, 9, 8));
            g.fillRect(x + 8, yPx - 25, 1, 25);
        }
        return this;
    }

    /** Paints paper over rows [yPx, yPx + rows) between x0 and x1 (erases a staff line). */
    SyntheticScorePage erase(int x0, int x1, int yPx, int rows) {
        g.setColor(Color.WHITE);
        g.fillRect(x0, yPx, x1 - x0, rows);
        g.setColor(Color.BLACK);
        return this;
    }

    private void drawBrace(double xRight, double top, double bottom, int s) {
        double mid = (top + bottom) / 2;
        double tip = xRight - 1.8 * s;
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xRight - 0.4 * s, top);
        path.quadTo(tip + 0.9 * s, top + (mid - top) * 0.2, xRight - s, mid - (mid - top) * 0.5);
        path.quadTo(xRight - 1.2 * s, mid - 0.5 * s, tip, mid);
        path.quadTo(xRight - 1.2 * s, mid + 0.5 * s, xRight - s, mid + (bottom - mid) * 0.5);
        path.quadTo(tip + 0.9 * s, bottom - (bottom - mid) * 0.2, xRight - 0.4 * s, bottom);
        Graphics2D brace = (Graphics2D) g.create();
        brace.setStroke(new BasicStroke(Math.max(2f, s / 3f)));
        brace.draw(path);
        brace.dispose();
    }

    /** Clef, key signature, notes with stems, ledger lines, beams, slurs and dynamics or lyrics. */
    private void clutter(int leftXPx, int rightXPx, int top, int s, boolean lyrics, int thickness) {
        int bottom = top + 4 * s;
        // A clef-like shape: a loop on the staff and a stroke reaching past both outer lines.
        Graphics2D clef = (Graphics2D) g.create();
        clef.setStroke(new BasicStroke(Math.max(1.5f, s / 4f)));
        clef.draw(new Ellipse2D.Double(leftXPx + 1.2 * s, top + 1.5 * s, 1.6 * s, 2.2 * s));
        clef.draw(new QuadCurve2D.Double(leftXPx + 2 * s, top - 1.5 * s, leftXPx + 3.5 * s, top + s,
                leftXPx + 2.2 * s, bottom + 1.2 * s));
        clef.dispose();
        // Key signature: small sharps.
        for (int k = 0; k < random.nextInt(4); k++) {
            double x = leftXPx + 4 * s + k * 0.9 * s;
            double y = top + (k % 2 == 0 ? 0 : 1.5 * s);
            g.fillRect((int) x, (int) (y - s), 1, 3 * s);
            g.fillRect((int) (x + 0.5 * s), (int) (y - s), 1, 3 * s);
            g.fill(new java.awt.Polygon(new int[] {(int) (x - 2), (int) (x + 0.7 * s), (int) (x + 0.7 * s), (int) (x - 2)},
                    new int[] {(int) (y + 2), (int) (y), (int) (y + 3), (int) (y + 5)}, 4));
        }
        double x = leftXPx + 7.5 * s;
        List<double[]> group = new ArrayList<>();
        while (x < rightXPx - 2.5 * s) {
            int position = random.nextInt(17) - 4; // half spaces above the bottom line: -4 .. 12
            double y = bottom - position * s / 2.0;
            note(x, y, s, top, bottom, thickness, position < 4);
            group.add(new double[] {x, y, position < 4 ? 1 : 0});
            if (group.size() == 4) {
                beam(group, s);
                group.clear();
            }
            x += s * (2.2 + random.nextDouble() * 1.8);
            if (random.nextInt(6) == 0 && x < rightXPx - 12 * s) {
                Graphics2D slur = (Graphics2D) g.create();
                slur.setStroke(new BasicStroke(1.3f));
                double sy = top - s - random.nextInt(2 * s);
                slur.draw(new QuadCurve2D.Double(x, sy, x + 4 * s, sy - 2 * s, x + 8 * s, sy));
                slur.dispose();
            }
        }
        if (lyrics) {
            for (double lx = leftXPx + 7.5 * s; lx < rightXPx - 6 * s; lx += 6 * s) {
                text(random.nextBoolean() ? "la" : "Herz", (int) lx, bottom + 3 * s, (int) (1.6 * s), false);
            }
        } else if (random.nextBoolean()) {
            text("mf", leftXPx + 9 * s, bottom + 3 * s, (int) (1.8 * s), true);
        }
    }

    private void note(double x, double y, int s, int top, int bottom, int thickness, boolean stemUp) {
        Graphics2D head = (Graphics2D) g.create();
        head.fill(AffineTransform.getRotateInstance(-0.35, x, y)
                .createTransformedShape(new Ellipse2D.Double(x - 0.65 * s, y - 0.45 * s, 1.3 * s, 0.9 * s)));
        head.dispose();
        for (double ly = top - s; ly >= y - 0.1; ly -= s) {
            g.fillRect((int) Math.round(x - 1.0 * s), (int) Math.round(ly), 2 * s, thickness);
        }
        for (double ly = bottom + s; ly <= y + 0.1; ly += s) {
            g.fillRect((int) Math.round(x - 1.0 * s), (int) Math.round(ly), 2 * s, thickness);
        }
        if (stemUp) {
            g.fillRect((int) Math.round(x + 0.55 * s), (int) Math.round(y - 3.5 * s), 1, (int) Math.round(3.5 * s));
        } else {
            g.fillRect((int) Math.round(x - 0.65 * s), (int) Math.round(y), 1, (int) Math.round(3.5 * s));
        }
    }

    /** A beam over four notes: horizontal (sometimes doubled, as for sixteenths) or slanted. */
    private void beam(List<double[]> notes, int s) {
        boolean up = notes.get(0)[2] > 0;
        double x0 = notes.get(0)[0] + (up ? 0.55 * s : -0.65 * s);
        double x1 = notes.get(notes.size() - 1)[0] + (up ? 0.55 * s + 1 : -0.65 * s + 1);
        double y0 = notes.get(0)[1] + (up ? -3.5 * s : 3.5 * s);
        double slope = random.nextInt(3) == 0 ? 0 : (random.nextDouble() - 0.5) * 0.3;
        double y1 = y0 + slope * (x1 - x0);
        double thick = 0.5 * s;
        int beams = slope == 0 && random.nextBoolean() ? 2 : 1;
        for (int b = 0; b < beams; b++) {
            double offset = (up ? 1 : -1) * b * 0.8 * s;
            Path2D.Double path = new Path2D.Double();
            path.moveTo(x0, y0 + offset);
            path.lineTo(x1, y1 + offset);
            path.lineTo(x1, y1 + offset + (up ? thick : -thick));
            path.lineTo(x0, y0 + offset + (up ? thick : -thick));
            path.closePath();
            g.fill(path);
        }
        // Stems reach the beam.
        for (double[] n : notes) {
            double sx = n[0] + (up ? 0.55 * s : -0.65 * s);
            double by = y0 + slope * (sx - x0);
            double from = Math.min(by, n[1]);
            double to = Math.max(by, n[1]);
            g.fillRect((int) Math.round(sx), (int) Math.round(from), 1, (int) Math.round(to - from));
        }
    }

    List<TrueSystem> systems() {
        return List.copyOf(systems);
    }

    BufferedImage image() {
        return image;
    }

    StripImage strip() {
        return StripImage.of(image);
    }

    int widthPx() {
        return widthPx;
    }

    int heightPx() {
        return heightPx;
    }

    // ---- degradations ------------------------------------------------------------------------

    /** The page turned by {@code degrees} about its centre (positive: lines descend to the right). */
    static StripImage rotated(StripImage page, double degrees) {
        BufferedImage source = toImage(page);
        BufferedImage out = new BufferedImage(page.widthPx(), page.heightPx(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), page.widthPx() / 2.0, page.heightPx() / 2.0);
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return StripImage.of(out);
    }

    /** Adds Gaussian grey noise of the given standard deviation (clipped to 0..255). */
    static StripImage noisy(StripImage page, double sigmaGrey, long seed) {
        Random random = new Random(seed);
        byte[] out = page.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            int v = (int) Math.round((out[i] & 0xff) + random.nextGaussian() * sigmaGrey);
            out[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new StripImage(page.widthPx(), page.heightPx(), out);
    }

    /** Separable Gaussian blur (edges clamped). */
    static StripImage blurred(StripImage page, double sigmaPx) {
        int radius = (int) Math.ceil(3 * sigmaPx);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigmaPx * sigmaPx));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int w = page.widthPx();
        int h = page.heightPx();
        double[] tmp = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int xx = Math.max(0, Math.min(w - 1, x + k));
                    acc += kernel[k + radius] * page.grey(xx, y);
                }
                tmp[y * w + x] = acc;
            }
        }
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = Math.max(0, Math.min(h - 1, y + k));
                    acc += kernel[k + radius] * tmp[yy * w + x];
                }
                out[y * w + x] = (byte) (int) Math.round(acc);
            }
        }
        return new StripImage(w, h, out);
    }

    /**
     * {@code passes} passes of a 3x3 mean filter (the mean of the neighbours inside the page,
     * rounded down), the soft-scan rendering of the system-detection evaluation
     * ({@code PageDistortion.BLUR} is three passes).
     */
    static StripImage boxBlurred(StripImage page, int passes) {
        int w = page.widthPx();
        int h = page.heightPx();
        byte[] src = page.pixels();
        for (int pass = 0; pass < passes; pass++) {
            byte[] out = new byte[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sum = 0;
                    int n = 0;
                    for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                        for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                            sum += src[yy * w + xx] & 0xff;
                            n++;
                        }
                    }
                    out[y * w + x] = (byte) (sum / n);
                }
            }
            src = out;
        }
        return new StripImage(w, h, src);
    }

    static BufferedImage toImage(StripImage page) {
        BufferedImage image = new BufferedImage(page.widthPx(), page.heightPx(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, page.widthPx(), page.heightPx(), page.pixels());
        return image;
    }
}
