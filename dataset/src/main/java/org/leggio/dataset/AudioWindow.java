package org.leggio.dataset;

/**
 * Where a pair's audio window lies relative to the notehead's onset frame (DESIGN §4).
 * {@link #CENTRED} is the published pairing; {@link #CAUSAL} ends the window at the onset, so an
 * embedding describes the music up to "now".
 */
public enum AudioWindow {
    /** Frames {@code [onset − T/2, onset − T/2 + T)}. */
    CENTRED,
    /** Frames {@code [onset − T + 1, onset + 1)}: the onset frame is the window's last. */
    CAUSAL;

    /** First frame of a window of {@code frames} frames for an onset. */
    public int firstFrame(int onsetFrame, int frames) {
        return this == CENTRED ? onsetFrame - frames / 2 : onsetFrame - frames + 1;
    }

    /**
     * Cuts a window {@code [92][frames]} from a spectrogram {@code [frameCount][92]}; frames outside
     * it are silence (0 = log10(1 + 0)).
     */
    public float[][] cut(float[][] spectrogramFramesByBands, int onsetFrame, int frames) {
        int bands = spectrogramFramesByBands.length == 0 ? 92 : spectrogramFramesByBands[0].length;
        float[][] out = new float[bands][frames];
        int first = firstFrame(onsetFrame, frames);
        for (int t = 0; t < frames; t++) {
            int frame = first + t;
            if (frame >= 0 && frame < spectrogramFramesByBands.length) {
                float[] column = spectrogramFramesByBands[frame];
                for (int b = 0; b < bands; b++) {
                    out[b][t] = column[b];
                }
            }
        }
        return out;
    }
}
