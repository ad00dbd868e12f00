package org.leggio.app;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.leggio.gateway.GatewayConfig;
import org.leggio.gateway.GatewayServer;
import org.leggio.kafka.Topics;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.SessionEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio bench fanout}: WebSocket delivery latency to many viewers of a few sessions. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = {"WebSocket fan-out of the gateway: N subscribers on loopback (JDK WebSocket clients in this process)",
            "watching S sessions whose position updates are produced at 10 per second each onto leggio.positions.",
            "Latency = from producing an update to a subscriber receiving it; memory = heap after GC per connection",
            "(gateway and client side together)."})
final class FanoutBenchCommand implements Callable<Integer> {
    private static final Pattern FRAME = Pattern.compile("\"sessionId\":\"([^\"]+)\".*?\"frameIndex\":\"(\\d+)\"");

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--subscribers", defaultValue = "1000", description = "WebSocket subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--sessions", defaultValue = "10", description = "Sessions they watch (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds of updates (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        Path library = Files.createTempDirectory("leggio-bench-fanout-");
        try (KafkaOptions.Connection connection = kafka.connect();
                GatewayServer gateway = new GatewayServer(GatewayConfig.defaults("127.0.0.1", 0, library,
                        connection.bootstrapServers()).withLimits(64 * 1024, 1024 * 1024, 4096)).start()) {
            long heapBefore = usedHeapAfterGc();
            ConcurrentHashMap<String, Long> sentNanos = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong received = new AtomicLong();
            HttpClient http = HttpClient.newHttpClient();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                String session = "fanout-" + (i % sessions);
                sockets.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gateway.port()
                        + "/ws/sessions/" + session), listener(sentNanos, latencies, received)).get());
            }
            long heapConnected = usedHeapAfterGc();
            System.err.printf("%d subscribers connected to %d sessions%n", subscribers, sessions);
            int steps = seconds * 10;
            try (KafkaProducer<String, SessionEvent> producer = producer(connection.bootstrapServers())) {
                long start = System.nanoTime();
                for (int step = 0; step < steps; step++) {
                    for (int s = 0; s < sessions; s++) {
                        String session = "fanout-" + s;
                        sentNanos.put(session + "/" + step, System.nanoTime());
                        producer.send(new ProducerRecord<>(Topics.POSITIONS_NAME, session, SessionEvent.newBuilder()
                                .setPosition(PositionUpdate.newBuilder().setSessionId(session).setSequenceNumber(step)
                                        .setState(FollowState.FOLLOW_STATE_FOLLOWING).setFrameIndex(step)
                                        .setPageXPx(step % 800)).build()));
                    }
                    producer.flush();
                    long due = start + (step + 1) * 100_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            Thread.sleep(2_000);
            long expected = (long) steps * subscribers;
            double[] sorted = latencies.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-12s %-9s %10s %10s %9s %9s %9s %16s%n", "subscribers", "sessions",
                    "expected", "received", "p50 ms", "p99 ms", "max ms", "heap/conn KiB");
            System.out.printf(Locale.ROOT, "%-12d %-9d %10d %10d %9.1f %9.1f %9.1f %16.1f%n", subscribers, sessions,
                    expected, received.get(), quantile(sorted, 0.5), quantile(sorted, 0.99), quantile(sorted, 1.0),
                    (heapConnected - heapBefore) / 1024.0 / subscribers);
            sockets.forEach(WebSocket::abort);
        } finally {
            try (var files = Files.walk(library)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static WebSocket.Listener listener(ConcurrentHashMap<String, Long> sentNanos,
            ConcurrentLinkedQueue<Long> latencies, AtomicLong received) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                long now = System.nanoTime();
                text.append(data);
                if (last) {
                    Matcher m = FRAME.matcher(text);
                    if (m.find()) {
                        Long sent = sentNanos.get(m.group(1) + "/" + m.group(2));
                        if (sent != null) {
                            latencies.add(now - sent);
                            received.incrementAndGet();
                        }
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    private static KafkaProducer<String, SessionEvent> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), Topics.POSITIONS.valueSerde());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
