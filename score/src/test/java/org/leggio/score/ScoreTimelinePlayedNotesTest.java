package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTimelinePlayedNotesTest {
    @TempDir
    Path dir;

    @Test
    void unfoldsTheRepeatAndKeepsNotesWithoutIds() throws IOException {
        Path file = TinyScores.writeScale(dir, "scale.musicxml", 3, 1);
        List<ScoreTimeline.PlayedNote> notes = ScoreTimeline.read(file).playedNotes();
        // bar 1 is played twice, then bars 2 and 3: 16 quarter notes, one per beat
        assertThat(notes).hasSize(16);
        for (int k = 0; k < notes.size(); k++) {
            assertThat(notes.get(k).onsetUnfoldedBeats()).isEqualTo(k);
            assertThat(notes.get(k).durationBeats()).isEqualTo(1);
        }
        assertThat(notes.get(0).midiPitch()).isEqualTo(60);
        assertThat(notes.get(4).midiPitch()).as("bar 1 again").isEqualTo(60);
        assertThat(notes.get(8).midiPitch()).as("bar 2: the scale's fifth note, G4").isEqualTo(67);

        String withoutIds = Files.readString(file).replaceAll(" id=\"n\\d+\"", "");
        List<ScoreTimeline.PlayedNote> same = ScoreTimeline.read(Files.writeString(dir.resolve("noids.musicxml"),
                withoutIds)).playedNotes();
        assertThat(same).isEqualTo(notes);
    }

    @Test
    void aChordSoundsTogetherATiedNoteIsNotStruckAgainAndRestsAreSilent() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <score-partwise version="4.0">
                  <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
                  <part id="P1"><measure number="1">
                    <attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
                    <note><pitch><step>C</step><octave>4</octave></pitch><duration>2</duration><tie type="start"/></note>
                    <note><chord/><pitch><step>E</step><octave>4</octave></pitch><duration>2</duration></note>
                    <note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration><tie type="stop"/></note>
                    <note><rest/><duration>1</duration></note>
                    <note><pitch><step>F</step><alter>1</alter><octave>5</octave></pitch><duration>4</duration></note>
                  </measure></part>
                </score-partwise>
                """;
        List<ScoreTimeline.PlayedNote> notes = ScoreTimeline.read(Files.writeString(dir.resolve("c.musicxml"), xml))
                .playedNotes();
        assertThat(notes).containsExactly(
                new ScoreTimeline.PlayedNote(0, 1, 60, true),
                new ScoreTimeline.PlayedNote(0, 1, 64, true),
                new ScoreTimeline.PlayedNote(1, 0.5, 60, false),
                new ScoreTimeline.PlayedNote(2, 2, 78, true));
    }
}
