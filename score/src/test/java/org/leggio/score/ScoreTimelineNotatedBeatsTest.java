package org.leggio.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notated beats: the time signature's beat unit, bar by bar, repeats unfolded. */
class ScoreTimelineNotatedBeatsTest {
    @TempDir
    Path dir;

    @Test
    void countsHalvesIn22EighthsIn68AndQuartersIn34AcrossARepeat() throws IOException {
        // bar 1 in 2/2 (4 quarters = 2 beats), bar 2 in 6/8 (3 quarters = 6 beats), repeated,
        // bar 3 in 3/4 (3 quarters = 3 beats)
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <score-partwise version="4.0">
                  <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
                  <part id="P1">
                    <measure number="1">
                      <attributes><divisions>2</divisions><time symbol="cut"><beats>2</beats><beat-type>2</beat-type></time></attributes>
                      <note><pitch><step>C</step><octave>4</octave></pitch><duration>8</duration></note>
                    </measure>
                    <measure number="2">
                      <attributes><time><beats>6</beats><beat-type>8</beat-type></time></attributes>
                      <barline location="left"><repeat direction="forward"/></barline>
                      <note><pitch><step>D</step><octave>4</octave></pitch><duration>6</duration></note>
                      <barline location="right"><repeat direction="backward"/></barline>
                    </measure>
                    <measure number="3">
                      <attributes><time><beats>3</beats><beat-type>4</beat-type></time></attributes>
                      <note><pitch><step>E</step><octave>4</octave></pitch><duration>6</duration></note>
                    </measure>
                  </part>
                </score-partwise>
                """;
        ScoreTimeline timeline = ScoreTimeline.read(Files.writeString(dir.resolve("meters.musicxml"), xml));
        assertThat(timeline.played()).hasSize(4); // 1, 2, 2, 3

        assertThat(timeline.notatedBeats(0)).isEqualTo(0);
        assertThat(timeline.notatedBeats(2)).as("half-way through the 2/2 bar").isEqualTo(1);
        assertThat(timeline.notatedBeats(4)).as("bar 2 starts after two half notes").isEqualTo(2);
        assertThat(timeline.notatedBeats(5.5)).as("1.5 quarters into 6/8 = 3 eighths").isEqualTo(5);
        assertThat(timeline.notatedBeats(7)).as("bar 2 again").isEqualTo(8);
        assertThat(timeline.notatedBeats(10)).as("bar 3 starts").isEqualTo(14);
        assertThat(timeline.notatedBeats(11.5)).isCloseTo(15.5, within(1e-12));
        assertThat(timeline.notatedBeats(13)).as("the end, in quarters").isEqualTo(17);
    }

    @Test
    void aScoreWithoutATimeSignatureCountsQuarters() throws IOException {
        Path file = TinyScores.writeScale(dir, "scale.musicxml", 3, 1);
        String untimed = Files.readString(file).replaceAll("<time>.*?</time>", "");
        ScoreTimeline timeline = ScoreTimeline.read(Files.writeString(dir.resolve("untimed.musicxml"), untimed));
        assertThat(timeline.notatedBeats(5.5)).isEqualTo(5.5);
    }
}
