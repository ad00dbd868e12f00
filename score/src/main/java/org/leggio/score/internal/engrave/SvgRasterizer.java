package org.leggio.score.internal.engrave;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.attributes.ViewBox;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.leggio.model.StripImage;

/**
 * Renders a Verovio SVG page to a grey image with JSVG (pure Java, so no native SVG tool is needed).
 *
 * <p>JSVG needs three edits of Verovio's output (DEPENDENCIES.md): the {@code <style>} block goes
 * (JSVG does not apply it), the staff and stem paths get {@code stroke="currentColor"} (Verovio
 * sets the stroke colour in that style), and the bounding-box groups go (they are invisible, and
 * JSVG warns about groups inside text). Verovio pages hold tens of thousands of paths, more than
 * JSVG's default limit. Thread-safe: each call builds its own document and image.
 */
public final class SvgRasterizer {
    private static final Pattern STYLE = Pattern.compile("(?s)<style[^>]*>.*?</style>");
    private static final Pattern BOUNDING_BOX_GROUP =
            Pattern.compile("(?s)<g id=\"bbox-[^\"]*\" class=\"[^\"]*bounding-box\"[^>]*?(/>|>\\s*(<rect[^>]*/>)?\\s*</g>)");
    private static final LoaderContext LOADER = LoaderContext.builder()
            .documentLimits(new DocumentLimits(DocumentLimits.DEFAULT_MAX_NESTING_DEPTH,
                    DocumentLimits.DEFAULT_MAX_USE_NESTING_DEPTH, 10_000_000))
            .build();

    // JSVG logs a warning per unsupported element through java.util.logging; a page has hundreds.
    // Held in a field: java.util.logging keeps loggers only weakly.
    private static final java.util.logging.Logger JSVG_LOG = quietJsvgLogger();

    private SvgRasterizer() {}

    private static java.util.logging.Logger quietJsvgLogger() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("com.github.weisj.jsvg");
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    /**
     * Renders a page.
     *
     * @param svg the page as Verovio wrote it
     * @param widthPx width of the image; the height keeps the page's aspect ratio
     * @return the grey page, white paper = 255
     */
    public static StripImage render(String svg, int widthPx) {
        String cleaned = BOUNDING_BOX_GROUP.matcher(STYLE.matcher(svg).replaceAll("")).replaceAll("")
                .replace("<svg class=\"definition-scale\" color=\"black\"",
                        "<svg class=\"definition-scale\" color=\"black\" stroke=\"currentColor\"");
        SVGDocument document = new SVGLoader().load(
                new ByteArrayInputStream(cleaned.getBytes(StandardCharsets.UTF_8)), null, LOADER);
        if (document == null) {
            throw new IllegalArgumentException("JSVG could not parse the engraved page");
        }
        double scale = widthPx / document.size().width;
        int heightPx = (int) Math.round(document.size().height * scale);
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, widthPx, heightPx);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            document.render((Component) null, g, new ViewBox(0, 0, widthPx, heightPx));
        } finally {
            g.dispose();
        }
        return StripImage.of(image);
    }
}
