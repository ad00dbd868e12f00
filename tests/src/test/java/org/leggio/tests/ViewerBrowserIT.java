package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.app.Leggio;

/**
 * The viewer in a real headless Chromium during a streamed demo performance: the piece is identified, the
 * cursor moves forward through the bars, and the page turns. Screenshots go to {@code target/viewer/}.
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 */
class ViewerBrowserIT {
    private static final String STATE_SCRIPT = """
            const cursor = document.getElementById('cursor');
            const title = document.getElementById('title');
            return {state: document.body.dataset.state || '', page: document.body.dataset.page || '',
                    bar: document.body.dataset.bar || '', title: title ? title.textContent : '',
                    pageX: cursor && cursor.dataset.pageX ? cursor.dataset.pageX : '',
                    turns: window.leggioViewer ? window.leggioViewer.turns : -1,
                    events: window.leggioViewer ? window.leggioViewer.events : -1};
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void theViewerFollowsTheDemoAndTurnsThePage() throws Exception {
        assumeTrue(WebDriverClient.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver (.ci/run installs them)");
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringWriter demoErrors = new StringWriter();
        String[] args = {"demo", "--port", Integer.toString(port), "--exit-when-done"};
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(
                () -> Leggio.run(new PrintWriter(demoErrors, true), args));
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the gateway").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        List<JsonObject> samples = new ArrayList<>();
        tap = null;
        boolean tapTried = false;
        Path shots = Path.of("target", "viewer");
        try (WebDriverClient browser = WebDriverClient.start(dir.resolve("profile"))) {
            browser.open("http://127.0.0.1:" + port + "/sessions/demo");
            boolean shotWhileFollowing = false;
            while (!demo.isDone()) {
                JsonObject sample = browser.script(STATE_SCRIPT).getAsJsonObject();
                samples.add(sample);
                if (!shotWhileFollowing && sample.get("state").getAsString().contains("FOLLOWING")) {
                    browser.screenshot(shots.resolve("following.png"));
                    shotWhileFollowing = true;
                }
                if (tap == null && !tapTried && sample.get("state").getAsString().contains("FOLLOWING")
                        && sample.get("page").getAsString().equals("0") && barOf(sample) >= 1 && barOf(sample) <= 2) {
                    tap = tapLastSystemOfFirstPage(browser, http, port, samples.size(), barOf(sample));
                    tapTried = true;
                }
                Thread.sleep(250);
            }
            browser.screenshot(shots.resolve("end.png"));
        }
        assertThat(demo.get()).as(demoErrors.toString()).isZero();

        List<JsonObject> following = samples.stream()
                .filter(s -> s.get("state").getAsString().contains("FOLLOWING")).toList();
        assertThat(following).as("samples while following").hasSizeGreaterThan(20);
        assertThat(samples.get(samples.size() - 1).get("title").getAsString()).as("the identified piece")
                .contains("Prelude");
        // the cursor moves forward: bars rise from the opening to the last bars
        List<Integer> bars = following.stream().map(s -> s.get("bar").getAsString()).filter(b -> b.matches("\\d+"))
                .map(Integer::parseInt).toList();
        assertThat(bars).isNotEmpty();
        assertThat(bars.get(0)).isLessThanOrEqualTo(3);
        assertThat(bars.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThanOrEqualTo(10);
        int forward = 0;
        for (int i = 1; i < bars.size(); i++) {
            forward += bars.get(i) > bars.get(i - 1) ? 1 : 0;
        }
        assertThat(forward).as("times the bar moved forward").isGreaterThanOrEqualTo(6);
        // and the page turned (the demo's pages hold two systems each)
        JsonObject last = samples.get(samples.size() - 1);
        assertThat(last.get("turns").getAsInt()).as("page turns seen by the viewer").isGreaterThanOrEqualTo(1);
        assertThat(samples.stream().anyMatch(s -> s.get("page").getAsString().equals("1"))).as("page 2 shown").isTrue();

        // a tap on the last system of page 1, made in bar 1 or 2, re-synced the follower there: at least three bars
        // ahead within about 2 s, where the music alone would take 6 s or more
        assertThat(tap).as("a tap on page 1 was made").isNotNull();
        JsonObject command = tap.command();
        assertThat(command.getAsJsonObject("resync").get("pageIndex").getAsInt()).isZero();
        assertThat(command.getAsJsonObject("resync").get("systemIndex").getAsInt()).isEqualTo(tap.systemIndex());
        List<Integer> barsAfter = samples.subList(tap.sampleIndex(), Math.min(samples.size(), tap.sampleIndex() + 8))
                .stream().map(ViewerBrowserIT::barOf).toList();
        assertThat(barsAfter).as("bars within about 2 s after the tap in bar " + tap.barAtTap()
                + " (the tapped system starts at bar " + tap.firstBar() + ")").anyMatch(b -> b >= tap.firstBar());
    }

    /** The tap made during the performance: the command the viewer sent, the tapped system, where it starts. */
    private record Tap(int sampleIndex, int barAtTap, int systemIndex, int firstBar, JsonObject command) {}

    private Tap tap;

    private static int barOf(JsonObject sample) {
        String bar = sample.get("bar").getAsString();
        return bar.matches("\\d+") ? Integer.parseInt(bar) : -1;
    }

    /**
     * While the players are in the first bars, clicks (a real pointer click) a tenth of the way into the last
     * system of page 1 — at least three bars ahead — and waits for the command the viewer sends; null (not
     * yet) when that system does not start three bars ahead.
     */
    private static Tap tapLastSystemOfFirstPage(WebDriverClient browser, HttpClient http, int port, int sampleIndex,
            int barNow) throws Exception {
        JsonObject point = null;
        for (int k = 5; k >= 1 && point == null; k--) {
            var p = browser.script("return window.leggioViewer.pointOf(0, " + k + ", 0.1);");
            point = p.isJsonObject() ? p.getAsJsonObject() : null;
        }
        if (point == null) {
            return null;
        }
        int systemIndex = point.get("systemIndex").getAsInt();
        String pieceId = browser.script("return window.leggioViewer.lastIdentification.pieceId;").getAsString();
        JsonObject piece = com.google.gson.JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/api/pieces/" + pieceId)).build(), HttpResponse.BodyHandlers.ofString())
                .body()).getAsJsonObject();
        int firstBar = Integer.MAX_VALUE;
        for (var bar : piece.getAsJsonArray("bars")) {
            JsonObject b = bar.getAsJsonObject();
            if (b.has("systemIndex") && b.get("systemIndex").getAsInt() == systemIndex
                    && b.get("label").getAsString().matches("\\d+")) {
                firstBar = Math.min(firstBar, Integer.parseInt(b.get("label").getAsString()));
            }
        }
        if (firstBar < barNow + 3) {
            return null;
        }
        browser.click(point.get("x").getAsDouble(), point.get("y").getAsDouble());
        JsonObject command = null;
        for (int i = 0; i < 40 && command == null; i++) {
            var sent = browser.script("return window.leggioViewer.lastCommand;");
            command = sent.isJsonObject() ? sent.getAsJsonObject() : null;
            Thread.sleep(50);
        }
        assertThat(command).as("the viewer sent a command on the tap").isNotNull();
        System.out.printf("tapped page 1, system %d (from bar %d) in bar %d%n", systemIndex, firstBar, barNow);
        return new Tap(sampleIndex, barNow, systemIndex, firstBar, command);
    }
}
