package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoteTemplateTest {
    private static final NoteAlignerConfig CONFIG = NoteAlignerConfig.defaults();

    @Test
    void aColumnHearsEveryNoteThatStillSoundsAndNoneThatDoesNot() {
        // long held notes among runs of short ones and grace notes, tied (unstruck) notes too: the notes a column
        // skips must be exactly those a scan of the last eight beats would find silent
        Random random = new Random(11);
        ScoreNotes.Builder builder = ScoreNotes.builder();
        for (double beats = 0; beats < 120; beats += 0.25 * (1 + random.nextInt(3))) {
            int count = 1 + random.nextInt(3);
            for (int k = 0; k < count; k++) {
                double duration = switch (random.nextInt(6)) {
                    case 0 -> 0.05; // a grace note, heard for a quarter note
                    case 1 -> 4 + 8 * random.nextDouble(); // held, up to past the eight beats looked back
                    default -> 0.25 + random.nextDouble();
                };
                builder.add(beats, duration, 36 + random.nextInt(48), random.nextInt(5) > 0);
            }
        }
        ScoreNotes notes = builder.build();
        NoteTemplate template = new NoteTemplate(notes, CONFIG);
        float[] column = new float[NoteTemplate.FEATURES];
        float[] expected = new float[NoteTemplate.FEATURES];
        for (double beats = -1; beats < template.endBeats() + 1; beats += 0.037) {
            for (double onsetBeats : new double[] {0.05, 0.6}) {
                template.column(beats, 0.4, onsetBeats, column);
                scanOfTheLastEightBeats(notes, beats, 0.4, onsetBeats, template.onsetScale(), expected);
                assertThat(column).as("at beat %.3f", beats).containsExactly(expected);
            }
        }
    }

    /** The column as it was made before notes were skipped: every note of the last eight beats weighed. */
    private static void scanOfTheLastEightBeats(ScoreNotes notes, double beats, double secondsPerBeat,
            double onsetBeats, float onsetScale, float[] out) {
        java.util.Arrays.fill(out, 0f);
        for (int n = notes.firstAtOrAfter(beats - 8); n < notes.size(); n++) {
            double onset = notes.onsetBeats(n);
            if (onset > beats) {
                break;
            }
            double sounding = Math.min(8, Math.max(0.25, notes.durationBeats(n)));
            if (beats < onset + sounding) {
                float amplitude = (float) Math.exp(-(beats - onset) * secondsPerBeat / CONFIG.decaySeconds());
                add(out, 0, notes.midiPitch(n), notes.struck(n) ? amplitude : 0.5f * amplitude);
            }
            if (notes.struck(n) && onset > beats - onsetBeats) {
                add(out, BandChroma.PITCH_CLASSES, notes.midiPitch(n), 1f);
            }
        }
        NoteTemplate.normalise(out, 0, 1e-6);
        double onsets = NoteTemplate.norm(out, BandChroma.PITCH_CLASSES);
        if (onsets > 0) {
            for (int k = BandChroma.PITCH_CLASSES; k < NoteTemplate.FEATURES; k++) {
                out[k] = (float) (out[k] * onsetScale / onsets);
            }
        }
    }

    private static void add(float[] features, int offset, int midiPitch, float amplitude) {
        features[offset + midiPitch % BandChroma.PITCH_CLASSES] += amplitude;
        features[offset + (midiPitch + 7) % BandChroma.PITCH_CLASSES] += 0.2f * amplitude;
    }
}
