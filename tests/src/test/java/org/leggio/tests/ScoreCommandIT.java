package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.app.Leggio;
import org.leggio.model.EmbedderOptions;
import org.leggio.model.Embedders;
import org.leggio.model.NetworkEmbedder;
import org.leggio.model.NetworkSpec;

/** {@code leggio score add / list / show} from the command line, on a MusicXML score the test writes. */
class ScoreCommandIT {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void saveAModel() {
        // the installation is the checkout: its shipped default model is models/default
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        model = dir.resolve("model");
        try (NetworkEmbedder embedder = Embedders.untrained(NetworkSpec.published(), 5, EmbedderOptions.defaults())) {
            embedder.save(model);
        }
    }

    @Test
    void addsListsAndShowsAScoreWithAnOverlay() throws Exception {
        Path xml = Files.writeString(dir.resolve("minuet.musicxml"), musicXml(16));
        Path library = dir.resolve("library");

        Run add = run("score", "add", xml.toString(), "--title", "Minuet", "--composer", "Test Composer",
                "--catalogue", "T 1", "--id", "minuet", "--library", library.toString(), "--model", model.toString());
        assertThat(add.exitCode).as(add.err).isZero();
        assertThat(add.out).contains("added minuet: \"Minuet\" by Test Composer").contains("16 bars");

        Run list = run("score", "list", "--library", library.toString());
        assertThat(list.out).contains("minuet").contains("Test Composer").contains("Minuet");
        // embedded by another model than the default: marked, with the fix
        assertThat(list.out).contains("untrained-t84-d32-s5 *").contains("--replace");

        Path overlay = dir.resolve("overlay.png");
        Run show = run("score", "show", "minuet", "--library", library.toString(), "--overlay", overlay.toString());
        assertThat(show.exitCode).as(show.err).isZero();
        assertThat(show.out).contains("catalogue: T 1").contains("bars: 16").contains("system  page");
        var image = ImageIO.read(overlay.toFile());
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(835);
        // the overlay draws system boxes in red over the page
        boolean red = false;
        for (int y = 0; y < image.getHeight() && !red; y += 2) {
            for (int x = 0; x < image.getWidth() && !red; x++) {
                int rgb = image.getRGB(x, y);
                red = ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 60 && (rgb & 0xff) < 60;
            }
        }
        assertThat(red).isTrue();

        Run again = run("score", "add", xml.toString(), "--id", "minuet", "--library", library.toString(), "--model",
                model.toString());
        assertThat(again.exitCode).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(again.err).startsWith("leggio: error: the library already has a piece 'minuet'");
        Run unknown = run("score", "show", "nocturne", "--library", library.toString());
        assertThat(unknown.err).contains("no piece 'nocturne'").contains("minuet");
    }

    @Test
    void refusesAFileThatIsNoScore() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.txt"), "hello");
        Run add = run("score", "add", text.toString(), "--library", dir.resolve("lib2").toString(), "--model",
                model.toString());
        assertThat(add.exitCode).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(add.err).startsWith("leggio: error: not a score Leggio can read").contains("readme.txt");
    }

    private record Run(int exitCode, String out, String err) {}

    private static synchronized Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Leggio.run(new PrintWriter(err, true), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private static String musicXml(int bars) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><score-partwise version=\"4.0\"><part-list>"
                + "<score-part id=\"P1\"><part-name>Piano</part-name></score-part></part-list><part id=\"P1\">");
        String[] steps = {"G", "A", "B", "C"};
        for (int bar = 1; bar <= bars; bar++) {
            xml.append("<measure number=\"").append(bar).append("\">");
            if (bar == 1) {
                xml.append("<attributes><divisions>1</divisions><time><beats>3</beats><beat-type>4</beat-type></time>"
                        + "<clef><sign>G</sign><line>2</line></clef></attributes>");
            }
            for (int beat = 0; beat < 3; beat++) {
                xml.append("<note id=\"m").append(bar).append('_').append(beat).append("\"><pitch><step>")
                        .append(steps[(bar + beat) % 4]).append("</step><octave>4</octave></pitch><duration>1</duration>"
                                + "<type>quarter</type></note>");
            }
            xml.append("</measure>");
        }
        return xml.append("</part></score-partwise>").toString();
    }
}
