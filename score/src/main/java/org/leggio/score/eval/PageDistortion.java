package org.leggio.score.eval;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.leggio.model.StripImage;
import org.leggio.score.SystemBox;

/**
 * Ways to render a page differently from the engraver's clean 835-px output, to test the system
 * detector on pages it was not tuned on: another scale, a blurred copy (a soft scan), a noisy copy
 * (a dirty scan), a small rotation. Each maps the ground-truth boxes along with the image.
 */
public enum PageDistortion {
    /** The page as engraved. */
    NONE,
    /** Scaled to 1.3× (a larger print or a higher resolution). */
    SCALE_130,
    /** Scaled to 0.8×. */
    SCALE_80,
    /** Gaussian-like blur (three box-blur passes, radius 1). */
    BLUR,
    /** Additive Gaussian noise (σ = 25 grey levels) and 0.5 % salt-and-pepper. */
    NOISE,
    /** Rotated by 1.0° about the page centre (white fill); boxes are compared after deskewing. */
    ROTATE_1;

    /** A distorted page with its ground truth. */
    public record Distorted(StripImage page, java.util.List<SystemBox> truth) {}

    /** Applies the distortion (deterministic: fixed seeds). */
    public Distorted apply(StripImage page, java.util.List<SystemBox> truth) {
        return switch (this) {
            case NONE, ROTATE_1 -> new Distorted(this == NONE ? page : rotate(page, 1.0), truth);
            case SCALE_130 -> scale(page, truth, 1.3);
            case SCALE_80 -> scale(page, truth, 0.8);
            case BLUR -> new Distorted(blur(blur(blur(page))), truth);
            case NOISE -> new Distorted(noise(page, 25, 0.005, 1234), truth);
        };
    }

    private static Distorted scale(StripImage page, java.util.List<SystemBox> truth, double factor) {
        int width = (int) Math.round(page.widthPx() * factor);
        int height = (int) Math.round(page.heightPx() * factor);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(page.toBufferedImage(), 0, 0, width, height, null);
        g.dispose();
        java.util.List<SystemBox> boxes = truth.stream().map(b -> new SystemBox(b.leftXPx() * factor, b.topYPx() * factor,
                b.rightXPx() * factor, b.bottomYPx() * factor)).toList();
        return new Distorted(StripImage.of(out), boxes);
    }

    private static StripImage rotate(StripImage page, double degrees) {
        BufferedImage out = new BufferedImage(page.widthPx(), page.heightPx(), BufferedImage.TYPE_BYTE_GRAY);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, page.widthPx(), page.heightPx());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), page.widthPx() / 2.0, page.heightPx() / 2.0);
        g.drawImage(page.toBufferedImage(), 0, 0, null);
        g.dispose();
        return StripImage.of(out);
    }

    private static StripImage blur(StripImage page) {
        int w = page.widthPx();
        int h = page.heightPx();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            sum += page.grey(xx, yy);
                            n++;
                        }
                    }
                }
                out[y * w + x] = (byte) (sum / n);
            }
        }
        return new StripImage(w, h, out);
    }

    private static StripImage noise(StripImage page, double sigma, double saltPepper, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[page.pixels().length];
        for (int i = 0; i < out.length; i++) {
            double v = (page.pixels()[i] & 0xff) + random.nextGaussian() * sigma;
            double r = random.nextDouble();
            if (r < saltPepper / 2) {
                v = 0;
            } else if (r < saltPepper) {
                v = 255;
            }
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return new StripImage(page.widthPx(), page.heightPx(), out);
    }
}
