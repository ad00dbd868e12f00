package org.leggio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedService;
import org.leggio.gateway.GatewayConfig;
import org.leggio.gateway.GatewayServer;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestConfig;
import org.leggio.ingest.IngestPipeline;
import org.leggio.ingest.IngestService;
import org.leggio.ingest.KafkaChunkPublisher;
import org.leggio.ingest.source.AudioSources;
import org.leggio.kafka.ScorePublisher;
import org.leggio.kafka.Topics;
import org.leggio.matcher.stream.MatcherService;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportProgress;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leggio demo}: the whole system in one process — an embedded Kafka broker, the embedding service,
 * the matcher and the gateway — with the bundled demo score, playing the bundled performance in real time
 * (or following the microphone) while the viewer turns the pages.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in this process: an embedded Kafka broker, the embedding service, the matcher and the",
            "gateway, with the bundled demo score (Bach, Prelude in C, BWV 846, bars 1-11), and plays the bundled",
            "performance in real time. Open the printed URL to watch the viewer follow it. Needs nothing from ../shared."})
final class DemoCommand implements Callable<Integer> {
    /** Session id of the demo performance. */
    static final String SESSION = "demo";
    /**
     * The demo's pages are short (landscape, two systems each) so that its eleven bars span pages and the
     * viewer shows page turns, and two pages side by side fit a wide screen.
     */
    static final int DEMO_PAGE_HEIGHT_UNITS = 1500;

    @Mixin
    ModelOption model;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--port", defaultValue = "8080", description = "Viewer port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--mic", description = "Follow the machine's microphone instead of the bundled performance.")
    boolean mic;

    @Option(names = "--mixer", paramLabel = "NAME", description = "Capture device for --mic (default: the system's default).")
    String mixer;

    @Option(names = "--score", paramLabel = "FILE", description = "Another score to add (MusicXML, PDF or page images; repeatable).")
    List<Path> scores = new ArrayList<>();

    @Option(names = "--soundfont", paramLabel = "SF2",
            description = "SF2 bank for the MIDI performance (default: /usr/share/sounds/sf2/TimGM6mb.sf2 when installed, else the JDK's).")
    Path soundfont;

    @Option(names = "--loop", description = "Play the performance again and again.")
    boolean loop;

