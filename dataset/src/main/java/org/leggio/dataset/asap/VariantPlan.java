package org.leggio.dataset.asap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which renderings each performance gets: one per tempo factor, each with a soundfont and piano
 * program chosen deterministically per performance.
 *
 * <p>The (bank, program) combinations are shuffled with a {@link Random} seeded from the seed and
 * the performance key ({@code java.util.Random} and {@code Collections.shuffle} are specified
 * algorithms, so the choice is the same on every JVM); tempo factor i takes combination i, so the
 * renderings of one performance use different timbres while there are enough combinations. Note
 * that installing another soundfont changes the combinations and so the choices (and file names):
 * a resumed build then renders the new choices and leaves the old files unused.
 *
 * @param banks soundfonts to draw from, not empty
 * @param programs General MIDI programs to draw from, not empty
 * @param tempoFactors one rendering per factor, not empty
 * @param seed mixes into the choice
 */
public record VariantPlan(List<SoundfontBank> banks, List<Integer> programs, List<Double> tempoFactors, long seed) {
    /** Seed of {@link #defaults()}. */
    public static final long DEFAULT_SEED = 20240601L;

    /** Copies the lists and checks them (each factor must be valid for {@link SynthesisVariant}). */
    public VariantPlan {
        banks = List.copyOf(banks);
        programs = List.copyOf(programs);
        tempoFactors = List.copyOf(tempoFactors);
        if (banks.isEmpty() || programs.isEmpty() || tempoFactors.isEmpty()) {
            throw new IllegalArgumentException("banks, programs and tempo factors must not be empty");
        }
        if (tempoFactors.stream().distinct().count() != tempoFactors.size()) {
            throw new IllegalArgumentException("tempo factors repeat: " + tempoFactors);
        }
        for (double f : tempoFactors) {
            new SynthesisVariant(banks.get(0), programs.get(0), f); // validates
        }
    }

    /**
     * The default plan: the installed banks ({@link SoundfontBank#installed()}), the {@linkplain
     * SynthesisVariant#PIANO_PROGRAMS piano programs}, tempo 1.0 only. On a 2-core machine this
     * renders the whole corpus in about 15–20 minutes; each further tempo factor f adds about 1/f
     * times as much (see {@link AudioBuilder}).
     */
    public static VariantPlan defaults() {
        return defaults(SoundfontBank.installed());
    }

    /**
     * The default plan with the given banks instead of the installed ones, which are not looked for (a
     * machine with no bank installed can still render with a bank given by path).
     */
    public static VariantPlan defaults(List<SoundfontBank> banks) {
        return new VariantPlan(banks, Arrays.stream(SynthesisVariant.PIANO_PROGRAMS).boxed().toList(), List.of(1.0),
                DEFAULT_SEED);
    }

    /** This plan with other soundfont banks (e.g. one bank the model never heard, for a test set). */
    public VariantPlan withBanks(List<SoundfontBank> otherBanks) {
        return new VariantPlan(otherBanks, programs, tempoFactors, seed);
    }

    /** This plan with other tempo factors. */
    public VariantPlan withTempoFactors(List<Double> factors) {
        return new VariantPlan(banks, programs, factors, seed);
    }

    /** The renderings of {@code performance}, one per tempo factor, in factor order. */
    public List<SynthesisVariant> variantsFor(Performance performance) {
        List<int[]> combos = new ArrayList<>();
        for (int b = 0; b < banks.size(); b++) {
            for (int p = 0; p < programs.size(); p++) {
                combos.add(new int[] {b, p});
            }
        }
        Collections.shuffle(combos, new Random(seed * 31 + performance.key().hashCode()));
        List<SynthesisVariant> out = new ArrayList<>();
        for (int i = 0; i < tempoFactors.size(); i++) {
            int[] combo = combos.get(i % combos.size());
            out.add(new SynthesisVariant(banks.get(combo[0]), programs.get(combo[1]), tempoFactors.get(i)));
        }
        return out;
    }
}
