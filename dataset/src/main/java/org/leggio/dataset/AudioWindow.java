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
     * Cuts a window {@code [bands][frames]} from a spectrogram stored band-major,
     * {@code [bands][frameCount]} (as the dataset's audio files are); frames outside it are
     * silence (0 = log10(1 + 0)).
     */
    public float[][] cut(float[][] spectrogramBandsByFrames, int onsetFrame, int frames) {
        int bands = spectrogramBandsByFrames.length;
        float[][] out = new float[bands][frames];
        int first = firstFrame(onsetFrame, frames);
        for (int b = 0; b < bands; b++) {
            float[] band = spectrogramBandsByFrames[b];
            int from = Math.max(0, first);
            int to = Math.min(band.length, first + frames);
            if (from < to) {
                System.arraycopy(band, from, out[b], from - first, to - from);
            }
        }
        return out;
    }
}
