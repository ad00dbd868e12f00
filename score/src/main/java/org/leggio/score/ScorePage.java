package org.leggio.score;

import java.util.List;
import java.util.Objects;
import org.leggio.model.StripImage;

/**
 * One normalised page of a score and its staff systems.
 *
 * @param pageIndex 0-based page number
 * @param image the page in grey, 835 px wide (or scaled so the staff space is ≈ 7 px)
 * @param staffSpacePx line-to-line distance of the staves, px; 0 when unknown
 * @param systems the page's systems in reading order (top to bottom)
 */
public record ScorePage(int pageIndex, StripImage image, double staffSpacePx, List<SystemBox> systems) {
    public ScorePage {
        Objects.requireNonNull(image, "image can't be null");
        systems = List.copyOf(systems);
    }
}
