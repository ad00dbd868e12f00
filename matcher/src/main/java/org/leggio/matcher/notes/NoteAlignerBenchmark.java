package org.leggio.matcher.notes;

import java.util.Locale;
import java.util.Random;

/**
 * Times the note-level alignment on generated data (the cost does not depend on what the notes are): a
 * score of random chords, four per second at 2 quarter notes per second, and random spectrogram frames of
 * 92 bands. Reports microseconds per {@link NoteAligner#pushFrame}, per {@link NoteAligner#align} (one
 * per audio embedding, every second frame), per {@link NoteAligner#costNear} (twice per jump check), per
 * {@link NoteAligner#alignBetween} over the longest span (a search across a follower's leap), per {@link
 * NoteFollower} step (one per frame) and per look for a replay over the whole history ({@link ReplayDetector}).
 * Single-threaded; allocates nothing while timed.
 */
public final class NoteAlignerBenchmark {
    /**
     * One measurement.
     *
     * @param pushMicros per spectrogram frame
     * @param alignMicros per alignment
     * @param jumpCheckMicros per jump check (two {@code costNear})
     * @param leapMicros per search across a leap ({@code alignBetween} over the longest span)
     * @param followMicros per note-follower step (one per frame)
     * @param replayMicros per look for a replay (two per second)
     * @param realTimeFactor the share of real time at 20 frames (pushed and followed) and 2 looks for a replay per
     *     second, and 10 alignments per second as a follower that is not placed needs
     */
    public record Result(NoteAlignerConfig config, int steps, double pushMicros, double alignMicros,
            double jumpCheckMicros, double leapMicros, double followMicros, double replayMicros,
            double realTimeFactor) {}

    private NoteAlignerBenchmark() {}

