package org.leggio.matcher.notes;

import java.util.Arrays;

/**
 * The expected features of the audio at a point of the score, from its notes: the sounding notes' pitch
 * classes with a piano-like decay (unit length), and the pitch classes of the notes struck just before it
 * (scaled to {@code sqrt(onsetWeight)}), the same two parts {@link NoteAligner} computes from a spectrogram
 * frame. Immutable and thread-safe; {@link #column} allocates nothing.
 */
final class NoteTemplate {
    /** Feature values per frame or column: pitch classes, then onset pitch classes. */
    static final int FEATURES = 2 * BandChroma.PITCH_CLASSES;
    /** Struck notes shorter than this (grace notes) still sound for this long, quarter notes. */
    private static final double MIN_SOUNDING_BEATS = 0.25;
    /** Notes longer than this are not looked for further back, quarter notes. */
    private static final double MAX_SOUNDING_BEATS = 8;
    private static final float FIFTH_HARMONIC_WEIGHT = 0.2f;

    private final ScoreNotes notes;
    private final double decaySeconds;
    private final float onsetScale;
    private final double endBeats;
    /**
     * For each note, the latest a note up to it in the score's order stops sounding, quarter notes (the running
     * maximum, so it never falls): notes before the first whose value passes a point are silent there.
     */
    private final double[] soundingUntilBeats;

    NoteTemplate(ScoreNotes notes, NoteAlignerConfig config) {
        this.notes = notes;
        this.decaySeconds = config.decaySeconds();
        this.onsetScale = (float) Math.sqrt(config.onsetWeight());
        double end = 0;
        this.soundingUntilBeats = new double[notes.size()];
        double until = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < notes.size(); n++) {
            end = Math.max(end, notes.onsetBeats(n) + notes.durationBeats(n));
            until = Math.max(until, notes.onsetBeats(n) + sounding(n));
            soundingUntilBeats[n] = until;
        }
        this.endBeats = end;
    }

    /** How long note {@code n} sounds, quarter notes. */
    private double sounding(int n) {
        return Math.min(MAX_SOUNDING_BEATS, Math.max(MIN_SOUNDING_BEATS, notes.durationBeats(n)));
    }

    ScoreNotes notes() {
        return notes;
    }

    /** Where the last note ends, quarter notes. */
    double endBeats() {
        return endBeats;
    }

    /** The scale of the onset part, {@code sqrt(onsetWeight)}. */
    float onsetScale() {
        return onsetScale;
    }

    /**
     * Writes the features expected at {@code beats} into {@code out} ({@link #FEATURES} values).
     *
     * @param secondsPerBeat the tempo the decay of sounding notes is timed at
     * @param onsetBeats notes struck within this much music before {@code beats} count as onsets (a frame's
     *     span)
     */
    void column(double beats, double secondsPerBeat, double onsetBeats, float[] out) {
        Arrays.fill(out, 0f);
        for (int n = firstHeard(beats, onsetBeats); n < notes.size(); n++) {
            double onset = notes.onsetBeats(n);
            if (onset > beats) {
                break;
            }
            if (beats < onset + sounding(n)) {
                float amplitude = (float) Math.exp(-(beats - onset) * secondsPerBeat / decaySeconds);
                addPitch(out, 0, notes.midiPitch(n), notes.struck(n) ? amplitude : 0.5f * amplitude);
            }
            if (notes.struck(n) && onset > beats - onsetBeats) {
                addPitch(out, BandChroma.PITCH_CLASSES, notes.midiPitch(n), 1f);
            }
        }
        normalise(out, 0, 1e-6);
        double onsets = norm(out, BandChroma.PITCH_CLASSES);
        if (onsets > 0) {
            for (int k = BandChroma.PITCH_CLASSES; k < FEATURES; k++) {
                out[k] = (float) (out[k] * onsetScale / onsets);
            }
        }
    }

    /**
     * The first note that may sound at {@code beats} or be struck within {@code onsetBeats} before it: no note
     * before it does either. The notes of the last {@link #MAX_SOUNDING_BEATS} can, but in most music only a few of
     * them still sound; skipping the rest made sampling a whole piece 2.6× faster (docs/benchmarks.md), and the notes
     * are taken in the same order as before, so the columns are the same to the bit.
     */
    private int firstHeard(double beats, double onsetBeats) {
        int lo = notes.firstAtOrAfter(beats - MAX_SOUNDING_BEATS);
        int hi = notes.firstAtOrAfter(beats - onsetBeats); // notes from here on may be struck within onsetBeats
        // the first note from lo whose running latest end passes beats: those before it are silent at beats
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (soundingUntilBeats[mid] <= beats) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Squared distance between an audio frame's features and a column's. */
    static float distance(float[] a, float[] b) {
        float sum = 0;
        for (int k = 0; k < FEATURES; k++) {
            float d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    private static void addPitch(float[] features, int offset, int midiPitch, float amplitude) {
        features[offset + midiPitch % BandChroma.PITCH_CLASSES] += amplitude;
        features[offset + (midiPitch + 7) % BandChroma.PITCH_CLASSES] += FIFTH_HARMONIC_WEIGHT * amplitude;
    }

    /** Scales the pitch classes from {@code offset} to unit length, or zeroes them when their length is below {@code floor}. */
    static void normalise(float[] v, int offset, double floor) {
        double n = norm(v, offset);
        if (n > floor) {
            for (int k = offset; k < offset + BandChroma.PITCH_CLASSES; k++) {
                v[k] = (float) (v[k] / n);
            }
        } else {
            Arrays.fill(v, offset, offset + BandChroma.PITCH_CLASSES, 0f);
        }
    }

    static double norm(float[] v, int offset) {
        double sum = 0;
        for (int k = offset; k < offset + BandChroma.PITCH_CLASSES; k++) {
            sum += v[k] * v[k];
        }
        return Math.sqrt(sum);
    }
}
