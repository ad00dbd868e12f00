package org.leggio.tests;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium driven through chromedriver with the W3C WebDriver protocol (plain HTTP and
 * JSON; no client library): enough to open a page, run a script in it and take a screenshot. Chromium
 * starts with the flags DEPENDENCIES.md records and a fresh profile.
 */
final class WebDriverClient implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;
    private final Gson gson = new Gson();

    private WebDriverClient(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static WebDriverClient start(Path profileDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profileDir.resolveSibling("chromedriver.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    driver.destroyForcibly();
                    throw new IllegalStateException("chromedriver did not start", e);
                }
                Thread.sleep(100);
            }
        }
        Map<String, Object> options = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                "--user-data-dir=" + profileDir.toAbsolutePath()));
        Map<String, Object> capabilities = Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", options)));
        JsonObject created = call(http, "POST", base + "/session", new Gson().toJson(capabilities));
        String session = created.getAsJsonObject("value").get("sessionId").getAsString();
        return new WebDriverClient(driver, base, session);
    }

    void open(String url) throws Exception {
        call(http, "POST", base + "/session/" + session + "/url", gson.toJson(Map.of("url", url)));
    }

    /** Runs {@code script} (a function body; {@code return} its result) and gives its value as JSON. */
    JsonElement script(String script) throws Exception {
        return call(http, "POST", base + "/session/" + session + "/execute/sync",
                gson.toJson(Map.of("script", script, "args", List.of()))).get("value");
    }

    /** A real mouse click (W3C actions: move, press, release) at a viewport point, CSS px. */
    void click(double x, double y) throws Exception {
        Map<String, Object> pointer = Map.of("type", "pointer", "id", "mouse", "parameters", Map.of("pointerType", "mouse"),
                "actions", List.of(
                        Map.of("type", "pointerMove", "duration", 0, "origin", "viewport", "x", (int) Math.round(x),
                                "y", (int) Math.round(y)),
                        Map.of("type", "pointerDown", "button", 0),
                        Map.of("type", "pointerUp", "button", 0)));
        call(http, "POST", base + "/session/" + session + "/actions", gson.toJson(Map.of("actions", List.of(pointer))));
    }

    void screenshot(Path png) throws Exception {
        String data = call(http, "GET", base + "/session/" + session + "/screenshot", null).get("value").getAsString();
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(data));
    }

    private static JsonObject call(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + url + " failed: " + response.body());
        }
        return json;
    }

    @Override
    public void close() throws Exception {
        try {
            call(http, "DELETE", base + "/session/" + session, null);
        } finally {
            driver.destroy();
        }
    }
}
