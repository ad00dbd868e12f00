package org.leggio.score.internal.pages;

import java.nio.file.Path;
import org.leggio.model.StripImage;
import org.leggio.score.ScoreException;

/**
 * The pages of one score, rendered on demand as grey images of a chosen width: a PDF (one
 * rasterisation per call, so a 100-page PDF is never all in memory) or a list of PNG/JPEG files (one
 * page each). Open one with {@link PageLoader}.
 *
 * <p>Typical use renders each page at {@link PageLoader#DEFAULT_WIDTH_PX}, measures the staff space,
 * and renders the page again at the width that makes the staff space ≈ 7 px (DESIGN §5). PDFs are
 * rasterised afresh at the new width (vector sharpness); image pages are resampled from the decoded
 * original, which is kept for the most recently rendered page so that the second render does not
 * decode the file again.
 *
 * <p>Not thread-safe (PDFBox documents are not); use one source per thread. Close it to release the
 * PDF file handle and the cached page.
 */
public interface PageSource extends AutoCloseable {

    /** Number of pages, known without rendering any. Always ≥ 1. */
    int pageCount();

    /** The file page {@code pageIndex} comes from (the same PDF for all pages of a PDF). */
    Path file(int pageIndex);

    /** The format of the file page {@code pageIndex} comes from. */
    PageFormat format(int pageIndex);

    /**
     * Renders page {@code pageIndex} (0-based) as an 8-bit grey image exactly {@code targetWidthPx}
     * wide, height from the page's aspect ratio (≥ 1; rounded for images, rounded down for PDFs as
     * PDFBox does, so within 1 px), 255 = white paper. Transparent areas become white; PDF page
     * rotation and crop box, and JPEG Exif orientation, are applied.
     *
     * @throws IndexOutOfBoundsException if {@code pageIndex} is outside {@code [0, pageCount())}
     * @throws IllegalArgumentException if {@code targetWidthPx < 1}
     * @throws ScoreException if the page can't be read or decoded, or the source image or the rendered
     *     page would exceed {@link PageLoader#MAX_PIXELS_PER_PAGE}
     */
    StripImage render(int pageIndex, int targetWidthPx);

    /** {@link #render(int, int)} at {@link PageLoader#DEFAULT_WIDTH_PX} (835 px). */
    default StripImage render(int pageIndex) {
        return render(pageIndex, PageLoader.DEFAULT_WIDTH_PX);
    }

    /**
     * Renders every page in order at {@code targetWidthPx} and hands each to {@code consumer} as soon
     * as it is ready; only one page is held at a time (unless the consumer keeps them). Stops at the
     * first failure, whose {@link ScoreException} propagates.
     */
    default void forEachPage(int targetWidthPx, PageConsumer consumer) {
        for (int i = 0; i < pageCount(); i++) {
            consumer.accept(i, render(i, targetWidthPx));
        }
    }

    /** Releases the PDF file and the cached decoded page. Idempotent; renders fail afterwards. */
    @Override
    void close();

    /** Receives one rendered page; {@code pageIndex + 1} of {@link #pageCount()} drives a progress bar. */
    @FunctionalInterface
    interface PageConsumer {
        void accept(int pageIndex, StripImage page);
    }
}
