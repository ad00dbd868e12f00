package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.session.Identifier;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.stream.MatcherStreamConfig;
import org.leggio.matcher.session.Verdict;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.score.ScoreLibrary;

/**
 * Identification with a library of one piece, with the default model on real renderings: there is no
 * runner-up whose margin could refuse a look-alike, so the lone bound on the cost must. The bundled demo
 * piece (BWV 846, bars 1–11) is the library; its own performance must be announced, a generated etude's
 * (other piano music) never.
 */
class LonePieceIdentificationIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aOnePieceLibraryAnnouncesItsOwnMusicAndNotOtherMusic() throws Exception {
        Path modelDir = Path.of("..", "models", "default").toAbsolutePath().normalize();
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path demo = Path.of("..", "app", "src", "main", "resources", "org", "leggio", "app", "demo")
                .toAbsolutePath().normalize();
        Path library = dir.resolve("library");
        CommandRun add = CommandRun.of("score", "add", demo.resolve("bwv846-bars1-11.musicxml").toString(), "--id",
                "demo", "--library", library.toString());
        assertThat(add.code()).as(add.err()).isZero();
        Path etude = dir.resolve("etude.mid");
        GeneratedEtude.writeMidi(etude, 11);
        PieceLibrary one = PieceLibrary.of(List.of(ScoreLibrary.open(library).get("demo")));

        List<Verdict> own = verdicts(one, EtudePerformance.embeddings(demo.resolve("bwv846-bars1-11.mid"), modelDir));
        List<Verdict> other = verdicts(one, EtudePerformance.embeddings(etude, modelDir));

        assertThat(own).as("verdicts on the demo's own performance").isNotEmpty();
        assertThat(own.stream().filter(Verdict::announced).count()).as("own music announced")
                .isGreaterThanOrEqualTo(own.size() / 2);
        assertThat(other).as("verdicts on the etude").isNotEmpty();
        assertThat(other).as("other music is never announced").noneMatch(Verdict::announced);
        // and the bound is what refuses it: the plain cost bound alone would have let some through
        double bestOther = other.stream().mapToDouble(v -> v.best().cost()).min().orElseThrow();
        double worstOwn = own.stream().mapToDouble(v -> v.best().cost()).max().orElseThrow();
        System.out.printf("lone piece: own music costs up to %.2f, other music from %.2f%n", worstOwn, bestOther);
        assertThat(bestOther).isGreaterThan(worstOwn);
    }

    private static List<Verdict> verdicts(PieceLibrary library, List<AudioEmbedding> performance) {
        Identifier identifier = new Identifier(library,
                SessionConfig.defaults(FollowerConfig.centred(84, EtudePerformance.HOP_FRAMES)).identifier());
        List<Verdict> verdicts = new ArrayList<>();
        for (AudioEmbedding e : performance) {
            if (e.getRecentLogMagnitude() <= MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD) {
                continue; // silence, as the matcher's gate
            }
            float[] values = new float[e.getValuesCount()];
            for (int d = 0; d < values.length; d++) {
                values[d] = e.getValues(d);
            }
            Verdict verdict = identifier.step(values);
            if (verdict != null) {
                verdicts.add(verdict);
            }
        }
        return verdicts;
    }
}
