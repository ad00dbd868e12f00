package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leggio follow} end to end with Leggio's own model: a generated score (MusicXML, engraved by
 * Verovio) and a MIDI performance of exactly its notes at a known tempo, rendered by Gervill; the track
 * must follow the known beat-time line.
 */
class FollowCommandIT {
    private static final int BARS = GeneratedEtude.BARS;
    private static final double SECONDS_PER_BEAT = GeneratedEtude.SECONDS_PER_BEAT;
    private static final double LEAD_IN_SECONDS = GeneratedEtude.LEAD_IN_SECONDS;

    @TempDir
    static Path dir;

    @BeforeAll
    static void useTheRepositoryModel() {
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @Test
    void followsAPerformanceOfTheScoreAlongItsBeats() throws Exception {
        Path score = Files.writeString(dir.resolve("etude.musicxml"), GeneratedEtude.musicXml());
        Path midi = dir.resolve("etude.mid");
        GeneratedEtude.writeMidi(midi);
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
        List<Double> errors = confidentErrors(lines);
        double maxBeat = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)[7]).filter(b -> !b.isEmpty())
                .mapToDouble(Double::parseDouble).max().orElse(0);
        // a random single-line melody is far from the piano music the model learnt, so confidence is often
        // low; where the follower is confident (≥ its LOST threshold, 0.4 of its own, 0.64 as reported), it must be right
        assertThat(errors.size()).isGreaterThan(60);
        assertThat(errors.get(errors.size() / 2)).as("median beat error while confident").isLessThan(1.0);
        assertThat(maxBeat).as("well into the piece").isGreaterThan(BARS * 3 / 2.0);
        assertThat(run.err()).contains("refined with the score's notes");
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isGreaterThan(1000);

        // the same score file again: found in the library, not engraved twice
        // and without the note-level refinement, which must have made the positions more exact
        List<String> againArgs = new ArrayList<>(List.of("follow", "--score", score.toString(), "--audio",
                midi.toString(), "--library", dir.resolve("library").toString(), "--out",
                dir.resolve("again.csv").toString(), "--no-notes"));
        if (Files.isRegularFile(bank)) {
            againArgs.addAll(List.of("--soundfont", bank.toString()));
        }
        CommandRun again = CommandRun.of(againArgs.toArray(String[]::new));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("adding ").doesNotContain("refined with the score's notes");
        List<Double> coarse = confidentErrors(Files.readAllLines(dir.resolve("again.csv")));
        assertThat(errors.get(errors.size() / 2)).as("median beat error with notes vs without")
                .isLessThan(coarse.get(coarse.size() / 2));
    }

    /** Sorted |reported − true| beats of the confident following rows away from the ends. */
    private static List<Double> confidentErrors(List<String> lines) {
        List<Double> errors = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double time = Double.parseDouble(f[0]);
            double trueBeat = (time - LEAD_IN_SECONDS) / SECONDS_PER_BEAT;
            boolean confident = f[1].equals("FOLLOWING") && Double.parseDouble(f[9]) >= Events.CONFIDENT;
            if (trueBeat > 6 && trueBeat < BARS * 3 - 1 && confident) {
                errors.add(Math.abs(Double.parseDouble(f[7]) - trueBeat));
            }
        }
        errors.sort(Double::compare);
        return errors;
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
}
