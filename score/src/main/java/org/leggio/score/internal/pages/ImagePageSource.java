package org.leggio.score.internal.pages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.leggio.model.StripImage;

/**
 * Pages that are PNG/JPEG files, one page per file. Headers are checked when opened; pixels are
 * decoded per render. The decoded full-resolution grey of the most recently rendered page is kept,
 * because the caller usually renders the same page twice (835 px, then the width that gives a 7 px
 * staff space) and decoding is the expensive step.
 */
final class ImagePageSource implements PageSource {
    private final List<Path> files;
    private final List<PageFormat> formats;
    private final List<ImageDecoder.Header> headers;
    private boolean closed;
    private int cachedPageIndex = -1;
    private StripImage cachedPage;

    private ImagePageSource(List<Path> files, List<PageFormat> formats, List<ImageDecoder.Header> headers) {
        this.files = files;
        this.formats = formats;
        this.headers = headers;
    }

    /** {@code formats[i]} is the detected format of {@code files[i]}, PNG or JPEG. */
    static ImagePageSource open(List<Path> files, List<PageFormat> formats) {
        List<ImageDecoder.Header> headers = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            headers.add(ImageDecoder.header(files.get(i), formats.get(i)));
        }
        return new ImagePageSource(List.copyOf(files), List.copyOf(formats), List.copyOf(headers));
    }

    @Override
    public int pageCount() {
        return files.size();
    }

    @Override
    public Path file(int pageIndex) {
        return files.get(Objects.checkIndex(pageIndex, files.size()));
    }

    @Override
    public PageFormat format(int pageIndex) {
        return formats.get(Objects.checkIndex(pageIndex, formats.size()));
    }

    @Override
    public StripImage render(int pageIndex, int targetWidthPx) {
        Objects.checkIndex(pageIndex, files.size());
        PageLoader.checkTargetWidth(targetWidthPx);
        if (closed) {
            throw new IllegalStateException("page source is closed");
        }
        Path file = files.get(pageIndex);
        ImageDecoder.Header header = headers.get(pageIndex);
        // Checked before decoding too: a caller asking for a huge width must not cost the decode first.
        checkOutputSize(file, pageIndex, header.widthPx(), header.heightPx(), targetWidthPx);
        StripImage original = decoded(pageIndex);
        // From the decoded size, in case the file changed since its header was read.
        long heightPx = checkOutputSize(file, pageIndex, original.widthPx(), original.heightPx(), targetWidthPx);
        return GreyResampler.resize(original, targetWidthPx, (int) heightPx);
    }

    @Override
    public void close() {
        closed = true;
        cachedPage = null;
        cachedPageIndex = -1;
    }

    private StripImage decoded(int pageIndex) {
        if (pageIndex != cachedPageIndex) {
            cachedPage = null; // let the previous page go before decoding the next one
            cachedPageIndex = -1;
            cachedPage = ImageDecoder.decode(files.get(pageIndex), formats.get(pageIndex));
            cachedPageIndex = pageIndex;
        }
        return cachedPage;
    }

    private static long checkOutputSize(Path file, int pageIndex, int widthPx, int heightPx, int targetWidthPx) {
        long targetHeightPx = scaledHeight(widthPx, heightPx, targetWidthPx);
        PageLoader.checkPixelLimit(file, "page " + (pageIndex + 1) + " scaled to " + targetWidthPx + " px wide",
                targetWidthPx, targetHeightPx, "render it at a smaller width");
        return targetHeightPx;
    }

    /** Height that keeps the aspect ratio at {@code targetWidthPx}, rounded, at least 1. */
    static long scaledHeight(double widthPx, double heightPx, int targetWidthPx) {
        return Math.max(Math.round(heightPx * targetWidthPx / widthPx), 1);
    }
}
