package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * Places the newest audio in the score's notes: keeps the features of the last {@link
 * NoteAlignerConfig#audioFrames()} spectrogram frames (and {@link #HISTORY_SECONDS} more, which only {@link
 * #alignNear}'s look back reads), and on {@link #align} aligns them by subsequence
 * DTW (free start, fixed end at the newest frame) against a template built from the notes around a
 * guessed position, sampled at the guessed tempo; the end of the cheapest path, within {@link
 * NoteAlignerConfig#radiusSeconds()} of the guess, is the refined position.
 *
 * <p>Features per frame: the spectrum folded onto pitch classes (unit length) and its positive change
 * folded the same way (onsets, scaled by a running level so that a strong onset has length 1), weighted
 * by {@link NoteAlignerConfig#onsetWeight()}. The template has the same two parts: the sounding notes'
 * pitch classes with a piano-like decay, and the pitch classes of the notes struck within the frame.
 *
 * <p>Memory is fixed at construction, O(audio frames + template frames); {@link #pushFrame} and {@link
 * #align} allocate nothing. Not thread-safe: one per session.
 */
public final class NoteAligner {
    /** The template spans up to this many times the guessed tempo's music over the audio span. */
    private static final double MAX_SLOPE = 2.0;
    private static final int FEATURES = NoteTemplate.FEATURES;
    private static final int MIN_FRAMES = 10;
    /** The longest span {@link #alignBetween} searches, seconds of music at the given tempo. */
    public static final double MAX_SPAN_SECONDS = 10;
    /** Seconds of audio kept before the aligned span, for {@link #alignNear}'s look at earlier music. */
    static final double HISTORY_SECONDS = 8;
    /** Template columns {@link #alignAnywhere} takes at a time. */
    private static final int BLOCK = 256;

    private final NoteTemplate noteTemplate;
    private final BandChroma chroma;
    private final NoteAlignerConfig config;
    private final int audioFrames;
    /** Frames kept: the aligned span and, before it, {@link #HISTORY_SECONDS} more for the search's look back. */
    private final int capacity;
    private final int templateCapacity;
    private final float[][] audio;
    private final float[] previousBands;
    private final float[] scratch = new float[FEATURES];
    private final float[][] template;
    private final double[] templateBeats;
    private final float[] previousRow;
    private final float[] row;
    private final float onsetScale;
    /** {@link #alignAnywhere}'s template columns, feature by feature ({@link #BLOCK} values each). */
    private final float[][] anywhereBlock = new float[FEATURES][BLOCK];
    private final float[] anywhereDistances = new float[BLOCK];
    private final float[] scratchColumn = new float[FEATURES];
    /** The group before's costs at the block's columns, one column back and two columns back. */
    private final float[] anywhereStay = new float[BLOCK];
    private final float[] anywhereOne = new float[BLOCK];
    private final float[] anywhereTwo = new float[BLOCK];
    /** {@link #alignAnywhere}'s path costs per group: the two columns before the block, then the block's. */
    private final float[][] anywhereCosts;
    private final float[][] decimated;
    private int pushed;
    private double onsetLevel;
    private double lastCostPerFrame = Double.NaN;

    public NoteAligner(ScoreNotes notes, BandChroma chroma, NoteAlignerConfig config) {
        this.noteTemplate = new NoteTemplate(notes, config);
        this.chroma = chroma;
        this.config = config;
        this.audioFrames = config.audioFrames();
        this.templateCapacity = (int) Math.ceil((MAX_SLOPE * config.audioSeconds() + 2 * config.radiusSeconds()
                + MAX_SPAN_SECONDS) * config.framesPerSecond()) + 2;
        this.capacity = audioFrames + (int) Math.round(HISTORY_SECONDS * config.framesPerSecond());
        this.audio = new float[capacity][FEATURES];
        this.previousBands = new float[chroma.bandCount()];
        this.template = new float[templateCapacity][FEATURES];
        this.templateBeats = new double[templateCapacity];
        this.previousRow = new float[templateCapacity];
        this.row = new float[templateCapacity];
        this.onsetScale = (float) Math.sqrt(config.onsetWeight());
        this.anywhereCosts = new float[audioFrames][BLOCK + 2];
        this.decimated = new float[audioFrames][FEATURES];
    }

    /**
     * Adds the next spectrogram frame (20 per second, in order).
     *
     * @param bands one value per band, the front end's {@code log10(1 + x)} magnitudes
     * @throws IllegalArgumentException if the frame has the wrong number of bands
     */
    public void pushFrame(float[] bands) {
        if (bands.length != chroma.bandCount()) {
            throw new IllegalArgumentException("spectrogram frame has " + bands.length + " bands, expected "
                    + chroma.bandCount());
        }
        float[] f = audio[pushed % capacity];
        Arrays.fill(f, 0f);
        chroma.fold(bands, 1f, f);
        NoteTemplate.normalise(f, 0, 1e-4);
        Arrays.fill(scratch, 0f);
        if (pushed > 0) {
            chroma.foldIncrease(previousBands, bands, scratch);
        }
        double flux = NoteTemplate.norm(scratch, 0);
        onsetLevel = pushed == 0 ? flux : 0.99 * onsetLevel + 0.01 * flux;
        double scale = onsetScale / Math.max(1e-6, Math.max(flux, 3 * onsetLevel));
        for (int k = 0; k < BandChroma.PITCH_CLASSES; k++) {
            f[BandChroma.PITCH_CLASSES + k] = (float) (scratch[k] * scale);
        }
        System.arraycopy(bands, 0, previousBands, 0, bands.length);
        pushed++;
    }

    /** Bands a spectrogram frame must have. */
    public int bandCount() {
        return chroma.bandCount();
    }

    /** Frames pushed so far. */
    public long framesPushed() {
        return pushed;
    }

    /** The features of the newest frame (owned by this aligner: read it before the next push). */
    float[] newestFrame() {
        return audio[(pushed - 1 + capacity) % capacity];
    }

    /** The score's notes as features. */
    NoteTemplate noteTemplate() {
        return noteTemplate;
    }

    /**
     * The position the newest frame's end corresponds to, quarter notes from the start of the unfolded
     * score; NaN when there are no notes, too little audio, or no usable guess.
     *
     * @param guessBeats where the follower puts the players now, quarter notes
     * @param beatsPerSecond the follower's tempo, quarter notes per second
     */
    public double align(double guessBeats, double beatsPerSecond) {
        int best = bestEnd(guessBeats, beatsPerSecond, config.radiusSeconds(), config.anchorWeight(), audioFrames);
        return best < 0 ? Double.NaN : templateBeats[best] + config.latencySeconds() * beatsPerSecond;
    }

    /**
     * The position the newest frame's end corresponds to, searched anywhere between {@code lowBeats} and
     * {@code highBeats} with no pull towards either (NaN as for {@link #align}, and when the span is empty or
     * longer than {@link #MAX_SPAN_SECONDS} plus twice the radius, in music at {@code beatsPerSecond}). Used
     * rarely (see {@code NoteRefiner}); it costs up to twice an {@link #align}.
     */
    public double alignBetween(double lowBeats, double highBeats, double beatsPerSecond) {
        if (!(highBeats > lowBeats) || !(beatsPerSecond > 0)
                || (highBeats - lowBeats) / beatsPerSecond > MAX_SPAN_SECONDS + 2 * config.radiusSeconds()) {
            return Double.NaN;
        }
        double halfSeconds = (highBeats - lowBeats) / beatsPerSecond / 2;
        int best = bestEnd((lowBeats + highBeats) / 2, beatsPerSecond, halfSeconds, 0, audioFrames);
        return best < 0 ? Double.NaN : templateBeats[best] + config.latencySeconds() * beatsPerSecond;
    }

    /**
     * How well the newest audio fits the notes ending near {@code beats}: the mean cost per frame of the
     * cheapest path ending within {@code radiusSeconds} of music from it (lower is better; NaN as for
     * {@link #align}). Used to check a jump: the notes at its target must explain the audio better than
     * the notes where the players are thought to be.
     */
    public double costNear(double beats, double beatsPerSecond, double radiusSeconds) {
        return costNear(beats, beatsPerSecond, radiusSeconds, audioFrames);
    }

    /** As {@link #costNear(double, double, double)}, over the newest {@code frames} frames only (at most the span). */
    double costNear(double beats, double beatsPerSecond, double radiusSeconds, int frames) {
        alignNear(noteTemplate, beats, beatsPerSecond, radiusSeconds, frames);
        return lastCostPerFrame;
    }

    /** The template column where the cheapest path ends (−1: nothing to align); sets {@link #lastCostPerFrame}. */
    private int bestEnd(double guessBeats, double beatsPerSecond, double radiusSeconds, double anchorWeight,
            int newestFrames) {
        return bestEnd(noteTemplate, guessBeats, beatsPerSecond, radiusSeconds, anchorWeight, newestFrames, 0);
    }

    /**
     * Where near {@code beats} in a piece's notes (this aligner's or another piece's) the newest {@code frames} frames
     * end best at {@code beatsPerSecond}: the quarter notes of the cheapest path's end within {@code radiusSeconds} of
     * music from {@code beats}, with no pull towards it; sets {@link #lastCostPerFrame()}. NaN as for {@link #align}.
     */
    double alignNear(NoteTemplate template, double beats, double beatsPerSecond, double radiusSeconds, int frames) {
        return alignNear(template, beats, beatsPerSecond, radiusSeconds, frames, 0);
    }

    /**
     * As {@link #alignNear(NoteTemplate, double, double, double, int)}, for the {@code frames} frames that ended
     * {@code framesBack} frames before the newest (at most {@link #HISTORY_SECONDS} back): how well a place fitted
     * earlier music. NaN when that audio was not heard or is no longer kept.
     */
    double alignNear(NoteTemplate template, double beats, double beatsPerSecond, double radiusSeconds, int frames,
            int framesBack) {
        if (!(radiusSeconds > 0) || radiusSeconds > config.radiusSeconds()) {
            throw new IllegalArgumentException("radiusSeconds must be in (0, " + config.radiusSeconds() + "], got "
                    + radiusSeconds);
        }
        int best = bestEnd(template, beats, beatsPerSecond, radiusSeconds, 0, frames, framesBack);
        return best < 0 ? Double.NaN : templateBeats[best];
    }

    private int bestEnd(NoteTemplate notesTemplate, double guessBeats, double beatsPerSecond, double radiusSeconds,
            double anchorWeight, int newestFrames, int framesBack) {
        lastCostPerFrame = Double.NaN;
        int frames = Math.min(Math.min(pushed, audioFrames), newestFrames);
        if (framesBack > 0 && !heard(frames, framesBack)) {
            return -1;
        }
        if (notesTemplate.notes().isEmpty() || frames < MIN_FRAMES || !Double.isFinite(guessBeats)
                || !(beatsPerSecond > 0) || Double.isInfinite(beatsPerSecond)) {
            return -1;
        }
        double beatsPerFrame = beatsPerSecond / config.framesPerSecond();
        int radius = (int) Math.round(radiusSeconds * config.framesPerSecond());
        int behind = (int) Math.round(MAX_SLOPE * frames) + radius;
        int columns = Math.min(templateCapacity, behind + radius + 1);
        double firstBeats = guessBeats - behind * beatsPerFrame;
        buildTemplate(notesTemplate, firstBeats, beatsPerFrame, columns);
        runDtw(frames, columns, framesBack);
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        double anchorPerColumn = anchorWeight / config.framesPerSecond();
        for (int j = Math.max(0, behind - radius); j < columns; j++) {
            double cost = row[j] + anchorPerColumn * Math.abs(j - behind);
            if (cost < bestCost) {
                best = j;
                bestCost = cost;
            }
        }
        lastCostPerFrame = row[best] / frames;
        return best;
    }

    /**
     * Where in a whole piece the newest {@code frames} audio frames fit best: subsequence DTW of the frames,
     * averaged in groups of {@code decimation}, against the piece's notes from start to end, sampled at {@code
     * beatsPerSecond} (one column per group), the path advancing 0, 1 or 2 columns per group, so that a tempo
     * from half to twice the guess fits (0 and 2 cost {@link NoteAlignerConfig#stepPenalty()}). Returns the
     * quarter notes the newest frame's end corresponds to and sets {@link #lastCostPerFrame()} to the path's
     * mean cost per group; NaN when there are too few frames or no notes. The template is computed block by
     * block of columns, so it allocates nothing. It costs about 0.2 ms per minute of music (no decimation, 2 s of
     * audio; docs/benchmarks.md) and is meant for searches a few times a second at most (another piece, see {@link
     * OtherPieceSearch}).
     *
     * @param template the notes of the piece searched (this aligner's or another piece's)
     * @param frames how many of the newest frames, at least {@value #MIN_FRAMES} and at most the aligner's span
     * @param decimation frames averaged into one, ≥ 1
     */
    double alignAnywhere(NoteTemplate template, double beatsPerSecond, int frames, int decimation) {
        lastCostPerFrame = Double.NaN;
        if (!heard(frames, 0) || decimation < 1 || !(beatsPerSecond > 0) || Double.isInfinite(beatsPerSecond)
                || template.notes().isEmpty()) {
            return Double.NaN;
        }
        int groups = decimate(frames, decimation);
        double beatsPerColumn = decimation * beatsPerSecond / config.framesPerSecond();
        double secondsPerBeat = 1 / beatsPerSecond;
        int columns = (int) Math.ceil(template.endBeats() / beatsPerColumn) + 1;
        float penalty = config.stepPenalty();
        // every step advances one group, so a group's costs depend only on the group before: the columns are taken
        // in blocks, group by group, each group's loop over a block's columns free of dependencies (the JIT
        // vectorises it); two columns of each group carry over from one block to the next
        for (int i = 0; i < groups; i++) {
            anywhereCosts[i][0] = Float.POSITIVE_INFINITY; // no columns before the first
            anywhereCosts[i][1] = Float.POSITIVE_INFINITY;
        }
        double bestCost = Double.POSITIVE_INFINITY;
        int best = -1;
        for (int first = 0; first < columns; first += BLOCK) {
            int n = Math.min(BLOCK, columns - first);
            for (int c = 0; c < n; c++) {
                template.column((first + c) * beatsPerColumn, secondsPerBeat, beatsPerColumn, scratchColumn);
                for (int f = 0; f < FEATURES; f++) {
                    anywhereBlock[f][c] = scratchColumn[f];
                }
            }
            for (int i = 0; i < groups; i++) {
                blockDistances(decimated[i], n);
                float[] costs = anywhereCosts[i];
                if (i == 0) {
                    System.arraycopy(anywhereDistances, 0, costs, 2, n); // the path may start anywhere
                } else {
                    // the group before's costs copied to arrays read at the index written, so that the JIT
                    // vectorises the loop (costs read at other offsets than written it runs scalar, 3× slower)
                    float[] before = anywhereCosts[i - 1];
                    float[] stay = anywhereStay;
                    float[] one = anywhereOne;
                    float[] two = anywhereTwo;
                    float[] distances = anywhereDistances;
                    System.arraycopy(before, 2, stay, 0, n);
                    System.arraycopy(before, 1, one, 0, n);
                    System.arraycopy(before, 0, two, 0, n);
                    for (int c = 0; c < n; c++) {
                        distances[c] += Math.min(Math.min(stay[c] + penalty, one[c]), two[c] + penalty);
                    }
                    System.arraycopy(distances, 0, costs, 2, n);
                }
            }
            float[] last = anywhereCosts[groups - 1];
            for (int c = 0; c < n; c++) {
                if (last[c + 2] < bestCost) {
                    bestCost = last[c + 2];
                    best = first + c;
                }
            }
            if (n == BLOCK) {
                for (int i = 0; i < groups; i++) {
                    anywhereCosts[i][0] = anywhereCosts[i][BLOCK];
                    anywhereCosts[i][1] = anywhereCosts[i][BLOCK + 1];
                }
            }
        }
        lastCostPerFrame = bestCost / groups;
        // a column is the music up to its beat (its onsets struck in the group's span before it), as a group
        // is the audio up to its newest frame's end
        return best * beatsPerColumn + config.latencySeconds() * beatsPerSecond;
    }

    /**
     * The squared distances of a group's features to the block's first {@code n} columns, into {@link
     * #anywhereDistances}.
     */
    private void blockDistances(float[] group, int n) {
        float[] distances = anywhereDistances;
        Arrays.fill(distances, 0, n, 0f);
        for (int f = 0; f < FEATURES; f++) {
            float value = group[f];
            // one array per feature, read at the index written: the JIT then vectorises the loop (an offset into
            // a shared array it cannot prove apart from the distances, and runs it scalar, 6× slower)
            float[] feature = anywhereBlock[f];
            for (int c = 0; c < n; c++) {
                float d = value - feature[c];
                distances[c] += d * d;
            }
        }
    }

    /**
     * Whether {@code frames} frames ending {@code framesBack} before the newest can be searched: enough, heard and
     * still kept.
     */
    private boolean heard(int frames, int framesBack) {
        return frames >= MIN_FRAMES && frames <= audioFrames && framesBack >= 0
                && frames + framesBack <= Math.min(pushed, capacity);
    }

    /**
     * Averages the newest {@code frames} frames in groups of {@code decimation} (the oldest left over dropped).
     */
    private int decimate(int frames, int decimation) {
        int groups = frames / decimation;
        int oldest = pushed - groups * decimation;
        for (int g = 0; g < groups; g++) {
            float[] out = decimated[g];
            Arrays.fill(out, 0f);
            for (int k = 0; k < decimation; k++) {
                float[] a = audio[(oldest + g * decimation + k) % capacity];
                for (int f = 0; f < FEATURES; f++) {
                    out[f] += a[f] / decimation;
                }
            }
        }
        return groups;
    }

    /** The mean cost per frame of the last alignment's best path (NaN when the last call returned NaN). */
    public double lastCostPerFrame() {
        return lastCostPerFrame;
    }

    private void runDtw(int frames, int columns, int framesBack) {
        float penalty = config.stepPenalty();
        int oldest = pushed - framesBack - frames;
        for (int i = 0; i < frames; i++) {
            float[] a = audio[(oldest + i) % capacity];
            for (int j = 0; j < columns; j++) {
                float d = NoteTemplate.distance(a, template[j]);
                float best;
                if (i == 0) {
                    best = 0; // the path may start anywhere in the template
                } else {
                    best = previousRow[j] + penalty;
                    if (j > 0) {
                        best = Math.min(best, Math.min(previousRow[j - 1], row[j - 1] + penalty));
                    }
                }
                row[j] = d + best;
            }
            if (i < frames - 1) {
                System.arraycopy(row, 0, previousRow, 0, columns);
            }
        }
    }

    private void buildTemplate(NoteTemplate notesTemplate, double firstBeats, double beatsPerFrame, int columns) {
        double secondsPerBeat = 1 / (beatsPerFrame * config.framesPerSecond());
        for (int j = 0; j < columns; j++) {
            double beats = firstBeats + j * beatsPerFrame;
            templateBeats[j] = beats;
            notesTemplate.column(beats, secondsPerBeat, beatsPerFrame, template[j]);
        }
    }
}
