/**
 * Score pages from PDF, PNG and JPEG files as grey images of a chosen width: {@link
 * org.leggio.score.internal.pages.PageLoader} opens a file or a list of files, recognised by content,
 * and {@link org.leggio.score.internal.pages.PageSource} renders one page at a time (PDFBox for PDFs,
 * ImageIO plus area-averaging resampling for images). Bad input becomes a {@link
 * org.leggio.score.ScoreException} naming the file; pages are limited to {@link
 * org.leggio.score.internal.pages.PageLoader#MAX_PIXELS_PER_PAGE}.
 */
package org.leggio.score.internal.pages;
