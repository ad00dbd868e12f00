package org.leggio.matcher.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoreNotesTest {
    /** Eight quarter notes of a melody starting at {@code atBeats}, transposed by {@code semitones}. */
    private static void melody(ScoreNotes.Builder notes, double atBeats, int semitones) {
        int[] pitches = {60, 62, 64, 65, 67, 65, 64, 62};
        for (int i = 0; i < pitches.length; i++) {
            notes.add(atBeats + i, 1, pitches[i] + semitones, true);
        }
    }

    /** Eight quarter notes of another melody (a bridge) starting at {@code atBeats}. */
    private static void bridge(ScoreNotes.Builder notes, double atBeats) {
        int[] pitches = {72, 70, 68, 66, 68, 70, 72, 74};
        for (int i = 0; i < pitches.length; i++) {
            notes.add(atBeats + i, 1, pitches[i], true);
            notes.add(atBeats + i, 1, 48, true); // the same bass note under every one
        }
    }

    @Test
    void knowsWhichMusicTheScoreHasMoreThanOnce() {
        // A (0–8), bridge (8–16), A again as a written repeat would unfold it (16–24), A a fifth up (24–32)
        ScoreNotes.Builder builder = ScoreNotes.builder();
        melody(builder, 0, 0);
        bridge(builder, 8);
        melody(builder, 16, 0);
        melody(builder, 24, 7);
        ScoreNotes notes = builder.build();

        assertThat(notes.recursElsewhere(2, 6, 0.125)).as("part of A, played again at 16").isTrue();
        assertThat(notes.recursElsewhere(18, 22, 0.125)).as("the same from the second playing").isTrue();
        assertThat(notes.recursElsewhere(9, 13, 0.125)).as("the bridge, once only").isFalse();
        assertThat(notes.recursElsewhere(25, 29, 0.125)).as("A transposed is other music").isFalse();
        assertThat(notes.recursElsewhere(6, 10, 0.125)).as("end of A into the bridge: once only").isFalse();
        assertThat(notes.recursElsewhere(40, 44, 0.125)).as("no notes there: cannot tell").isTrue();
    }

    @Test
    void findsThePlayingOfRecurringMusicNearestAPlace() {
        // A (0–8), bridge (8–16), A (16–24), bridge (24–32), A (32–40), A a fifth up (48–56)
        ScoreNotes.Builder builder = ScoreNotes.builder();
        for (int k = 0; k < 3; k++) {
            melody(builder, 16 * k, 0);
            if (k < 2) {
                bridge(builder, 16 * k + 8);
            }
        }
        melody(builder, 48, 7);
        ScoreNotes notes = builder.build();
        assertThat(notes.nearestRecurrenceShift(2, 6, 21, 0.125)).isEqualTo(16.0);
        assertThat(notes.nearestRecurrenceShift(2, 6, 40, 0.125)).isEqualTo(32.0);
        assertThat(notes.nearestRecurrenceShift(34, 38, 3, 0.125)).isEqualTo(-32.0);
        assertThat(notes.nearestRecurrenceShift(2, 6, 5, 0.125)).as("this playing is nearest").isEqualTo(0.0);
        assertThat(notes.nearestRecurrenceShift(9, 13, 30, 0.125)).as("the bridge's second playing").isEqualTo(16.0);
        assertThat(notes.nearestRecurrenceShift(49, 53, 10, 0.125)).as("music played once").isEqualTo(0.0);
    }

    @Test
    void countsTheNotesStruckInASpanButNotTiesIntoIt() {
        ScoreNotes.Builder builder = ScoreNotes.builder();
        melody(builder, 0, 0); // eight notes at beats 0 … 7
        builder.add(8, 2, 62, true);
        builder.add(10, 1, 62, false); // tied on from beat 8
        ScoreNotes notes = builder.build();
        assertThat(notes.struckBetween(0, 8)).isEqualTo(8);
        assertThat(notes.struckBetween(2, 4)).as("from inclusive, to exclusive").isEqualTo(2);
        assertThat(notes.struckBetween(8, 12)).as("the tie is no new note").isEqualTo(1);
        assertThat(notes.struckBetween(20, 30)).isZero();
    }

    @Test
    void recurrenceAllowsForOnsetsAsNotatedToWithinTheTolerance() {
        ScoreNotes.Builder builder = ScoreNotes.builder();
        melody(builder, 0, 0);
        bridge(builder, 8);
        // the second playing written with its onsets 0.05 beats off either way (a rounding of tuplets)
        int[] pitches = {60, 62, 64, 65, 67, 65, 64, 62};
        for (int i = 0; i < pitches.length; i++) {
            builder.add(16 + i + (i % 2 == 0 ? 0.05 : -0.05), 1, pitches[i], true);
        }
        ScoreNotes notes = builder.build();
        assertThat(notes.recursElsewhere(0, 8, 0.125)).isTrue();
        assertThat(notes.recursElsewhere(0, 8, 0.01)).isFalse();
    }

    @Test
    void refusesABadNote() {
        assertThatThrownBy(() -> ScoreNotes.builder().add(-1, 1, 60, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onset");
        assertThatThrownBy(() -> ScoreNotes.builder().add(0, 1, 128, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIDI pitch");
    }
}
