package org.leggio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.leggio.gateway.GatewayConfig;
import org.leggio.gateway.GatewayServer;
import org.leggio.kafka.KafkaReachability;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leggio gateway}: the HTTP + WebSocket server for viewers, taggers and apps, until Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Runs the gateway until Ctrl-C: the page-turning viewer (http://HOST:PORT/sessions/ID), the pieces",
            "API and page images from the score library, every session's events over WebSocket",
            "(/ws/sessions/ID: JSON, or protobuf with the leggio.v1.proto subprotocol) and session commands."})
final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--library", paramLabel = "DIR", description = "Score library to serve (default: ~/.leggio/library).")
    Path library;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LEGGIO_TOKEN}",
            description = {"Deployment access token for commands, uploads and microphones (default: $LEGGIO_TOKEN;",
                "none when empty). Each session also has its own: leggio session-token ID."})
    String token;

    @Option(names = "--allowed-origin", paramLabel = "URL",
            description = "A browser origin allowed besides the gateway's own, e.g. https://stage.example.org (repeatable).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--webhook", paramLabel = "URL",
            description = {"POST each session's identification (a new or changed piece) to this URL as JSON, with",
                "retries; signed with X-Leggio-Signature: sha256=HMAC(token, body) when a token is set (repeatable)."})
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--enable-uploads",
            description = "Take score uploads (POST /api/pieces): loads the model (--model) to embed them.")
    boolean enableUploads;

    @picocli.CommandLine.Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = GatewayConfig.defaults(bind, port, library != null ? library : ScoreLibrary.defaultDir(),
                bootstrap).withToken(token).withAllowedOrigins(allowedOrigins)
                .withWebhooks(org.leggio.gateway.WebhookConfig.parse(webhooks));
        KafkaReachability.check(bootstrap, KafkaOptions.CONNECT_TIMEOUT);
        org.leggio.model.Embedder embedder = enableUploads ? org.leggio.model.Embedders.open(model.resolve()) : null;
        LibraryIngestor ingestor = embedder == null ? null
                : new LibraryIngestor(config.libraryDir(), embedder, org.leggio.score.EngraverOptions.defaults());
        try (GatewayServer gateway = new GatewayServer(config, ingestor).start()) {
            CountDownLatch stopped = ServiceRunner.stopOnShutdown(gateway::close, "leggio-gateway-shutdown");
            System.out.printf("leggio gateway: http://%s:%d/ (library %s, Kafka %s%s%s). Ctrl-C stops it.%n",
                    bind.equals("0.0.0.0") ? "127.0.0.1" : bind, gateway.port(), config.libraryDir(), bootstrap,
                    config.token().isEmpty() ? ", no access token" : ", access token required for commands",
                    webhooks.isEmpty() ? "" : ", identifications posted to " + String.join(" ", webhooks));
            stopped.await();
        } finally {
            if (ingestor != null) {
                ingestor.close();
                embedder.close();
            }
        }
        return 0;
    }
}
