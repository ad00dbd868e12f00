package org.leggio.dataset.asap;

import java.util.Locale;

/**
 * How one performance is rendered: soundfont, General MIDI program and tempo factor.
 *
 * <p><b>Time mapping.</b> A tempo factor {@code f} divides every event time by {@code f} (0.8 =
 * slower, 1.25 = faster), so a note played at {@code t} seconds in the performance MIDI (and in
 * its alignment) sounds at {@code t / f} seconds in the rendered audio: {@link #renderedSeconds}.
 *
 * @param bank the soundfont
 * @param program General MIDI program, 0–127 (see {@link #PIANO_PROGRAMS})
 * @param tempoFactor speed-up, a multiple of 0.01 in [0.25, 4]
 */
public record SynthesisVariant(SoundfontBank bank, int program, double tempoFactor) {
    /** Frames per second of the spectrogram (DESIGN.md §3). */
    public static final int FPS = 20;

    /**
     * Piano-like General MIDI programs: 0 acoustic grand, 1 bright acoustic, 2 electric grand,
     * 3 honky-tonk, 4 electric piano 1 (Rhodes-like), 5 electric piano 2 (FM). Harpsichord (6) and
     * clavinet (7) are left out: plucked, no hammer attack or sustain pedal behaviour.
     */
    public static final int[] PIANO_PROGRAMS = {0, 1, 2, 3, 4, 5};

    /** Checks the ranges; the factor must print exactly with two decimals (it names files). */
    public SynthesisVariant {
        if (program < 0 || program > 127) {
            throw new IllegalArgumentException("program must be 0..127: " + program);
        }
        if (!(tempoFactor >= 0.25 && tempoFactor <= 4.0)
                || Math.abs(tempoFactor * 100 - Math.rint(tempoFactor * 100)) > 1e-9) {
            throw new IllegalArgumentException("tempo factor must be a multiple of 0.01 in [0.25, 4]: " + tempoFactor);
        }
    }

    /** The factor as in file names: two decimals, e.g. {@code 1.00}, {@code 0.80}, {@code 1.25}. */
    public String tempoFactorText() {
        return String.format(Locale.ROOT, "%.2f", tempoFactor);
    }

    /** File-name part: {@code <bank>_p<program>_t<factor>}, e.g. {@code TimGM6mb_p0_t1.00}. */
    public String fileStem() {
        return bank.name() + "_p" + program + "_t" + tempoFactorText();
    }

    /** Where a moment of the performance MIDI lies in the rendered audio: {@code performanceSeconds / tempoFactor}. */
    public double renderedSeconds(double performanceSeconds) {
        return performanceSeconds / tempoFactor;
    }

    /**
     * The spectrogram frame of a note onset, MSMD's convention {@code ceil(renderedSeconds · 20)}
     * (as {@code onset_frame} in {@code shared/reference/lesgraces_noteheads.csv}): the first frame
     * that starts at or after the onset. Frame k starts at k / 20 s and lasts 2048 samples (93 ms),
     * so frame k − 1, which starts less than 50 ms before the onset, already holds most of the
     * attack: on rendered audio the spectral flux peaks at k − 1 (see {@code RealCorpusTest}).
     */
    public int onsetFrameIndex(double performanceSeconds) {
        // The small tolerance keeps exact multiples of 50 ms (e.g. 2.0 / 1.25 · 20 = 32.000000000000004) on their frame.
        return (int) Math.ceil(renderedSeconds(performanceSeconds) * FPS - 1e-6);
    }
}
