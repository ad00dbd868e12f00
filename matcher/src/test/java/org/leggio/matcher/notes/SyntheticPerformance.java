package org.leggio.matcher.notes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated score (a melody over a bass line, with chords) played with a known tempo curve and rendered
 * to a log-frequency spectrogram with piano-like decaying harmonics: the true score beat of every frame is
 * known.
 */
public final class SyntheticPerformance {
    public static final int FPS = 20;
    /** 16 bands per octave from 60 Hz, like the front end's upper range. */
    public static final double[] BAND_CENTRES_HZ = centres(60, 6000, 16);

    public record Note(double onsetBeats, double durationBeats, int midiPitch) {}

    public final List<Note> notes = new ArrayList<>();
    final double beats;
    private final double[] timeAtBeat; // seconds at beat k / STEPS
    private static final int STEPS = 100;

    /** {@code beats} quarter notes; tempo {@code 2 + 0.6 sin(2π b / 24)} quarter notes per second. */
    public SyntheticPerformance(int beats, long seed) {
        this(beats, seed, Double.NaN, 0);
    }

    /**
     * As above, with a fermata: the players stop at {@code holdAtBeats} for {@code holdSeconds}, the notes then
     * sounding held (and decaying).
     */
    public SyntheticPerformance(int beats, long seed, double holdAtBeats, double holdSeconds) {
        this(randomNotes(beats, seed), beats, holdAtBeats, holdSeconds);
    }

    /** Given notes, {@code beats} long, with a fermata as above (NaN: none). */
    public SyntheticPerformance(List<Note> notes, int beats, double holdAtBeats, double holdSeconds) {
        this(notes, beats, holdAtBeats, holdSeconds, SyntheticPerformance::tempo);
    }

    /** Given notes, {@code beats} long, played at {@code tempo} (quarter notes per second, by score position). */
    public SyntheticPerformance(List<Note> notes, int beats, java.util.function.DoubleUnaryOperator tempo) {
        this(notes, beats, Double.NaN, 0, tempo);
    }

    private SyntheticPerformance(List<Note> notes, int beats, double holdAtBeats, double holdSeconds,
            java.util.function.DoubleUnaryOperator tempo) {
        this.beats = beats;
        this.notes.addAll(notes);
        timeAtBeat = new double[beats * STEPS + 1];
        for (int i = 1; i < timeAtBeat.length; i++) {
            double b = (i - 0.5) / STEPS;
            timeAtBeat[i] = timeAtBeat[i - 1] + 1.0 / (STEPS * tempo.applyAsDouble(b));
            if (b - 0.5 / STEPS < holdAtBeats && holdAtBeats <= b + 0.5 / STEPS) {
                timeAtBeat[i] += holdSeconds;
            }
        }
    }

    /** A melody over a bass line, with chords, {@code beats} quarter notes long. */
    public static List<Note> randomNotes(int beats, long seed) {
        List<Note> notes = new ArrayList<>();
        Random random = new Random(seed);
        for (int b = 0; b < beats; b += 2) {
            notes.add(new Note(b, 2, 36 + random.nextInt(14)));
        }
        for (double b = 0; b < beats; ) {
            double length = random.nextInt(3) == 0 ? 0.5 : 1;
            int pitch = 60 + random.nextInt(20);
            notes.add(new Note(b, length, pitch));
            if (random.nextInt(4) == 0) {
                notes.add(new Note(b, length, pitch - 3 - random.nextInt(3)));
            }
            b += length;
        }
        return notes;
    }

    public static double tempo(double beats) {
        return 2 + 0.6 * Math.sin(2 * Math.PI * beats / 24);
    }

    public double seconds() {
        return timeAtBeat[timeAtBeat.length - 1];
    }

    double timeOf(double beats) {
        double i = Math.max(0, Math.min(timeAtBeat.length - 1.0, beats * STEPS));
        int lo = (int) Math.floor(i);
        int hi = Math.min(timeAtBeat.length - 1, lo + 1);
        return timeAtBeat[lo] + (i - lo) * (timeAtBeat[hi] - timeAtBeat[lo]);
    }

    public double beatAt(double seconds) {
        int lo = 0;
        int hi = timeAtBeat.length - 1;
        if (seconds <= 0) {
            return 0;
        }
        if (seconds >= timeAtBeat[hi]) {
            return beats;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (timeAtBeat[mid] <= seconds) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + (seconds - timeAtBeat[lo]) / (timeAtBeat[hi] - timeAtBeat[lo])) / STEPS;
    }

    public ScoreNotes scoreNotes() {
        ScoreNotes.Builder builder = ScoreNotes.builder();
        notes.forEach(n -> builder.add(n.onsetBeats(), n.durationBeats(), n.midiPitch(), true));
        return builder.build();
    }

    /** The notes as a score index holds them. */
    public org.leggio.proto.v1.PlayedNotes playedNotes() {
        org.leggio.proto.v1.PlayedNotes.Builder b = org.leggio.proto.v1.PlayedNotes.newBuilder();
        ScoreNotes sorted = scoreNotes();
        for (int i = 0; i < sorted.size(); i++) {
            b.addOnsetBeats(sorted.onsetBeats(i)).addDurationBeats((float) sorted.durationBeats(i))
                    .addMidiPitch(sorted.midiPitch(i)).addStruck(sorted.struck(i));
        }
        return b.build();
    }

    /** Frame {@code f} describes the sound at {@code f / 20} s. */
    public float[] frame(int f) {
        double t = (double) f / FPS;
        double[] energy = new double[BAND_CENTRES_HZ.length];
        for (Note n : notes) {
            double on = timeOf(n.onsetBeats());
            double off = timeOf(n.onsetBeats() + n.durationBeats());
            if (t < on || t > off + 0.3) {
                continue;
            }
            double amplitude = Math.exp(-(t - on) / 0.7) * (t <= off ? 1 : Math.exp(-(t - off) / 0.05));
            double f0 = 440 * Math.pow(2, (n.midiPitch() - 69) / 12.0);
            for (int h = 1; h <= 5; h++) {
                addAt(energy, f0 * h, amplitude / h);
            }
        }
        float[] bands = new float[energy.length];
        for (int b = 0; b < bands.length; b++) {
            bands[b] = (float) Math.log10(1 + 20 * energy[b]);
        }
        return bands;
    }

    private static void addAt(double[] energy, double hz, double amount) {
        double position = 16 * Math.log(hz / BAND_CENTRES_HZ[0]) / Math.log(2);
        int lo = (int) Math.floor(position);
        if (lo < 0 || lo + 1 >= energy.length) {
            return;
        }
        double frac = position - lo;
        energy[lo] += (1 - frac) * amount;
        energy[lo + 1] += frac * amount;
    }

    private static double[] centres(double fromHz, double toHz, int perOctave) {
        int count = (int) Math.floor(perOctave * Math.log(toHz / fromHz) / Math.log(2)) + 1;
        double[] c = new double[count];
        for (int i = 0; i < count; i++) {
            c[i] = fromHz * Math.pow(2, (double) i / perOctave);
        }
        return c;
    }
}
