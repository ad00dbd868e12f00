package org.leggio.dataset.follow;

/**
 * A stretch of an {@link EditedPerformance}: frames {@code [fromFrame, toFrame)} of one source
 * spectrogram, or silence. Frames are spectrogram frames, 20 per second. Immutable.
 *
 * @param sourceIndex index into the edited performance's sources, or {@link #SILENCE} (−1) for
 *     {@code toFrame − fromFrame} frames of silence (value 0, i.e. log10(1 + 0))
 * @param fromFrame first frame, inclusive
 * @param toFrame end frame, exclusive ({@code ≥ fromFrame})
 */
public record Segment(int sourceIndex, int fromFrame, int toFrame) {
    /** The source index of silence. */
    public static final int SILENCE = -1;

    /** Checks {@code 0 ≤ fromFrame ≤ toFrame} and {@code sourceIndex ≥ −1}. */
    public Segment {
        if (sourceIndex < SILENCE) {
            throw new IllegalArgumentException("source index must be ≥ -1, got " + sourceIndex);
        }
        if (fromFrame < 0 || toFrame < fromFrame) {
            throw new IllegalArgumentException("need 0 <= fromFrame <= toFrame, got [" + fromFrame + ", " + toFrame + ")");
        }
    }

    /** {@code frames} frames of silence. */
    public static Segment silence(int frames) {
        return new Segment(SILENCE, 0, frames);
    }

    /** Whether this is silence. */
    public boolean isSilence() {
        return sourceIndex == SILENCE;
    }

    /** Length in frames. */
    public int frames() {
        return toFrame - fromFrame;
    }
}
