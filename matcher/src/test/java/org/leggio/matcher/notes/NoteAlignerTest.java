package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteAlignerTest {
    private static final BandChroma CHROMA = new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000);
    private static final NoteAlignerConfig CONFIG = NoteAlignerConfig.defaults().withLatencySeconds(0);

    @Test
    void placesTheNewestAudioWhereAKnownTempoCurvePutsIt() {
        // a light anchor: the default one trades some of this for robustness in repeated figures
        List<List<Double>> errors = follow(CONFIG.withAnchorWeight(1));
        assertThat(percentile(errors.get(1), 0.5)).isGreaterThan(0.45);
        assertThat(percentile(errors.get(0), 0.5)).isLessThan(0.06);
        assertThat(percentile(errors.get(0), 0.9)).isLessThan(0.15);
    }

    @Test
    void theDefaultAnchorStillMovesMostOfTheWayFromAGuessHalfASecondOff() {
        // 10 cost units per second of music pull towards the guess: on real followers, whose error is
        // mostly under 0.3 s, that pull costs little and keeps repeated figures apart (docs/evaluation.md)
        List<List<Double>> errors = follow(CONFIG);
        assertThat(percentile(errors.get(0), 0.5)).isLessThan(0.65 * percentile(errors.get(1), 0.5));
    }

    /** Refined and guess errors, s, of a follower half a second behind with a tempo 15 % too fast. */
    private static List<List<Double>> follow(NoteAlignerConfig config) {
        SyntheticPerformance performance = new SyntheticPerformance(96, 7);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, config);
        List<Double> refinedErrors = new ArrayList<>();
        List<Double> guessErrors = new ArrayList<>();
        int frames = (int) (performance.seconds() * SyntheticPerformance.FPS) - 1;
        for (int f = 0; f < frames; f++) {
            aligner.pushFrame(performance.frame(f));
            double now = (double) f / SyntheticPerformance.FPS;
            if (f < 60 || f % 2 != 0) {
                continue;
            }
            double truth = performance.beatAt(now);
            double tempo = SyntheticPerformance.tempo(truth);
            // a follower half a second behind, with a tempo 15 % too fast, as the embedding follower can be
            double guess = performance.beatAt(now - 0.5);
            double refined = aligner.align(guess, tempo * 1.15);
            refinedErrors.add(Math.abs(refined - truth) / tempo);
            guessErrors.add(Math.abs(guess - truth) / tempo);
        }
        return List.of(refinedErrors, guessErrors);
    }

    @Test
    void neverMovesFurtherFromTheGuessThanItsRadius() {
        SyntheticPerformance performance = new SyntheticPerformance(64, 3);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG);
        for (int f = 0; f < 400; f++) {
            aligner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(399.0 / SyntheticPerformance.FPS);
        double guess = truth + 16; // eight seconds of music ahead
        double refined = aligner.align(guess, 2.0);
        assertThat(Math.abs(refined - guess)).isLessThanOrEqualTo(CONFIG.radiusSeconds() * 2.0 + 0.2);
        assertThat(aligner.lastCostPerFrame()).isFinite();
    }

    @Test
    void findsThePlayersAnywhereInASpanAndNowhereOutsideIt() {
        SyntheticPerformance performance = new SyntheticPerformance(64, 3);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG.withLatencySeconds(0));
        for (int f = 0; f < 400; f++) {
            aligner.pushFrame(performance.frame(f));
        }
        double truth = performance.beatAt(399.0 / SyntheticPerformance.FPS);
        double tempo = SyntheticPerformance.tempo(truth);
        // the players 1 s of music after the span's start, 7 s before its end: no pull to either end
        double found = aligner.alignBetween(truth - tempo, truth + 7 * tempo, tempo);
        assertThat(Math.abs(found - truth) / tempo).as("error, s").isLessThan(0.1);
        // a span that ends before the players: its end at most
        double before = aligner.alignBetween(truth - 8 * tempo, truth - 4 * tempo, tempo);
        assertThat(before).isBetween(truth - 8 * tempo - 0.1, truth - 4 * tempo + 0.1);
        assertThat(aligner.alignBetween(truth, truth, tempo)).as("an empty span").isNaN();
        assertThat(aligner.alignBetween(truth - 60 * tempo, truth, tempo)).as("a minute of music").isNaN();
    }

    @Test
    void findsTheNewestAudioAnywhereInAPieceAtATempoOffTheGuess() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 3);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG);
        NoteTemplate other = new NoteTemplate(new SyntheticPerformance(96, 4).scoreNotes(), CONFIG);
        int checked = 0;
        for (int f = 0; f < 900; f++) {
            aligner.pushFrame(performance.frame(f));
            if (f < 100 || f % 97 != 0) {
                continue;
            }
            double truth = performance.beatAt((f + 1.0) / SyntheticPerformance.FPS);
            double tempo = SyntheticPerformance.tempo(truth);
            for (double guess : new double[] {0.7 * tempo, tempo, 1.4 * tempo}) {
                for (int decimation : new int[] {1, 2}) {
                    double found = aligner.alignAnywhere(aligner.noteTemplate(), guess, 40, decimation);
                    double own = aligner.lastCostPerFrame();
                    assertThat(Math.abs(found - truth)).as("error at frame %d, guess ×%.1f, decimation %d, beats", f,
                            guess / tempo, decimation).isLessThan(0.5);
                    aligner.alignAnywhere(other, guess, 40, decimation);
                    assertThat(aligner.lastCostPerFrame() - own).as("another piece's notes fit worse").isGreaterThan(0.1);
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(8);
        assertThat(aligner.alignAnywhere(aligner.noteTemplate(), 2, 61, 2)).as("more frames than kept").isNaN();
        assertThat(aligner.alignAnywhere(aligner.noteTemplate(), 0, 40, 2)).as("no tempo").isNaN();
    }

    @Test
    void aWholePieceSearchTakenBlockByBlockIsTheTextbookSubsequenceDtw() {
        // 96 beats at these tempi are 600-1500 columns: the search's blocks of 256 and the two columns carried
        // from block to block are crossed many times
        SyntheticPerformance performance = new SyntheticPerformance(96, 5);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG);
        List<float[]> heard = new ArrayList<>();
        for (int f = 0; f < 500; f++) {
            aligner.pushFrame(performance.frame(f));
            heard.add(aligner.newestFrame().clone());
        }
        for (double tempo : new double[] {1.3, 2.0, 3.1}) {
            double found = aligner.alignAnywhere(aligner.noteTemplate(), tempo, 40, 1);
            double[] expected = textbookSearch(heard.subList(heard.size() - 40, heard.size()),
                    aligner.noteTemplate(), tempo, CONFIG.stepPenalty());
            assertThat(found).as("tempo %.1f", tempo).isEqualTo(expected[0]);
            assertThat(aligner.lastCostPerFrame()).isCloseTo(expected[1], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    /**
     * Subsequence DTW of {@code frames} against every column, the whole matrix kept: steps (1,0) and (1,2) cost the
     * penalty, (1,1) nothing, the path free to start anywhere; returns the beats of the cheapest end and the cost per
     * frame.
     */
    private static double[] textbookSearch(List<float[]> frames, NoteTemplate template, double beatsPerSecond,
            float penalty) {
        double beatsPerColumn = beatsPerSecond / SyntheticPerformance.FPS;
        int n = frames.size();
        int m = (int) Math.ceil(template.endBeats() / beatsPerColumn) + 1;
        assertThat(m).as("columns").isGreaterThan(2 * 256);
        float[][] cost = new float[n][m];
        float[] column = new float[NoteTemplate.FEATURES];
        for (int j = 0; j < m; j++) {
            template.column(j * beatsPerColumn, 1 / beatsPerSecond, beatsPerColumn, column);
            for (int i = 0; i < n; i++) {
                float d = NoteTemplate.distance(frames.get(i), column);
                float from = 0;
                if (i > 0) {
                    from = cost[i - 1][j] + penalty;
                    if (j > 0) {
                        from = Math.min(from, cost[i - 1][j - 1]);
                    }
                    if (j > 1) {
                        from = Math.min(from, cost[i - 1][j - 2] + penalty);
                    }
                }
                cost[i][j] = d + from;
            }
        }
        int best = 0;
        for (int j = 1; j < m; j++) {
            if (cost[n - 1][j] < cost[n - 1][best]) {
                best = j;
            }
        }
        return new double[] {best * beatsPerColumn, cost[n - 1][best] / (double) n};
    }

    @Test
    void findsEarlierAudioNearAPlaceWhileItIsKept() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 3);
        int heardFrames = 701;
        NoteAligner aligner = heard(performance, heardFrames);
        for (int backSeconds : new int[] {0, 3, 6, 8}) {
            int back = backSeconds * SyntheticPerformance.FPS;
            double truth = performance.beatAt((heardFrames - back) / (double) SyntheticPerformance.FPS);
            double tempo = SyntheticPerformance.tempo(truth);
            // asked half a second of music off the truth, within a radius of 0.75 s
            double found = aligner.alignNear(aligner.noteTemplate(), truth + 0.5 * tempo, tempo, 0.75, 40, back);
            assertThat(Math.abs(found - truth)).as("error %d s back, beats", backSeconds).isLessThan(0.5);
            double near = aligner.lastCostPerFrame();
            // the same audio asked 4 s of music away from where it fits: a worse fit
            aligner.alignNear(aligner.noteTemplate(), truth + 4 * tempo, tempo, 0.75, 40, back);
            assertThat(aligner.lastCostPerFrame()).as("elsewhere, %d s back", backSeconds).isGreaterThan(near + 0.1);
        }
        int kept = (int) Math.round((NoteAligner.HISTORY_SECONDS + CONFIG.audioSeconds()) * SyntheticPerformance.FPS);
        assertThat(aligner.alignNear(aligner.noteTemplate(), 50, 2, 0.75, 40, kept - 40))
                .as("the oldest kept").isFinite();
        assertThat(aligner.alignNear(aligner.noteTemplate(), 50, 2, 0.75, 40, kept - 39))
                .as("no longer kept").isNaN();
        assertThat(aligner.lastCostPerFrame()).isNaN();
        NoteAligner young = heard(performance, 100);
        assertThat(young.alignNear(young.noteTemplate(), 10, 2, 0.75, 40, 60)).as("heard").isFinite();
        assertThat(young.alignNear(young.noteTemplate(), 10, 2, 0.75, 40, 61)).as("before the first frame").isNaN();
    }

    /** An aligner of the performance's notes that has heard its first {@code frames} frames. */
    private static NoteAligner heard(SyntheticPerformance performance, int frames) {
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG);
        for (int f = 0; f < frames; f++) {
            aligner.pushFrame(performance.frame(f));
        }
        return aligner;
    }

    @Test
    void answersNothingWithoutNotesAudioOrTempo() {
        SyntheticPerformance performance = new SyntheticPerformance(32, 5);
        NoteAligner empty = new NoteAligner(ScoreNotes.builder().build(), CHROMA, CONFIG);
        NoteAligner aligner = new NoteAligner(performance.scoreNotes(), CHROMA, CONFIG);
        for (int f = 0; f < 5; f++) {
            aligner.pushFrame(performance.frame(f));
        }
        assertThat(aligner.align(1, 2)).as("five frames are too few").isNaN();
        for (int f = 5; f < 100; f++) {
            empty.pushFrame(performance.frame(f));
            aligner.pushFrame(performance.frame(f));
        }
        assertThat(empty.align(4, 2)).isNaN();
        assertThat(aligner.align(4, Double.NaN)).isNaN();
        assertThat(aligner.align(4, 0)).isNaN();
        assertThat(aligner.align(Double.NaN, 2)).isNaN();
        assertThat(aligner.align(4, 2)).isFinite();
    }

    @Test
    void refusesAFrameWithTheWrongNumberOfBands() {
        NoteAligner aligner = new NoteAligner(new SyntheticPerformance(8, 1).scoreNotes(), CHROMA, CONFIG);
        assertThatThrownBy(() -> aligner.pushFrame(new float[92]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("92 bands, expected " + SyntheticPerformance.BAND_CENTRES_HZ.length);
    }

    @Test
    void scoreNotesAreSortedByOnsetAndValidated() {
        ScoreNotes notes = ScoreNotes.builder().add(2, 1, 64, true).add(0, 2, 60, true).add(1, 0, 62, false).build();
        assertThat(notes.onsetBeats(0)).isEqualTo(0);
        assertThat(notes.midiPitch(1)).isEqualTo(62);
        assertThat(notes.struck(1)).isFalse();
        assertThat(notes.firstAtOrAfter(1.5)).isEqualTo(2);
        assertThatThrownBy(() -> ScoreNotes.builder().add(-1, 1, 60, true)).hasMessageContaining("onset");
        assertThatThrownBy(() -> ScoreNotes.builder().add(0, Double.NaN, 60, true)).hasMessageContaining("duration");
        assertThatThrownBy(() -> ScoreNotes.builder().add(0, 1, 128, true)).hasMessageContaining("MIDI pitch");
    }

    @Test
    void foldsABandOntoTheNearestPitchClasses() {
        // A4 = 440 Hz goes to A alone; a band a quarter tone above goes half to A and half to A#
        BandChroma chroma = new BandChroma(new double[] {440, 440 * Math.pow(2, 0.5 / 12), 50}, 100, 5000);
        float[] out = new float[12];
        chroma.fold(new float[] {1, 0, 0}, 1, out);
        assertThat(out[9]).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        java.util.Arrays.fill(out, 0);
        chroma.fold(new float[] {0, 1, 5}, 1, out);
        assertThat(out[9]).isEqualTo(0.5f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(out[10]).isEqualTo(0.5f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(out[7] + out[8]).as("the 50-Hz band is below minHz").isZero();
    }

    private static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
