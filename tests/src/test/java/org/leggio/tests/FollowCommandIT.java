package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leggio follow} end to end with Leggio's own model: a generated score (MusicXML, engraved by
 * Verovio) and a MIDI performance of exactly its notes at a known tempo, rendered by Gervill; the track
 * must follow the known beat-time line.
 */
class FollowCommandIT {
    private static final int BARS = 24;
    private static final double SECONDS_PER_BEAT = 0.5;
    private static final double LEAD_IN_SECONDS = 1.0;

    @TempDir
    static Path dir;

    /** Pitches (MIDI) and durations (in eighths) of the piece, bar by bar, 3/4. */
    private static final List<int[]> NOTES = new ArrayList<>();

    @BeforeAll
    static void composeAPiece() {
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        Random random = new Random(7);
        int pitch = 67;
        for (int bar = 0; bar < BARS; bar++) {
            int eighths = 0;
            while (eighths < 6) {
                int length = eighths <= 4 && random.nextBoolean() ? 2 : 1;
                pitch = Math.max(55, Math.min(84, pitch + random.nextInt(9) - 4));
                NOTES.add(new int[] {bar, eighths, length, pitch});
                eighths += length;
            }
        }
    }

    @Test
    void followsAPerformanceOfTheScoreAlongItsBeats() throws Exception {
        Path score = Files.writeString(dir.resolve("etude.musicxml"), musicXml());
        Path midi = dir.resolve("etude.mid");
        writeMidi(midi);
        Path track = dir.resolve("track.csv");
        Path plot = dir.resolve("track.png");

        // the bank the training audio was rendered with (.ci/run installs it); else the JDK's own
        Path bank = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        List<String> args = new ArrayList<>(List.of("follow", "--score", score.toString(), "--audio", midi.toString(),
                "--library", dir.resolve("library").toString(), "--out", track.toString(), "--plot", plot.toString()));
        if (Files.isRegularFile(bank)) {
            args.addAll(List.of("--soundfont", bank.toString()));
        }
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();

        // kept for a person to look at
        Path kept = Files.createDirectories(Path.of("target", "follow-it"));
        Files.copy(track, kept.resolve("track.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(plot, kept.resolve("track.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(score, kept.resolve("etude.musicxml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(midi, kept.resolve("etude.mid"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        List<String> lines = Files.readAllLines(track);
        assertThat(lines.get(0)).isEqualTo("time_s,state,page,system,page_x,strip_x,bar,score_beat,tempo_bpm,confidence");
        double duration = LEAD_IN_SECONDS + BARS * 3 * SECONDS_PER_BEAT;
        // one row per 0.1 s of audio (the rendering adds a short release tail)
        assertThat(lines.size() - 1).isBetween((int) (duration * 10) - 5, (int) (duration * 10) + 40);
        List<Double> errors = new ArrayList<>();
        double maxBeat = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double time = Double.parseDouble(f[0]);
            double trueBeat = (time - LEAD_IN_SECONDS) / SECONDS_PER_BEAT;
            boolean confident = f[1].equals("FOLLOWING") && Double.parseDouble(f[9]) >= 0.4;
            if (trueBeat > 6 && trueBeat < BARS * 3 - 1 && confident) {
                errors.add(Math.abs(Double.parseDouble(f[7]) - trueBeat));
            }
            if (!f[7].isEmpty()) {
                maxBeat = Math.max(maxBeat, Double.parseDouble(f[7]));
            }
        }
        errors.sort(Double::compare);
        // a random single-line melody is far from the piano music the model learnt, so confidence is often
        // low; where the follower is confident (≥ its LOST threshold, 0.4), it must be right
        assertThat(errors.size()).isGreaterThan(60);
        assertThat(errors.get(errors.size() / 2)).as("median beat error while confident").isLessThan(1.0);
        assertThat(maxBeat).as("well into the piece").isGreaterThan(BARS * 3 / 2.0);
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isGreaterThan(1000);

        // the same score file again: found in the library, not engraved twice
        CommandRun again = CommandRun.of("follow", "--score", score.toString(), "--audio", midi.toString(),
                "--library", dir.resolve("library").toString(), "--out", dir.resolve("again.csv").toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("adding ");
    }

    @Test
    void namesAMissingScoreOrAudio() throws Exception {
        CommandRun noAudio = CommandRun.of("follow", "--score", "no-such-piece", "--audio", "missing.wav");
        assertThat(noAudio.code()).isNotZero();
        assertThat(noAudio.err()).contains("audio file not found: missing.wav");
        Path audio = Files.write(dir.resolve("x.wav"), new byte[16]);
        CommandRun run = CommandRun.of("follow", "--score", "no-such-piece", "--audio", audio.toString(),
                "--library", dir.resolve("empty").toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("no-such-piece");
    }

    private static String musicXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><score-partwise version=\"4.0\"><part-list>"
                + "<score-part id=\"P1\"><part-name>Piano</part-name></score-part></part-list><part id=\"P1\">");
        String[] names = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
        int[] alters = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};
        int bar = -1;
        for (int[] note : NOTES) {
            if (note[0] != bar) {
                if (bar >= 0) {
                    xml.append("</measure>");
                }
                bar = note[0];
                xml.append("<measure number=\"").append(bar + 1).append("\">");
                if (bar == 0) {
                    xml.append("<attributes><divisions>2</divisions><time><beats>3</beats><beat-type>4</beat-type></time>"
                            + "<clef><sign>G</sign><line>2</line></clef></attributes>");
                }
            }
            int pc = note[3] % 12;
            xml.append("<note><pitch><step>").append(names[pc]).append("</step>");
            if (alters[pc] != 0) {
                xml.append("<alter>1</alter>");
            }
            xml.append("<octave>").append(note[3] / 12 - 1).append("</octave></pitch><duration>").append(note[2])
                    .append("</duration><type>").append(note[2] == 2 ? "quarter" : "eighth").append("</type>");
            if (alters[pc] != 0) {
                xml.append("<accidental>sharp</accidental>");
            }
            xml.append("</note>");
        }
        return xml.append("</measure></part></score-partwise>").toString();
    }

    private static void writeMidi(Path file) throws Exception {
        int ppq = 480;
        Sequence sequence = new Sequence(Sequence.PPQ, ppq);
        Track track = sequence.createTrack();
        int microsPerQuarter = (int) (SECONDS_PER_BEAT * 1_000_000);
        byte[] tempo = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
        track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
        long leadIn = (long) (LEAD_IN_SECONDS / SECONDS_PER_BEAT * ppq);
        for (int[] note : NOTES) {
            long start = leadIn + (long) note[0] * 3 * ppq + (long) note[1] * ppq / 2;
            long end = start + (long) note[2] * ppq / 2 - 10;
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, note[3], 90), start));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, note[3], 0), end));
        }
        MidiSystem.write(sequence, 1, file.toFile());
    }
}