    @Option(names = "--exit-when-done", description = "Exit once the performance has been followed to its end (for scripts and tests).")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
        Path library = Files.createTempDirectory("leggio-demo-library-");
        try (Embedder embedder = Embedders.open(model.resolve());
                KafkaOptions.Connection kafkaConnection = kafka.connect()) {
            String bootstrap = kafkaConnection.bootstrapServers();
            System.err.printf("leggio demo: Kafka %s, model %s (%s)%n", bootstrap, embedder.info().modelId(),
                    embedder.info().device());
            publishScores(embedder, library, bootstrap);
            int window = embedder.info().audioContextFrames();
            try (EmbedService embed = new EmbedService(bootstrap, "leggio-demo-embed", library.resolve(".state-embed"),
                            EmbedConfig.defaults(), embedder, Map.of());
                    MatcherService matcher = new MatcherService(bootstrap, "leggio-demo-match",
                            library.resolve(".state-match"), MatchCommand.forModel(embedder.info().modelId(), window), Map.of());
                    LibraryIngestor uploads = new LibraryIngestor(library, embedder, EngraverOptions.defaults());
                    GatewayServer gateway = new GatewayServer(GatewayConfig.defaults("127.0.0.1", port, library,
                            bootstrap), uploads).start();
                    ConsoleLine console = new ConsoleLine(bootstrap, SESSION)) {
                embed.start(Duration.ofSeconds(120));
                matcher.start(Duration.ofSeconds(120));
                System.out.printf("%nViewer: http://127.0.0.1:%d/sessions/%s%n%n", gateway.port(), SESSION);
                CountDownLatch stopped = ServiceRunner.stopOnShutdown(() -> { }, "leggio-demo-shutdown");
                do {
                    play(bootstrap);
                } while (loop && stopped.getCount() > 0);
                if (exitWhenDone) {
                    console.awaitEnd(Duration.ofSeconds(30));
                    System.out.println();
                    System.out.println(console.summary());
                    return console.reachedEnd() ? 0 : Leggio.EXIT_FAILURE;
                }
                System.out.println();
                System.out.println("The performance is over; the viewer stays up. Ctrl-C stops the demo.");
                stopped.await();
            }
        } finally {
            deleteTree(library);
        }
        return 0;
    }

    private void publishScores(Embedder embedder, Path libraryDir, String bootstrap) {
        ScoreLibrary library = ScoreLibrary.open(libraryDir);
        List<ScoreIndex> pieces = new ArrayList<>();
        try (ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults().withPageHeightUnits(DEMO_PAGE_HEIGHT_UNITS),
                embedder)) {
            System.err.println("engraving and embedding the demo score…");
            pieces.add(importer.importScore(ImportRequest.of(List.of(DemoPiece.musicXml()), PieceMetadata.newBuilder()
                    .setTitle("Prelude in C major").setComposer("Johann Sebastian Bach").setCatalogueNumber("BWV 846")
                    .setMovement("bars 1-11").build()).withPieceId(DemoPiece.PIECE_ID), library, ImportProgress.NONE));
            for (Path score : scores) {
                System.err.println("adding " + score + "…");
                pieces.add(importer.importScore(ImportRequest.of(List.of(score), PieceMetadata.getDefaultInstance()),
                        library, ImportProgress.NONE));
            }
        }
        try (ScorePublisher publisher = new ScorePublisher(bootstrap, Duration.ofSeconds(30))) {
            pieces.forEach(publisher::publish);
        }
    }

    private void play(String bootstrap) throws Exception {
        IngestConfig config = IngestConfig.builder(SESSION).realtime(true).build();
        try (AudioSource audio = mic ? AudioSources.openMicrophone(mixer)
                : AudioSources.openMidi(DemoPiece.midi(), bank())) {
            System.err.printf("playing %s in real time%n", mic ? "the microphone" : "the bundled performance");
            IngestPipeline pipeline = new IngestPipeline(config);
            try (KafkaChunkPublisher publisher = new KafkaChunkPublisher(bootstrap, Topics.AUDIO_CHUNKS_NAME,
                    SESSION, KafkaChunkPublisher.Delivery.IMMEDIATE, Topics.AUDIO_CHUNKS.valueSerde().serializer())) {
                IngestService.publish(audio, pipeline, publisher, null);
            }
        }
    }

    private Path bank() {
        if (soundfont != null) {
            return soundfont;
        }
        Path timgm = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        return Files.isRegularFile(timgm) ? timgm : null;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Prints one live line for the demo session: piece, page, bar, state, confidence. */
    static final class ConsoleLine implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile PositionUpdate last;
        private volatile String title = "";
        private volatile boolean ended;
        private volatile int furthestPage = -1;
        private volatile String furthestBar = "";

        ConsoleLine(String bootstrap, String sessionId) {
            KafkaConsumer<String, SessionEvent> consumer = PositionsTail.fromNow(bootstrap, 100);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, SessionEvent> r : consumer.poll(Duration.ofMillis(100))) {
                            if (sessionId.equals(r.key())) {
                                show(r.value());
                            }
                        }
                    }
                }
            }, "leggio-demo-console");
            thread.setDaemon(true);
            thread.start();
        }

        private void show(SessionEvent event) {
            if (event.hasIdentification()) {
                var m = event.getIdentification().getMetadata();
                title = m.getComposer() + " — " + m.getTitle();
                System.out.printf(Locale.ROOT, "%nidentified: %s (confidence %.2f)%n", title,
                        event.getIdentification().getConfidence());
            } else if (event.hasPageTurn() && event.getPageTurn().getKind() == org.leggio.proto.v1.PageTurnKind.PAGE_TURN_KIND_HALF) {
                var turn = event.getPageTurn();
                System.out.printf(Locale.ROOT, "%nhalf turn: the top of page %d is shown; page %d ends in about %.1f s%n",
                        turn.getToPageIndex() + 1, turn.getFromPageIndex() + 1,
                        Math.max(0, turn.getPredictedEndOfPageMicros() - turn.getCaptureTimeMicros()) / 1e6);
            } else if (event.hasPageTurn()) {
                System.out.printf(Locale.ROOT, "%nturn to page %d%n", event.getPageTurn().getToPageIndex() + 1);
            } else if (event.hasPosition()) {
                PositionUpdate p = event.getPosition();
                last = p;
                String state = p.getState().name().replace("FOLLOW_STATE_", "");
                if (p.getState().name().endsWith("FOLLOWING")) {
                    furthestPage = Math.max(furthestPage, p.getPageIndex());
                    furthestBar = p.getBarLabel();
                }
                if (p.getState().name().endsWith("IDLE") && !p.getPieceId().isEmpty()) {
                    ended = true;
                }
                System.out.printf(Locale.ROOT, "\r%-40s page %d, bar %-4s %-11s confidence %.2f   ",
                        title.isEmpty() ? "(identifying)" : title, p.getPageIndex() + 1, p.getBarLabel(), state,
                        p.getConfidence());
            }
        }

        void awaitEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ended && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        boolean reachedEnd() {
            return ended && furthestPage >= 0;
        }

        String summary() {
            return String.format(Locale.ROOT, "demo: %s; followed to page %d, bar %s", ended ? "session ended"
                    : "session did not end", furthestPage + 1, furthestBar);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(2_000);
        }
    }
}
