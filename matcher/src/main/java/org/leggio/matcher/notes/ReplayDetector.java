package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * Recognises music the players have just played again (a restart a few bars back, a section taken once more):
 * keeps the features of the last {@link ReplayConfig#historySeconds()} of audio with the position reported at
 * each frame, and aligns the newest {@link ReplayConfig#querySeconds()} against that history by subsequence DTW
 * (free start and end, the history older than the query itself). Where the newest audio is a close copy of
 * earlier audio, the players are where they were when they played it.
 *
 * <p>Audio against audio of the same instrument is far closer than audio against notes, so a replay is
 * recognised within the query's length, seconds before the embeddings agree on it. Whether the players really
 * went back (rather than played a written repeat, or a returning theme, that the unfolded score already has
 * ahead) is for the caller to judge with the notes.
 *
 * <p>Memory is fixed at construction, O(history); {@link #push} and {@link #find} allocate nothing. Not
 * thread-safe: one per session.
 */
final class ReplayDetector {
    private final int historyFrames;
    private final int queryFrames;
    private final float stepPenalty;
    private final float[][] features;
    private final double[] beats;
    private final float[] previousRow;
    private final float[] row;
    private long pushed;
    private double lastCostPerFrame = Double.NaN;
    private double lastRunnerUpCostPerFrame = Double.NaN;

    ReplayDetector(ReplayConfig config, int framesPerSecond) {
        this.historyFrames = (int) Math.round(config.historySeconds() * framesPerSecond);
        this.queryFrames = (int) Math.round(config.querySeconds() * framesPerSecond);
        this.stepPenalty = (float) config.stepPenalty();
        this.features = new float[historyFrames][NoteTemplate.FEATURES];
        this.beats = new double[historyFrames];
        this.previousRow = new float[historyFrames];
        this.row = new float[historyFrames];
    }

    /** Adds the next frame's features (copied), its position unknown until {@link #mark}ed. */
    void push(float[] frameFeatures) {
        int slot = (int) (pushed % historyFrames);
        System.arraycopy(frameFeatures, 0, features[slot], 0, NoteTemplate.FEATURES);
        beats[slot] = Double.NaN;
        pushed++;
    }

    /** Records where the players were at frame {@code frameIndex} (quarter notes), if it is still kept. */
    void mark(long frameIndex, double positionBeats) {
        if (frameIndex < pushed && frameIndex >= pushed - historyFrames && frameIndex >= 0) {
            beats[(int) (frameIndex % historyFrames)] = positionBeats;
        }
    }

    /**
     * The frame of the history whose end the newest audio copies best, with a position marked within two
     * frames of it; −1 when there is too little history. Sets {@link #lastCostPerFrame()}.
     */
    long find() {
        lastCostPerFrame = Double.NaN;
        lastRunnerUpCostPerFrame = Double.NaN;
        long queryStart = pushed - queryFrames;
        long oldest = Math.max(0, pushed - historyFrames);
        // the history ends a query's length before the query starts: a copy of the query's own recent past
        // (a held chord, a figure repeated) is no replay
        long historyEnd = queryStart - queryFrames;
        int columns = (int) (historyEnd - oldest);
        if (queryStart < 0 || columns < queryFrames) {
            return -1;
        }
        for (int i = 0; i < queryFrames; i++) {
            float[] q = features[(int) ((queryStart + i) % historyFrames)];
            for (int j = 0; j < columns; j++) {
                float d = NoteTemplate.distance(q, features[(int) ((oldest + j) % historyFrames)]);
                float best;
                if (i == 0) {
                    best = 0;
                } else {
                    best = previousRow[j] + stepPenalty;
                    if (j > 0) {
                        best = Math.min(best, Math.min(previousRow[j - 1], row[j - 1] + stepPenalty));
                    }
                }
                row[j] = d + best;
            }
            if (i < queryFrames - 1) {
                System.arraycopy(row, 0, previousRow, 0, columns);
            }
        }
        int best = -1;
        for (int j = 0; j < columns; j++) {
            if (Double.isFinite(markedNear(oldest + j)) && (best < 0 || row[j] < row[best])) {
                best = j;
            }
        }
        if (best < 0) {
            return -1;
        }
        // the best copy ending elsewhere (a query's length away): music that recurs (a figure, a sequence)
        // copies several places about as well, a replay one far better than any other
        float runnerUp = Float.POSITIVE_INFINITY;
        for (int j = 0; j < columns; j++) {
            if (Math.abs(j - best) > queryFrames) {
                runnerUp = Math.min(runnerUp, row[j]);
            }
        }
        lastCostPerFrame = row[best] / queryFrames;
        lastRunnerUpCostPerFrame = runnerUp / queryFrames;
        return oldest + best;
    }

    /**
     * The mean cost per frame of the best copy ending more than a query's length from the last {@link
     * #find()}'s (infinite when there is none; NaN when it found nothing).
     */
    double lastRunnerUpCostPerFrame() {
        return lastRunnerUpCostPerFrame;
    }

    /** The mean cost per frame of the last {@link #find()}'s best path (NaN when it found nothing). */
    double lastCostPerFrame() {
        return lastCostPerFrame;
    }

    /** The position marked at {@code frameIndex} or the nearest frame within two of it (NaN: none). */
    double markedNear(long frameIndex) {
        for (int d = 0; d <= 2; d++) {
            for (long f : new long[] {frameIndex - d, frameIndex + d}) {
                if (f >= 0 && f < pushed && f >= pushed - historyFrames) {
                    double b = beats[(int) (f % historyFrames)];
                    if (Double.isFinite(b)) {
                        return b;
                    }
                }
            }
        }
        return Double.NaN;
    }

    /** Frames pushed so far. */
    long framesPushed() {
        return pushed;
    }

    /** Forgets every position marked (the audio stays): after a jump, old positions may be of another place. */
    void clearMarks() {
        Arrays.fill(beats, Double.NaN);
    }
}
