package org.leggio.score.internal.pages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.leggio.score.ScoreException;

/**
 * Opens score pages: a PDF, a single PNG/JPEG, or a list of PNG/JPEG files (one page each, in list
 * order), recognised by content rather than file name. Opening reads only what it needs to know
 * the page count and to refuse bad input early (PDF structure and encryption, image headers);
 * pixels come later, one page per {@link PageSource#render(int, int)}.
 *
 * <p>Bad input fails with a {@link ScoreException} naming the file and what was wrong: missing,
 * empty, not PDF/PNG/JPEG, password-protected, corrupt or truncated, no pages, or above
 * {@link #MAX_PIXELS_PER_PAGE}.
 *
 * <p><b>PDF permissions.</b> A PDF encrypted with an empty user password (an "owner password"
 * only, typically forbidding printing, copying or editing) opens like any other: every PDF viewer
 * displays such a file without asking, and Leggio only displays the pages and analyses them for
 * following, which is viewing; it neither prints nor republishes them. The restriction is logged.
 * A PDF that needs a password to open is refused; the user can save an unprotected copy.
 */
public final class PageLoader {
    /** Page width that DESIGN §5 normalises to: ≈ 100 dpi for A4, staff space ≈ 7 px for common engravings. */
    public static final int DEFAULT_WIDTH_PX = 835;

    /**
     * Most pixels a page may have, both as stored in an image file and as rendered: 50 megapixels.
     *
     * <p>Why 50 MP: the largest legitimate page is a 600 dpi scan, 35 MP for A4 or US Letter
     * (4961 × 7016) and 48 MP for 9 × 12 in; photos from 48 MP phone cameras fit too. Decoding 50 MP
     * takes 50 MB as grey or JPEG (decoded straight to grey), 200 MB as an 8-bit RGBA PNG and 400 MB
     * at 16 bits, once per page at a time, which a server can afford. A 20000 × 20000 "page" (400 MP,
     * 1.6 GB as RGBA) is almost surely a mistake or an attack and is refused from its header, before
     * any pixel is decoded. The same limit bounds a rendered PDF page and each image embedded in one.
     */
    public static final long MAX_PIXELS_PER_PAGE = 50_000_000L;

    private PageLoader() {}

    /**
     * Opens a PDF (all its pages) or a single PNG/JPEG (one page). The PDF file stays open until the
     * source is closed.
     *
     * @throws ScoreException for any bad input (see the class comment)
     */
    public static PageSource open(Path file) {
        Objects.requireNonNull(file, "file can't be null");
        PageFormat format = PageFormat.detect(file);
        return switch (format) {
            case PDF -> PdfPageSource.open(file);
            case PNG, JPEG -> ImagePageSource.open(List.of(file), List.of(format));
        };
    }

    /**
     * Opens a list of page files. A list of one behaves as {@link #open(Path)} (so it may be a PDF);
     * a longer list must hold only PNG/JPEG files, one page each, in list order. Every file's header
     * is checked now, so a bad page 31 fails before page 1 is processed.
     *
     * @throws ScoreException if the list is empty, holds a PDF among others, or any file is bad
     */
    public static PageSource open(List<Path> files) {
        Objects.requireNonNull(files, "files can't be null");
        if (files.isEmpty()) {
            throw new ScoreException("no page files given; give a PDF, or PNG/JPEG files one per page");
        }
        if (files.size() == 1) {
            return open(files.get(0));
        }
        List<PageFormat> formats = new ArrayList<>(files.size());
        for (Path file : files) {
            Objects.requireNonNull(file, "files can't contain null");
            PageFormat format = PageFormat.detect(file);
            if (format == PageFormat.PDF) {
                throw new ScoreException("score file " + file + " is a PDF inside a list of page images; "
                        + "give a PDF on its own, or only PNG/JPEG files one per page");
            }
            formats.add(format);
        }
        return ImagePageSource.open(files, formats);
    }

    /**
     * Fails if a {@code widthPx × heightPx} page exceeds {@link #MAX_PIXELS_PER_PAGE}; {@code what}
     * says which size was checked ("image", "page 3 rendered 835 px wide", …) and {@code advice}
     * what the user can do about it.
     */
    static void checkPixelLimit(Path file, String what, long widthPx, long heightPx, String advice) {
        long pixels = widthPx * heightPx;
        if (widthPx > Integer.MAX_VALUE || heightPx > Integer.MAX_VALUE || pixels > MAX_PIXELS_PER_PAGE) {
            throw new ScoreException(String.format(Locale.ROOT,
                    "%s in %s is %d x %d px = %.1f megapixels, above the limit of %d megapixels per page; %s",
                    capitalise(what), file, widthPx, heightPx, pixels / 1e6, MAX_PIXELS_PER_PAGE / 1_000_000, advice));
        }
    }

    static void checkTargetWidth(int targetWidthPx) {
        if (targetWidthPx < 1) {
            throw new IllegalArgumentException("targetWidthPx must be >= 1 but was " + targetWidthPx);
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
