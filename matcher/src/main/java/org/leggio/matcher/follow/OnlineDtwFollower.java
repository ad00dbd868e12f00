package org.leggio.matcher.follow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Incremental online DTW between a stream of audio embeddings and a piece's {@link ScoreTrack}
 * (Dixon 2005, with Arzt's bounded forward steps). Every audio embedding adds one column of
 * accumulated cosine distance over a window around the current best position:
 * {@code D(t, j) = d(t, j) + forgetting · min_k (D(t−1, j−k) + |k − e| · stepPenalty)}, {@code k = 0..maxStep},
 * where {@code e} is the step the recent tempo predicts (positions per embedding); until 2 s of matches give
 * a tempo, a step costs a tenth of {@code stepPenalty} per position instead.
 * Because each step of audio is one column, all paths compared at time t have the same length and
 * need no normalisation. The window follows the best position, so memory and time per step are
 * O(window), never O(piece × time).
 *
 * <p>Why the tempo in the step cost: with a cost per position advanced, standing still was free and racing
 * ahead cheap, so a path lagged through unclear music and then leapt forward — up to the whole forward
 * window in one report, onto look-alike music (a variation of the same theme, a returning phrase). Paying
 * for the difference from the players' tempo instead keeps the path moving through unclear music and
 * makes leaps expensive; on the 22 validation renderings it took the share of notes within 300 ms from
 * 59 % to 63 %, the median error from 221 to 191 ms and wrong page turns from 18 to 8 (docs/evaluation.md).
 *
 * <p>Not thread-safe: one instance per session, driven by one thread. Its whole state is
 * {@link #saveState()}/{@link #restoreState(byte[])}-able (the streaming matcher keeps it in a state store).
 */
public final class OnlineDtwFollower {
    private static final int STATE_VERSION = 1;
    /** Matches (2 s) needed before the tempo comes from the current path rather than the one before a re-sync. */
    private static final int MIN_TEMPO_STEPS = 20;
    /** With no tempo known, the cost per position advanced as a share of {@code stepPenalty}. */
    private static final double UNKNOWN_TEMPO_STEP_COST = 0.1;

    private final ScoreTrack track;
    private final FollowerConfig config;
    private final int windowSize;
    private final double smoothing;
    private double[] cost;
    private double[] next;
    private final float[] similarities;
    /** The cost of a step of k positions, {@code k = 0..maxStep}, set once per embedding. */
    private final double[] stepCosts;
    private int windowStart;
    private boolean started;
    private long steps;
    private long remembered;
    private double heldPosition;
    private double lastMatched;
    private double firstMatched = Double.NaN;
    private double tempoPrior;
    private final double[] recentTimes;
    private final double[] recentPositions;
    private double similarityAverage;
    private double contrastAverage;
    private double lowConfidenceSeconds;
    private FollowState state = FollowState.FOLLOWING;

    public OnlineDtwFollower(ScoreTrack track, FollowerConfig config) {
        this.track = track;
        this.config = config;
        this.windowSize = config.windowPositions();
        this.smoothing = Math.min(1.0, 1.0 / config.embeddingsPerSecond());
        this.cost = new double[windowSize];
        this.next = new double[windowSize];
        this.similarities = new float[windowSize];
        this.stepCosts = new double[config.maxStep() + 1];
        this.recentTimes = new double[config.tempoSteps()];
        this.recentPositions = new double[config.tempoSteps()];
        reset();
    }

    public ScoreTrack track() {
        return track;
    }

    public FollowerConfig config() {
        return config;
    }

    /** Back to the start of the piece: the next embedding may match anywhere in the start window. */
    public void reset() {
        seed(0, config.startPositions());
    }

    /** Adopts a known position ("we are here"): the path restarts around {@code trackPosition}. */
    public void resync(double trackPosition) {
        int centre = (int) Math.round(Math.max(0, Math.min(track.length() - 1, trackPosition)));
        seed(Math.max(0, centre - 2), 5);
    }

    /**
     * As {@link #resync(double)}, with the players' tempo known from elsewhere (the score's notes): quarter notes
     * per second when the track knows beats, else positions per second. It stands until 2 s of matches give one,
     * so that the first positions are moved on by the look-back at once. A tempo that is not positive and finite
     * is ignored.
     */
    public void resync(double trackPosition, double tempo) {
        resync(trackPosition);
        if (tempo > 0 && !Double.isInfinite(tempo)) {
            tempoPrior = tempo;
        }
    }

    private void seed(int first, int count) {
        if (Math.min(remembered, recentTimes.length) >= MIN_TEMPO_STEPS) {
            tempoPrior = tempo();
        }
        windowStart = Math.max(0, Math.min(first, track.length() - 1) - config.backPositions());
        Arrays.fill(cost, Double.POSITIVE_INFINITY);
        for (int p = first; p < first + count && p < track.length(); p++) {
            int i = p - windowStart;
            if (i >= 0 && i < windowSize) {
                cost[i] = 0;
            }
        }
        started = false;
        steps = 0;
        remembered = 0;
        heldPosition = -1;
        firstMatched = Double.NaN;
        similarityAverage = 0;
        contrastAverage = 0;
        lowConfidenceSeconds = 0;
        state = FollowState.FOLLOWING;
    }

    /**
     * Consumes one audio embedding (unit length, the track's model and dimension).
     *
     * @param embedding the audio embedding; not retained
     * @param frameIndex the last audio frame the embedding covers (20 frames per second)
     */
    public FollowerPosition step(float[] embedding, long frameIndex) {
        if (embedding.length != track.dimension()) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " values, the track "
                    + track.pieceId() + " expects " + track.dimension());
        }
        int best = advance(embedding, expectedStep());
        double refined = windowStart + best + parabolicOffset(best);
        lastMatched = refined;
        updateConfidence(best);
        float confidence = (float) confidence();
        updateState(confidence);
        if (Double.isNaN(firstMatched)) {
            firstMatched = refined;
        }
        // before the music gets going (silence, the first half-empty windows) the path stands still, and
        // unsure matches (silence, noise) say nothing about the tempo: both would drag the fit down
        boolean moving = remembered > 0 || Math.abs(refined - firstMatched) >= 3;
        if (moving && confidence >= config.lostConfidence()) {
            remember(frameIndex / 20.0, scoreCoordinate(refined));
        }
        shiftWindow(best);
        double tempo = tempo();
        if (confidence >= config.lostConfidence() || heldPosition < 0) {
            heldPosition = Math.min(track.length() - 1, now(refined, tempo));
        }
        // while unsure the reported position holds: noise or applause must not move a page-turner (the
        // path itself keeps going, so that it is in place when the music comes back)
        return new FollowerPosition(frameIndex, state, heldPosition, refined, positionsPerSecond(heldPosition, tempo),
                confidence, similarities[best], similarityAverage, contrastAverage, tempoKnown());
    }

    /**
     * Positions the players are expected to advance per embedding, at the tempo of the recent matches once
     * there are {@value #MIN_TEMPO_STEPS} of them (2 s) or the tempo kept across a re-sync; NaN before that.
     * (The score's notated tempo as a prior was tried: players often stray far from it, and a path held to
     * it lags from the start.)
     */
    private double expectedStep() {
        if (!tempoKnown()) {
            return Double.NaN;
        }
        double perSecond = positionsPerSecond(lastMatched, tempo());
        return Double.isFinite(perSecond) && perSecond >= 0
                ? Math.min(config.maxStep(), perSecond / config.embeddingsPerSecond()) : Double.NaN;
    }

    /**
     * The cost of advancing {@code k} positions in one step: {@code stepPenalty · |k − expected|}; with no
     * tempo to expect (NaN), a tenth of {@code stepPenalty} per position, so that the path is free to find
     * the players' pace and still holds still on uninformative input.
     */
    private double stepCost(int k, double expected) {
        return Double.isNaN(expected) ? k * config.stepPenalty() * UNKNOWN_TEMPO_STEP_COST
                : Math.abs(k - expected) * config.stepPenalty();
    }

    /**
     * One DTW column over the window; returns the window index of the best position. A step of k
     * positions costs {@code stepPenalty · |k − expectedStep|}: moving at the recent tempo is free, and
     * both stalling and racing ahead cost.
     */
    private int advance(float[] embedding, double expectedStep) {
        for (int k = 0; k < stepCosts.length; k++) {
            stepCosts[k] = stepCost(k, expectedStep);
        }
        float lambda = started ? config.forgetting() : 1f;
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < windowSize; i++) {
            int position = windowStart + i;
            if (position >= track.length()) {
                next[i] = Double.POSITIVE_INFINITY;
                similarities[i] = Float.NaN;
                continue;
            }
            float similarity = track.similarity(embedding, position);
            similarities[i] = similarity;
            double from = Double.POSITIVE_INFINITY;
            for (int k = 0, j = i; k <= config.maxStep() && j >= 0; k++, j--) {
                from = Math.min(from, cost[j] + stepCosts[k]);
            }
            next[i] = from == Double.POSITIVE_INFINITY ? from : (1 - similarity) + lambda * from;
            if (next[i] < bestCost) {
                bestCost = next[i];
                best = i;
            }
        }
        if (best < 0) {
            // nothing reachable (the track ended under the window): hold the last position
            best = Math.max(0, Math.min(windowSize - 1, track.length() - 1 - windowStart));
            next[best] = 0;
            bestCost = 0;
        }
        for (int i = 0; i < windowSize; i++) {
            next[i] -= bestCost;
        }
        double[] swap = cost;
        cost = next;
        next = swap;
        started = true;
        steps++;
        return best;
    }

    /** Sub-position refinement from the accumulated costs around the minimum. */
    private double parabolicOffset(int best) {
        if (best <= 0 || best >= windowSize - 1) {
            return 0;
        }
        double left = cost[best - 1];
        double right = cost[best + 1];
        double mid = cost[best];
        double curvature = left - 2 * mid + right;
        if (!Double.isFinite(curvature) || curvature <= 1e-12) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / curvature));
    }

    private void remember(double seconds, double position) {
        int slot = (int) (remembered++ % recentTimes.length);
        recentTimes[slot] = seconds;
        recentPositions[slot] = position;
    }

    /**
     * The coordinate the tempo is measured in: score beats when the track knows them (engraving spacing
     * is not proportional to time, so a tempo in beats extrapolates better), else track positions.
     */
    private double scoreCoordinate(double position) {
        return track.hasBars() ? track.scoreBeats(position) : position;
    }

    private double positionOf(double coordinate) {
        return track.hasBars() ? track.positionAtBeats(coordinate) : coordinate;
    }

    /** Where the players are now: the latest match moved on by the look-back at the recent tempo. */
    private double now(double matched, double tempo) {
        return Math.max(matched, positionOf(scoreCoordinate(matched) + tempo * config.lookbackSeconds()));
    }

    /** A tempo in score coordinates per second as track positions per second around {@code position}. */
    private double positionsPerSecond(double position, double tempo) {
        if (!track.hasBars()) {
            return tempo;
        }
        double beats = track.scoreBeats(position);
        double perBeat = track.positionAtBeats(beats + 0.5) - track.positionAtBeats(beats - 0.5);
        return tempo * Math.max(0, perBeat);
    }

    /** Whether the tempo is the players': fitted over {@value #MIN_TEMPO_STEPS} matches, or kept across a re-sync. */
    private boolean tempoKnown() {
        return Math.min(remembered, recentTimes.length) >= MIN_TEMPO_STEPS || tempoPrior > 0;
    }

    /** Least-squares slope of the recent matches over time, in score coordinates per second, ≥ 0. */
    private double tempo() {
        int n = (int) Math.min(remembered, recentTimes.length);
        if (n < MIN_TEMPO_STEPS && tempoPrior > 0) {
            // just after a re-sync the players keep their tempo; a fit of a few points would not
            return tempoPrior;
        }
        return Slopes.nonNegativeLeastSquares(recentTimes, recentPositions, n);
    }

    private void updateConfidence(int best) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < windowSize; i++) {
            if (!Float.isNaN(similarities[i])) {
                sum += similarities[i];
                count++;
            }
        }
        double contrast = similarities[best] - sum / Math.max(1, count);
        double alpha = steps == 1 ? 1 : smoothing;
        similarityAverage += alpha * (similarities[best] - similarityAverage);
        contrastAverage += alpha * (contrast - contrastAverage);
    }

    private double confidence() {
        double z = config.confidenceBias() + config.confidenceSimilarityWeight() * similarityAverage
                + config.confidenceContrastWeight() * contrastAverage;
        return 1 / (1 + Math.exp(-z));
    }

    private void updateState(float confidence) {
        if (confidence >= config.lostConfidence()) {
            lowConfidenceSeconds = 0;
            state = FollowState.FOLLOWING;
        } else {
            lowConfidenceSeconds += 1 / config.embeddingsPerSecond();
            if (lowConfidenceSeconds >= config.lostSeconds()) {
                state = FollowState.LOST;
            }
        }
    }

    /** Re-centres the window behind the best position; positions entering it are unreachable so far. */
    private void shiftWindow(int best) {
        int newStart = Math.max(0, windowStart + best - config.backPositions());
        int shift = newStart - windowStart;
        if (shift == 0) {
            return;
        }
        CostWindow.shift(cost, shift);
        windowStart = newStart;
    }

    /** Mean similarity along the recent path (the input of the confidence), for diagnostics. */
    public double recentSimilarity() {
        return similarityAverage;
    }

    /**
     * Tells the follower that {@code seconds} of silence passed without steps (the players stopped):
     * the tempo fit then sees the music as continuous.
     */
    public void skipSilence(double seconds) {
        for (int i = 0; i < recentTimes.length; i++) {
            recentTimes[i] += seconds;
        }
    }

    /** The track position the latest embedding matched (before look-back compensation). */
    public double lastMatchedPosition() {
        return lastMatched;
    }

    /** The current state without stepping. */
    public FollowState state() {
        return state;
    }

    /** The whole mutable state as bytes (a few KB: O(window)). */
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(windowSize * 8 + recentTimes.length * 16 + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeInt(windowSize);
            out.writeInt(recentTimes.length);
            out.writeInt(windowStart);
            out.writeBoolean(started);
            out.writeLong(steps);
            out.writeLong(remembered);
            out.writeDouble(heldPosition);
            out.writeDouble(lastMatched);
            out.writeDouble(firstMatched);
            out.writeDouble(tempoPrior);
            for (double c : cost) {
                out.writeDouble(c);
            }
            for (int i = 0; i < recentTimes.length; i++) {
                out.writeDouble(recentTimes[i]);
                out.writeDouble(recentPositions[i]);
            }
            out.writeDouble(similarityAverage);
            out.writeDouble(contrastAverage);
            out.writeDouble(lowConfidenceSeconds);
            out.writeInt(state.ordinal());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a state saved by a follower with the same track and window configuration.
     *
     * @throws IllegalArgumentException if the bytes are not such a state
     */
    public void restoreState(byte[] saved) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            int version = in.readInt();
            int size = in.readInt();
            int tempoSteps = in.readInt();
            if (version != STATE_VERSION || size != windowSize || tempoSteps != recentTimes.length) {
                throw new IllegalArgumentException("follower state version " + version + ", window " + size
                        + ", tempo span " + tempoSteps + " does not fit this follower (version " + STATE_VERSION
                        + ", window " + windowSize + ", tempo span " + recentTimes.length + ")");
            }
            windowStart = in.readInt();
            started = in.readBoolean();
            steps = in.readLong();
            remembered = in.readLong();
            heldPosition = in.readDouble();
            lastMatched = in.readDouble();
            firstMatched = in.readDouble();
            tempoPrior = in.readDouble();
            for (int i = 0; i < windowSize; i++) {
                cost[i] = in.readDouble();
            }
            for (int i = 0; i < recentTimes.length; i++) {
                recentTimes[i] = in.readDouble();
                recentPositions[i] = in.readDouble();
            }
            similarityAverage = in.readDouble();
            contrastAverage = in.readDouble();
            lowConfidenceSeconds = in.readDouble();
            state = FollowState.values()[in.readInt()];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt follower state (" + saved.length + " bytes)", e);
        }
    }
}