    /** Runs {@code steps} alignments after as many for warm-up. */
    public static Result run(NoteAlignerConfig config, int steps, long seed) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        Random random = new Random(seed);
        NoteAligner aligner = new NoteAligner(generatedNotes(4000, random), chroma(), config);
        NoteFollower follower = new NoteFollower(aligner.noteTemplate(), config.follower(), config.framesPerSecond());
        ReplayDetector replay = new ReplayDetector(config.replay(), config.framesPerSecond());
        float[][] frames = new float[256][92];
        for (float[] frame : frames) {
            for (int b = 0; b < frame.length; b++) {
                frame[b] = random.nextFloat();
            }
        }
        // a full history, so that every look for a replay searches all of it
        for (int f = 0; f < config.replay().historySeconds() * config.framesPerSecond(); f++) {
            aligner.pushFrame(frames[f % frames.length]);
            replay.push(aligner.newestFrame());
            replay.mark(f, f / 10.0);
        }
        follower.seed(8, 2.0);
        follower.setTempoHint(2.0);
        // every tempo a step is weighed against: recent, usual, and the score's (marked 2 and 3 in turn)
        follower.setUsualTempo(2.4);
        follower.setNotatedTempo(beats -> beats % 64 < 32 ? 2.0 : 3.0);
        follower.setScoreTempoScale(1.1);
        measure(aligner, follower, replay, frames, steps, config);
        return measure(aligner, follower, replay, frames, steps, config);
    }

    private static Result measure(NoteAligner aligner, NoteFollower follower, ReplayDetector replay,
            float[][] frames, int steps, NoteAlignerConfig config) {
        double tempo = 2.0;
        long pushNanos = 0;
        long alignNanos = 0;
        long checkNanos = 0;
        long leapNanos = 0;
        long followNanos = 0;
        long replayNanos = 0;
        double half = (NoteAligner.MAX_SPAN_SECONDS / 2 + config.radiusSeconds()) * tempo;
        double sink = 0;
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            aligner.pushFrame(frames[(2 * s) % frames.length]);
            aligner.pushFrame(frames[(2 * s + 1) % frames.length]);
            long t1 = System.nanoTime();
            double beats = 8 + (aligner.framesPushed() / 20.0) * tempo % 7000;
            sink += aligner.align(beats, tempo);
            long t2 = System.nanoTime();
            if (s % 10 == 0) {
                sink += aligner.costNear(beats, tempo, 0.5) + aligner.costNear(beats + 40, tempo, 0.5);
                long t3 = System.nanoTime();
                checkNanos += t3 - t2;
                sink += aligner.alignBetween(beats - half, beats + half, tempo);
                leapNanos += System.nanoTime() - t3;
            }
            pushNanos += t1 - t0;
            alignNanos += t2 - t1;
            long t4 = System.nanoTime();
            follower.step(aligner.newestFrame());
            follower.step(aligner.newestFrame());
            long t5 = System.nanoTime();
            followNanos += t5 - t4;
            replay.push(aligner.newestFrame());
            replay.push(aligner.newestFrame());
            if (s % 5 == 0) {
                sink += replay.find();
                replayNanos += System.nanoTime() - t5;
            }
            if (!follower.seeded()) {
                follower.seed(8, 2.0); // random frames may walk it off the end of the score
            }
        }
        if (Double.isInfinite(sink)) {
            throw new IllegalStateException("unreachable: keeps the results alive");
        }
        double align = alignNanos / 1e3 / steps;
        double push = pushNanos / 1e3 / (2.0 * steps);
        double check = checkNanos / 1e3 / Math.ceil(steps / 10.0);
        double leap = leapNanos / 1e3 / Math.ceil(steps / 10.0);
        double follow = followNanos / 1e3 / (2.0 * steps);
        double look = replayNanos / 1e3 / Math.ceil(steps / 5.0);
        return new Result(config, steps, push, align, check, leap, follow, look,
                (align * 10 + (push + follow) * 20 + look * 2) / 1e6);
    }

    /** Three random notes struck every half beat for {@code beats} quarter notes. */
    private static ScoreNotes generatedNotes(double beats, Random random) {
        ScoreNotes.Builder notes = ScoreNotes.builder();
        for (double b = 0; b < beats; b += 0.5) {
            for (int k = 0; k < 3; k++) {
                notes.add(b, 0.5, 40 + random.nextInt(48), true);
            }
        }
        return notes.build();
    }

    /** The front end's 92 bands, 16 per octave from 50 Hz, folded from 100 Hz to 5 kHz. */
    private static BandChroma chroma() {
        double[] centres = new double[92];
        for (int b = 0; b < centres.length; b++) {
            centres[b] = 50 * Math.pow(2, b / 16.0);
        }
        return new BandChroma(centres, 100, 5000);
    }

    /**
     * Microseconds per search of a whole piece for the players ({@link NoteAligner#alignAnywhere}, as {@link
     * OtherPieceSearch} runs it: the default window and decimation), in a generated piece of {@code minutes} of
     * music at two quarter notes a second with three notes struck every half beat; after as many searches for
     * warm-up.
     */
    public static double otherPieceSearchMicros(double minutes, int searches, long seed) {
        if (!(minutes > 0) || searches <= 0) {
            throw new IllegalArgumentException("minutes and searches must be positive, got " + minutes + ", " + searches);
        }
        Random random = new Random(seed);
        NoteAlignerConfig config = NoteAlignerConfig.defaults();
        OtherPieceConfig other = OtherPieceConfig.defaults();
        NoteAligner aligner = new NoteAligner(generatedNotes(minutes * 60 * 2, random), chroma(), config);
        float[] frame = new float[92];
        for (int f = 0; f < config.audioFrames(); f++) {
            for (int b = 0; b < frame.length; b++) {
                frame[b] = random.nextFloat();
            }
            aligner.pushFrame(frame);
        }
        int window = (int) Math.round(other.windowSeconds() * config.framesPerSecond());
        double sink = 0;
        long start = 0;
        for (int i = 0; i < 2 * searches; i++) {
            if (i == searches) {
                start = System.nanoTime();
            }
            sink += aligner.alignAnywhere(aligner.noteTemplate(), 2 + 0.01 * (i % 7), window, other.decimation());
        }
        double micros = (System.nanoTime() - start) / 1e3 / searches;
        return Double.isNaN(sink) ? Double.NaN : micros;
    }

    /**
     * The result as a Markdown table row: audio s, radius s, push µs, align µs, jump check µs, leap µs, note follower
     * step µs, replay look µs, RTF.
     */
    public static String markdownRow(Result r) {
        return String.format(Locale.ROOT, "| %.1f | %.1f | %.2f | %.0f | %.0f | %.0f | %.1f | %.0f | %.4f |",
                r.config().audioSeconds(), r.config().radiusSeconds(), r.pushMicros(), r.alignMicros(),
                r.jumpCheckMicros(), r.leapMicros(), r.followMicros(), r.replayMicros(), r.realTimeFactor());
    }
}
