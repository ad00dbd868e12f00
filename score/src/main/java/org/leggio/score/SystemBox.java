package org.leggio.score;

/**
 * A staff system's box on its page, px of the page normalised to 835 px width: x from where the
 * staff lines start to where they end, y from the top line of the first staff to the bottom line
 * of the last.
 */
public record SystemBox(double leftXPx, double topYPx, double rightXPx, double bottomYPx) {
    public SystemBox {
        if (!(rightXPx > leftXPx) || !(bottomYPx >= topYPx)) {
            throw new IllegalArgumentException("empty system box: x " + leftXPx + ".." + rightXPx + ", y " + topYPx
                    + ".." + bottomYPx);
        }
    }

    /** The row the strip is centred on, px. */
    public double centreYPx() {
        return (topYPx + bottomYPx) / 2;
    }

    public double widthPx() {
        return rightXPx - leftXPx;
    }

    public double heightPx() {
        return bottomYPx - topYPx;
    }

    /** Intersection over union with another box (0 when disjoint). */
    public double iou(SystemBox other) {
        double w = Math.min(rightXPx, other.rightXPx) - Math.max(leftXPx, other.leftXPx);
        double h = Math.min(bottomYPx, other.bottomYPx) - Math.max(topYPx, other.topYPx);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double inter = w * h;
        return inter / (widthPx() * heightPx() + other.widthPx() * other.heightPx() - inter);
    }
}
