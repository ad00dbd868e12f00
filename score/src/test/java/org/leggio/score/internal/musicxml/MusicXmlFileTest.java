package org.leggio.score.internal.musicxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.leggio.score.internal.musicxml.Mx.WHOLE;
import static org.leggio.score.internal.musicxml.Mx.container;
import static org.leggio.score.internal.musicxml.Mx.note;
import static org.leggio.score.internal.musicxml.Mx.score;
import static org.leggio.score.internal.musicxml.Mx.zip;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.score.ScoreException;
import org.w3c.dom.Document;

class MusicXmlFileTest {

    @TempDir
    Path tmp;

    /** A local HTTP server that records every request: a DTD or entity fetch would show up here. */
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = "<!ENTITY fetched \"FETCHED\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String titled(String title) {
        return score(note("n1", "C4", 4)).replace("<part-list>", "<work><work-title>" + title + "</work-title></work><part-list>");
    }

    @Test
    void readsPlainMusicXml() throws IOException {
        Path p = write("a.musicxml", titled("Plain"));
        Document doc = MusicXmlFile.read(p);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("score-partwise");
        assertThat(MusicXmlScore.read(p).title()).contains("Plain");
    }

    @Test
    void remoteDtdIsNeverFetched() throws IOException {
        // The DOCTYPE names a DTD on a server we control; it also defines the entity the score uses,
        // so a parser that fetched it would both hit the server and expand "FETCHED" into the title.
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise PUBLIC "
                + "\"-//Recordare//DTD MusicXML 3.1 Partwise//EN\" \"" + url("/partwise.dtd") + "\">\n"
                + titled("T&fetched;").substring(titled("x").indexOf("<score-partwise"));
        MusicXmlScore s = MusicXmlScore.read(write("dtd.musicxml", xml));
        assertThat(s.title()).contains("T");
        assertThat(s.title().orElseThrow()).doesNotContain("FETCHED");
        assertThat(requests).isEmpty();
    }

    @Test
    void usualMusicXmlDoctypeParsesWithoutNetwork() throws IOException {
        // The standard public DTD URL: fetching it would fail (no network) or be slow; it must not be tried.
        long t0 = System.nanoTime();
        MusicXmlScore s = MusicXmlScore.read(write("std.xml", titled("Std").replace("<score-partwise", Mx.DOCTYPE + "<score-partwise")
));
        assertThat(s.title()).contains("Std");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    }

    @Test
    void externalEntitiesAreNotResolved() throws IOException {
        Path secret = write("secret.txt", "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE score-partwise [\n"
                + "  <!ENTITY secret SYSTEM \"" + secret.toUri() + "\">\n"
                + "  <!ENTITY % remote SYSTEM \"" + url("/param.dtd") + "\"> %remote;\n]>\n"
                + titled("&secret;").substring(titled("x").indexOf("<score-partwise"));
        String title;
        try {
            title = MusicXmlScore.read(write("xxe.musicxml", xml)).title().orElse("");
        } catch (ScoreException refused) {
            title = refused.getMessage(); // refusing the document is as good as not resolving
        }
        assertThat(title).doesNotContain("TOP-SECRET").doesNotContain("FETCHED");
        assertThat(requests).isEmpty();
    }

    @Test
    void entityExpansionBombIsHarmless() throws IOException {
        // "Billion laughs": 10^10 characters if expanded. It must be refused or left unexpanded, fast.
        StringBuilder dtd = new StringBuilder("<!DOCTYPE score-partwise [<!ENTITY a0 \"xxxxxxxxxx\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + titled("&a9;").substring(titled("x").indexOf("<score-partwise"));
        Path p = write("bomb.musicxml", xml);
        long t0 = System.nanoTime();
        String title;
        try {
            title = MusicXmlScore.read(p).title().orElse("");
        } catch (ScoreException refused) {
            title = refused.getMessage();
            assertThat(title).contains("bomb.musicxml");
        }
        assertThat(title.length()).isLessThan(1000);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    }

    @Test
    void readsCompressedMxlThroughItsContainer() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("mimetype", "application/vnd.recordare.musicxml");
        entries.put("decoy.musicxml", titled("Decoy"));
        entries.put("META-INF/container.xml", container("scores/real.xml"));
        entries.put("scores/real.xml", titled("Real"));
        Path p = write("song.mxl", zip(entries));
        assertThat(MusicXmlScore.read(p).title()).contains("Real");
        // The format comes from the content, not the name.
        assertThat(MusicXmlScore.read(write("song.xml", zip(entries))).title()).contains("Real");
    }

    @Test
    void mxlErrorsNameWhatIsMissing() throws IOException {
        Path noContainer = write("a.mxl", zip(Map.of("score.xml", titled("x"))));
        assertThatThrownBy(() -> MusicXmlFile.read(noContainer)).isInstanceOf(ScoreException.class)
                .hasMessageContaining("a.mxl").hasMessageContaining("META-INF/container.xml");

        Path noRootfile = write("b.mxl", zip(Map.of("META-INF/container.xml", "<container><rootfiles/></container>",
                "score.xml", titled("x"))));
        assertThatThrownBy(() -> MusicXmlFile.read(noRootfile)).isInstanceOf(ScoreException.class)
                .hasMessageContaining("b.mxl").hasMessageContaining("no MusicXML rootfile");

        Path missingEntry = write("c.mxl", zip(Map.of("META-INF/container.xml", container("gone.xml"))));
        assertThatThrownBy(() -> MusicXmlFile.read(missingEntry)).isInstanceOf(ScoreException.class)
                .hasMessageContaining("gone.xml").hasMessageContaining("not in the archive");

        byte[] valid = zip(Map.of("META-INF/container.xml", container("s.xml"), "s.xml", titled("x")));
        byte[] truncated = java.util.Arrays.copyOf(valid, 40);
        assertThatThrownBy(() -> MusicXmlFile.read(write("d.mxl", truncated))).isInstanceOf(ScoreException.class)
                .hasMessageContaining("d.mxl");

        Path badInner = write("e.mxl", zip(Map.of("META-INF/container.xml", container("s.xml"), "s.xml", "<score-partwise>")));
        assertThatThrownBy(() -> MusicXmlFile.read(badInner)).isInstanceOf(ScoreException.class)
                .hasMessageContaining("e.mxl!/s.xml").hasMessageContaining("line 1");
    }

    @Test
    void notXmlNotZipAndMalformedInputAreClearErrors() throws IOException {
        assertThatThrownBy(() -> MusicXmlFile.read(write("x.pdf", "%PDF-1.4 binary")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("x.pdf")
                .hasMessageContaining("neither a compressed MusicXML archive (.mxl) nor well-formed XML");
        assertThatThrownBy(() -> MusicXmlFile.read(write("cut.musicxml", "<score-partwise><part id=\"P1\">")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("cut.musicxml").hasMessageContaining("line 1");
        assertThatThrownBy(() -> MusicXmlFile.read(write("page.xml", "<html><body/></html>")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("root element is <html>");
        assertThatThrownBy(() -> MusicXmlFile.read(write("empty.musicxml", new byte[0])))
                .isInstanceOf(ScoreException.class).hasMessageContaining("empty.musicxml");
        assertThatThrownBy(() -> MusicXmlFile.read(tmp.resolve("missing.mxl")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("no such file");
    }

    @Test
    void scoresWithoutPartsOrMeasuresAreRejected() throws IOException {
        assertThatThrownBy(() -> MusicXmlFile.read(write("np.xml", "<score-partwise><part-list/></score-partwise>")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("without any <part>");
        assertThatThrownBy(() -> MusicXmlFile.read(write("nm.xml", "<score-partwise><part id=\"P1\"/></score-partwise>")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("part 'P1' has no <measure>");
        assertThatThrownBy(() -> MusicXmlFile.read(write("tw.xml", "<score-timewise><part-list/></score-timewise>")))
                .isInstanceOf(ScoreException.class).hasMessageContaining("without any <measure>");
    }

    @Test
    void timewiseIsConvertedToPartwise() throws IOException {
        String xml = "<score-timewise version=\"3.1\"><work><work-title>TW</work-title></work>"
                + "<part-list><score-part id=\"P1\"><part-name>A</part-name></score-part>"
                + "<score-part id=\"P2\"><part-name>B</part-name></score-part></part-list>"
                + "<measure number=\"1\">"
                + "<part id=\"P1\"><attributes><divisions>1</divisions></attributes>" + note("a1", "C4", 2) + note("a2", "D4", 2) + "</part>"
                + "<part id=\"P2\"><attributes><divisions>1</divisions></attributes>" + note("b1", "C3", 4) + "</part>"
                + "</measure><measure number=\"2\">"
                + "<part id=\"P1\">" + note("a3", "E4", 4) + "<barline><repeat direction=\"backward\"/></barline></part>"
                + "<part id=\"P2\">" + WHOLE + "</part></measure></score-timewise>";
        Document doc = MusicXmlFile.read(write("tw.musicxml", xml));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("score-partwise");
        MusicXmlScore s = MusicXmlScore.parse(doc, "tw");
        assertThat(s.title()).contains("TW");
        assertThat(s.parts()).extracting(MusicXmlPart::name).containsExactly("A", "B");
        assertThat(s.measures()).extracting(MusicXmlMeasure::number).containsExactly("1", "2");
        assertThat(s.note("a2").orElseThrow().onsetBeats()).isEqualTo(2.0);
        assertThat(s.noteMeasureIndex("a3")).isEqualTo(1);
        assertThat(s.note("b1").orElseThrow().partId()).isEqualTo("P2");
        assertThat(Mx.order(s.unfold())).isEqualTo("0 1 0' 1'");
    }
}
