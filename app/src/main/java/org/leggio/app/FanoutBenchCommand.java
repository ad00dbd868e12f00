package org.leggio.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
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
        description = {"WebSocket fan-out of the gateway: N subscribers on loopback (Netty WebSocket clients, by default in a",
            "separate JVM) watching S sessions, subscriber i on session i mod S, whose position updates are produced at",
            "10 per second each onto leggio.positions (staggered; --aligned: all at once). Latency = from producing an update (its emitted_time_micros, wall",
            "clock) to a subscriber receiving it; memory = this JVM's heap after GC per connection (the gateway's alone",
            "when the clients run in their own process)."})
final class FanoutBenchCommand implements Callable<Integer> {
    private static final String SESSION_PREFIX = "fanout-";

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--subscribers", defaultValue = "1000", description = "WebSocket subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--sessions", defaultValue = "10", description = "Sessions they watch (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds of updates (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Seconds of updates before measuring, not counted (JIT, connection buffers; default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--client-threads", defaultValue = "1",
            description = "Event loop threads of the clients (default: ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(names = "--in-process", description = "Run the clients in this JVM (their cost and memory then count with the gateway's).")
    boolean inProcess;

    @Option(names = "--aligned",
            description = "All sessions update in the same instant (the worst burst) instead of staggered over each 100 ms.")
    boolean aligned;

    @Option(names = "--protobuf", description = "Subscribe with the leggio.v1.proto subprotocol instead of JSON.")
    boolean protobuf;

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || sessions < 1 || seconds < 1 || clientThreads < 1) {
            throw new IllegalArgumentException("--subscribers, --sessions, --seconds and --client-threads must be >= 1");
        }
        Path library = Files.createTempDirectory("leggio-bench-fanout-");
        try (KafkaOptions.Connection connection = kafka.connect();
                GatewayServer gateway = new GatewayServer(GatewayConfig.defaults("127.0.0.1", 0, library,
                        connection.bootstrapServers()).withLimits(64 * 1024, 1024 * 1024, 4096)).start()) {
            String url = "ws://127.0.0.1:" + gateway.port();
            long heapBefore = usedHeapAfterGc();
            Subscribers clients = inProcess ? new InProcess(url) : new ChildProcess(url);
            try (clients) {
                long heapConnected = usedHeapAfterGc();
                System.err.printf("%d subscribers connected to %d sessions (%s)%n", subscribers, sessions,
                        inProcess ? "in this JVM" : "in a separate JVM");
                produce(connection.bootstrapServers(), warmupSeconds);
                Thread.sleep(1_000);
                clients.reset();
                long cpuBefore = processCpuNanos();
                long gcBefore = gcMillis();
                long clientCpuBefore = clients.cpuNanos();
                long[] kafkaHop;
                try (KafkaHop hop = new KafkaHop(connection.bootstrapServers())) {
                    produce(connection.bootstrapServers(), seconds);
                    Thread.sleep(2_000);
                    kafkaHop = hop.finish();
                }
                long cpu = processCpuNanos() - cpuBefore;
                long clientCpu = clients.cpuNanos() - clientCpuBefore;
                long[] latencies = clients.finish();
                report(latencies, (heapConnected - heapBefore) / 1024.0 / subscribers, cpu, clientCpu);
                Arrays.sort(kafkaHop);
                System.out.printf(Locale.ROOT, "Kafka hop alone (a read_committed consumer in this JVM, as the gateway's):"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d updates; GC pauses in this JVM: %d ms%n",
                        quantile(kafkaHop, 0.5), quantile(kafkaHop, 0.99), quantile(kafkaHop, 1.0), kafkaHop.length,
                        gcMillis() - gcBefore);
            }
        } finally {
            try (var files = Files.walk(library)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /**
     * Every session's updates at 10 per second. Sessions are staggered evenly over the 100 ms (as independent
     * performances are), unless {@code --aligned}: then all sessions update in the same instant, the worst
     * burst.
     */
    private void produce(String bootstrap, int forSeconds) throws InterruptedException {
        int slots = aligned ? 1 : sessions;
        long slotNanos = 100_000_000L / slots;
        try (KafkaProducer<String, SessionEvent> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            for (long tick = 0; tick < (long) forSeconds * 10 * slots; tick++) {
                long step = tick / slots;
                for (int s = 0; s < sessions; s++) {
                    if (aligned || s == tick % slots) {
                        String session = SESSION_PREFIX + s;
                        producer.send(new ProducerRecord<>(Topics.POSITIONS_NAME, session, SessionEvent.newBuilder()
                                .setPosition(PositionUpdate.newBuilder().setSessionId(session).setSequenceNumber(step)
                                        .setState(FollowState.FOLLOW_STATE_FOLLOWING).setFrameIndex(step)
                                        .setPageXPx(step % 800).setEmittedTimeMicros(nowMicros())).build()));
                    }
                }
                producer.flush();
                long wait = start + (tick + 1) * slotNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    private void report(long[] latenciesMicros, double heapPerConnectionKiB, long cpuNanos, long clientCpuNanos) {
        long expected = (long) seconds * 10 * subscribers;
        Arrays.sort(latenciesMicros);
        System.out.printf(Locale.ROOT, "%-12s %-9s %-8s %10s %10s %9s %9s %9s %14s %12s %12s%n", "subscribers",
                "sessions", "clients", "expected", "received", "p50 ms", "p99 ms", "max ms", "heap/conn KiB",
                "gateway CPU", "client CPU");
        System.out.printf(Locale.ROOT, "%-12d %-9s %-8s %10d %10d %9.1f %9.1f %9.1f %14.1f %11.0f%% %11.0f%%%n",
                subscribers, sessions + (aligned ? "a" : ""), inProcess ? "in-jvm" : "process", expected, latenciesMicros.length,
                quantile(latenciesMicros, 0.5), quantile(latenciesMicros, 0.99), quantile(latenciesMicros, 1.0),
                heapPerConnectionKiB, 100.0 * cpuNanos / ((seconds + 2) * 1e9),
                clientCpuNanos < 0 ? Double.NaN : 100.0 * clientCpuNanos / ((seconds + 2) * 1e9));
        System.out.println("(CPU: percent of one core over the run; the gateway's column includes the broker and"
                + " the producer in this JVM" + (inProcess ? ", and the clients)" : ")"));
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
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

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /**
     * A consumer configured as the gateway's hub (read_committed, 10 ms fetch wait), recording how late each
     * update arrives: the part of the latency that is Kafka's, measured in the same run.
     */
    private static final class KafkaHop implements AutoCloseable {
        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, SessionEvent> consumer;
        private final Thread thread;
        private final long[] micros = new long[1 << 20];
        private volatile int count;
        private volatile boolean running = true;

        KafkaHop(String bootstrap) {
            Properties props = new Properties();
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    Topics.POSITIONS.valueSerde().deserializer());
            var partitions = consumer.partitionsFor(Topics.POSITIONS_NAME).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::run, "leggio-bench-kafka-hop");
            thread.start();
        }

        private void run() {
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    long emitted = record.value().getPosition().getEmittedTimeMicros();
                    if (emitted > 0 && count < micros.length) {
                        micros[count] = nowMicros() - emitted;
                        count++;
                    }
                }
            }
        }

        long[] finish() throws InterruptedException {
            running = false;
            thread.join();
            return Arrays.copyOf(micros, count);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            consumer.close();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double quantile(long[] sortedMicros, double q) {
        return sortedMicros.length == 0 ? Double.NaN
                : sortedMicros[Math.min(sortedMicros.length - 1, (int) (q * sortedMicros.length))] / 1000.0;
    }

    /** The subscribers, wherever they run. */
    private interface Subscribers extends AutoCloseable {
        /** CPU time they used so far, ns (−1 when it is not theirs alone). */
        long cpuNanos();

        /** Forgets the latencies so far. */
        void reset() throws Exception;

        /** Stops counting and returns every latency, µs. */
        long[] finish() throws Exception;

        @Override
        void close() throws Exception;
    }

    private final class InProcess implements Subscribers {
        private final FanoutClients clients = new FanoutClients(clientThreads);

        InProcess(String url) throws InterruptedException {
            clients.connect(url, SESSION_PREFIX, subscribers, sessions, protobuf);
        }

        @Override
        public long cpuNanos() {
            return -1;
        }

        @Override
        public void reset() throws InterruptedException {
            clients.reset();
        }

        @Override
        public long[] finish() throws InterruptedException {
            clients.quiesce();
            return clients.latenciesMicros();
        }

        @Override
        public void close() {
            clients.close();
        }
    }

    /** The clients in a child JVM ({@code leggio bench fanout-clients}), driven over its stdin and stdout. */
    private final class ChildProcess implements Subscribers {
        private final Process process;
        private final BufferedReader out;
        private final PrintStream in;

        ChildProcess(String url) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx512m");
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Leggio.class.getName(), "bench",
                    "fanout-clients", "--url", url, "--subscribers", String.valueOf(subscribers), "--sessions",
                    String.valueOf(sessions), "--client-threads", String.valueOf(clientThreads)));
            if (protobuf) {
                command.add("--protobuf");
            }
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String line = out.readLine();
            if (!"READY".equals(line)) {
                throw new IllegalStateException("the client process did not connect (said: " + line + ")");
            }
        }

        @Override
        public long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        @Override
        public void reset() throws Exception {
            in.println("RESET");
            String line = out.readLine();
            if (!"RESET".equals(line)) {
                throw new IllegalStateException("the client process did not reset (said: " + line + ")");
            }
        }

        @Override
        public long[] finish() throws Exception {
            in.println("STOP");
            String line = out.readLine();
            if (line == null || !line.startsWith("LATENCIES")) {
                throw new IllegalStateException("the client process gave no latencies (said: " + line + ")");
            }
            String[] parts = line.trim().split(" ");
            long[] micros = new long[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                micros[i - 1] = Long.parseLong(parts[i]);
            }
            return micros;
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The child side: connects, says READY, records until STOP, prints every latency on one line. */
    @Command(name = "fanout-clients", hidden = true, description = "The subscribers of bench fanout (run by it).")
    static final class ClientsCommand implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--subscribers", required = true)
        int subscribers;

        @Option(names = "--sessions", required = true)
        int sessions;

        @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Seconds of updates before measuring, not counted (JIT, connection buffers; default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--client-threads", defaultValue = "1")
        int clientThreads;

        @Option(names = "--protobuf")
        boolean protobuf;

        @Override
        public Integer call() throws Exception {
            try (FanoutClients clients = new FanoutClients(clientThreads)) {
                clients.connect(url, SESSION_PREFIX, subscribers, sessions, protobuf);
                System.out.println("READY");
                System.out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
                    if (line.equals("RESET")) {
                        clients.reset();
                        System.out.println("RESET");
                        System.out.flush();
                    }
                }
                clients.quiesce();
                StringBuilder sb = new StringBuilder("LATENCIES");
                for (long v : clients.latenciesMicros()) {
                    sb.append(' ').append(v);
                }
                System.out.println(sb);
                System.out.flush();
            }
            return 0;
        }
    }
}
