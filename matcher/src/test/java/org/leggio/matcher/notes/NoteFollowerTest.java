package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

class NoteFollowerTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);
    private static final int SEED_FRAME = 60;

    @Test
    void followsAKnownTempoCurveFromItsSeed() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        // the hint is the mean tempo; the players swing ±30 % around it
        List<Double> errors = errorsSeconds(performance, NoteFollowerConfig.defaults(), 2.0);
        assertThat(percentile(errors, 0.5)).as("median error, s").isLessThan(0.1);
        assertThat(percentile(errors, 0.95)).as("95th percentile, s").isLessThan(0.3);

        // control: a path held to the hint's tempo cannot follow the swings
        List<Double> rigid = errorsSeconds(performance, NoteFollowerConfig.defaults().withStepPenalty(1000), 2.0);
        assertThat(percentile(rigid, 0.5)).as("median error at the hint's tempo, s").isGreaterThan(0.5);
    }

    @Test
    void stepsOnlyWhilePlacedAndStopsAtTheEndOfTheScore() {
        SyntheticPerformance performance = new SyntheticPerformance(24, 5);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        NoteFollower follower = new NoteFollower(aligner.noteTemplate(), NoteFollowerConfig.defaults(),
                SyntheticPerformance.FPS);
        assertThat(follower.seeded()).isFalse();
        for (int f = 0; f < 40; f++) {
            aligner.pushFrame(performance.frame(f));
            follower.step(aligner.newestFrame());
        }
        assertThat(follower.beats()).isNaN();

        follower.seed(performance.beatAt(40 / 20.0), 2.0);
        assertThat(follower.seeded()).isTrue();
        int frames = (int) (performance.seconds() * SyntheticPerformance.FPS);
        for (int f = 40; f < frames; f++) {
            aligner.pushFrame(performance.frame(f));
            follower.step(aligner.newestFrame());
        }
        assertThat(follower.beats()).isCloseTo(24, org.assertj.core.data.Offset.offset(1.0));
        assertThat(follower.beatsPerSecond()).isBetween(1.0, 3.0);
        // 10 s of silence after the last note: the path cannot go past the score's end
        for (int f = frames; f < frames + 200; f++) {
            aligner.pushFrame(performance.frame(f));
            follower.step(aligner.newestFrame());
        }
        assertThat(follower.seeded()).isTrue();
        assertThat(follower.beats()).isBetween(23.0, aligner.noteTemplate().endBeats());
        follower.unseed();
        assertThat(follower.beats()).isNaN();
        assertThat(follower.seeded()).isFalse();
    }

    @Test
    void goesBackToTheUsualTempoAfterARitardando() {
        // 2.5 quarter notes per second, 0.8 from beat 16 (meno mosso, 17.5 s), and from beat 30 2.5 again (tempo I)
        DoubleUnaryOperator tempo = b -> b < 16 || b >= 30 ? 2.5 : 0.8;
        SyntheticPerformance performance = new SyntheticPerformance(SyntheticPerformance.randomNotes(72, 3), 72, tempo);
        double aTempoSeconds = performance.timeOf(30);

        double withUsual = meanErrorBeatsAfter(performance, 2.5, aTempoSeconds);
        double without = meanErrorBeatsAfter(performance, Double.NaN, aTempoSeconds);
        // the hint, a fit over the last 12 s, is still slow: held to it alone the path lags behind (measured 0.99)
        assertThat(without).as("mean error over the 6 s after the tempo I, no usual tempo, beats").isGreaterThan(0.5);
        assertThat(withUsual).as("the same with the usual tempo (measured 0.09)").isLessThan(0.2);
    }

    @Test
    void takesTheTempoTheScoreMarksAtOnce() {
        // the score marks Adagio (1 quarter note a second) for 30 beats, then Presto (3): the players take both
        // as marked, so their tempo over the notated one is 1; the hint, a fit over the last 12 s, still says 1
        // after the change, and the slow section is long enough to be the usual tempo too
        DoubleUnaryOperator notated = b -> b < 30 ? 1.0 : 3.0;
        SyntheticPerformance performance = new SyntheticPerformance(SyntheticPerformance.randomNotes(90, 7), 90,
                notated);
        double prestoSeconds = performance.timeOf(30);

        double withScore = meanErrorBeatsAfter(performance, f -> {
            f.setUsualTempo(1.0);
            f.setNotatedTempo(notated);
            f.setScoreTempoScale(1.0);
        }, prestoSeconds);
        double without = meanErrorBeatsAfter(performance, f -> f.setUsualTempo(1.0), prestoSeconds);
        assertThat(without).as("mean error over the 6 s after the Presto, no score tempo, beats (measured 0.81)")
                .isGreaterThan(0.5);
        assertThat(withScore).as("the same with the score's tempo (measured 0.18)").isLessThan(0.3);
    }

    private static double meanErrorBeatsAfter(SyntheticPerformance performance, double usualBeatsPerSecond,
            double fromSeconds) {
        return meanErrorBeatsAfter(performance, f -> f.setUsualTempo(usualBeatsPerSecond), fromSeconds);
    }

    /**
     * The mean error (quarter notes) over the 6 s from {@code fromSeconds}, the hint at each frame being the mean
     * tempo of the last 12 s, as the embedding follower's fit lags the players.
     */
    private static double meanErrorBeatsAfter(SyntheticPerformance performance, Consumer<NoteFollower> setUp,
            double fromSeconds) {
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        NoteFollower follower = new NoteFollower(aligner.noteTemplate(), NoteFollowerConfig.defaults(),
                SyntheticPerformance.FPS);
        setUp.accept(follower);
        double sum = 0;
        int count = 0;
        int last = (int) ((fromSeconds + 6) * SyntheticPerformance.FPS);
        for (int f = 0; f < last; f++) {
            aligner.pushFrame(performance.frame(f));
            double seconds = f / (double) SyntheticPerformance.FPS;
            double spanSeconds = Math.min(12, seconds);
            follower.setTempoHint(spanSeconds < 1 ? 2.5
                    : (performance.beatAt(seconds) - performance.beatAt(seconds - spanSeconds)) / spanSeconds);
            if (f == SEED_FRAME) {
                follower.seed(performance.beatAt(seconds), 2.5);
            }
            follower.step(aligner.newestFrame());
            if (seconds >= fromSeconds) {
                sum += Math.abs(follower.beats() - performance.beatAt(seconds));
                count++;
            }
        }
        return sum / count;
    }

    /** The follower's error at every frame after its seed, in seconds of music at the players' tempo. */
    private static List<Double> errorsSeconds(SyntheticPerformance performance, NoteFollowerConfig config,
            double hintBeatsPerSecond) {
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, NoteAlignerConfig.defaults());
        NoteFollower follower = new NoteFollower(aligner.noteTemplate(), config, SyntheticPerformance.FPS);
        follower.setTempoHint(hintBeatsPerSecond);
        List<Double> errors = new ArrayList<>();
        int frames = (int) (performance.seconds() * SyntheticPerformance.FPS) - 20;
        for (int f = 0; f < frames; f++) {
            aligner.pushFrame(performance.frame(f));
            if (f == SEED_FRAME) {
                double beats = performance.beatAt(f / 20.0);
                follower.seed(beats, SyntheticPerformance.tempo(beats));
            }
            follower.step(aligner.newestFrame());
            if (f > SEED_FRAME) {
                double truth = performance.beatAt(f / 20.0);
                errors.add(Math.abs(follower.beats() - truth) / SyntheticPerformance.tempo(truth));
            }
        }
        return errors;
    }

    private static double percentile(List<Double> values, double share) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(share * sorted.size())));
    }
}
