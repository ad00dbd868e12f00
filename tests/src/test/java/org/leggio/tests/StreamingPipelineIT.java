package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.leggio.embed.EmbedConfig;
import org.leggio.embed.EmbedService;
import org.leggio.ingest.ChunkCodec;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.kafka.ScorePublisher;
import org.leggio.kafka.Topics;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.stream.MatcherService;
import org.leggio.matcher.stream.MatcherStreamConfig;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.Resync;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.proto.v1.SpectrogramChunk;
import org.leggio.proto.v1.ValueEncoding;
import org.leggio.score.ScoreLibrary;

/**
 * The streaming pipeline end to end on a real broker with the real model: ingest → embedding service →
 * matcher → a read_committed reader of leggio.positions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingPipelineIT extends BrokerTestBase {
    private static final Path MODEL = Path.of("..", "models", "default").toAbsolutePath().normalize();

    private static Embedder embedder;
    private static EmbedService embed;
    private static MatcherService matcher;
    private static PositionsReader reader;
    private static Path library;

    @BeforeAll
    static void startServices() {
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        library = dir.resolve("library");
        embedder = Embedders.open(MODEL);
        embed = new EmbedService(broker.bootstrapServers(), EmbedService.DEFAULT_APPLICATION_ID, dir.resolve("embed"),
                EmbedConfig.defaults(), embedder, Map.of());
        // the generated etude is music the model barely knows (it costs 0.6-0.9 against its own score, like other
        // music does); with it alone in the library, the lone bound is relaxed to the general one, so that this test
        // is about the streaming, not about the model's taste
        MatcherStreamConfig config = MatcherStreamConfig.defaults(embedder.info().modelId(), 84, 2);
        config = config.withSession(config.session().withIdentifier(config.session().identifier().withLoneMaxCost(0.75)));
        matcher = new MatcherService(broker.bootstrapServers(), "leggio-match", dir.resolve("match"), config, Map.of());
        embed.start(Duration.ofSeconds(120));
        matcher.start(Duration.ofSeconds(120));
        reader = new PositionsReader(broker.bootstrapServers(), Topics.DEFAULT_SESSION_PARTITIONS);
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        reader.close();
        matcher.close();
        embed.close();
        embedder.close();
    }

    private static ScoreIndex addScore(String id, long seed) throws Exception {
        Path score = Files.writeString(dir.resolve(id + ".musicxml"), GeneratedEtude.musicXml(seed));
        CommandRun add = CommandRun.of("score", "add", score.toString(), "--id", id, "--library", library.toString());
        assertThat(add.code()).as(add.err()).isZero();
        return ScoreLibrary.open(library).get(id);
    }

    private static void publish(ScoreIndex piece) {
        try (ScorePublisher publisher = new ScorePublisher(broker.bootstrapServers(), Duration.ofSeconds(30))) {
            publisher.publish(piece);
        }
    }

    /** The bundled demo (Bach, BWV 846 bars 1-11, 66 quarter notes per minute, no lead-in) end to end. */
    @Test
    @Order(2)
    void aWholePerformanceStreamedEndToEndReachesTheLastPage() throws Exception {
        Path score = resource("/org/leggio/app/demo/bwv846-bars1-11.musicxml", "demo.musicxml");
        Path midi = resource("/org/leggio/app/demo/bwv846-bars1-11.mid", "demo.mid");
        CommandRun add = CommandRun.of("score", "add", score.toString(), "--id", "demo", "--library", library.toString(),
                "--bootstrap", broker.bootstrapServers());
        assertThat(add.code()).as(add.err()).isZero();
        ScoreIndex piece = ScoreLibrary.open(library).get("demo");
        List<String> args = new java.util.ArrayList<>(List.of("ingest", "--midi", midi.toString(), "--bootstrap",
                broker.bootstrapServers(), "--session", "whole"));
        if (bank() != null) {
            args.addAll(List.of("--soundfont", bank().toString()));
        }
        CommandRun ingest = CommandRun.of(args.toArray(String[]::new));
        assertThat(ingest.code()).as(ingest.err()).isZero();

        Awaitility.await("the session's last event").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> endedAfterMusic(reader.events("whole")));
        List<SessionEvent> events = reader.events("whole");
        Events.writeCsv(Path.of("target", "streaming-it", "whole.csv"), events);
        Events.assertGapFree(events);
        assertThat(events.stream().filter(SessionEvent::hasIdentification).map(e -> e.getIdentification().getPieceId()))
                .containsExactly("demo");
        PositionUpdate last = lastFollowing(events);
        assertThat(last.getPageIndex()).as("the last page").isEqualTo(piece.getPagesCount() - 1);
        assertThat(last.getSystemIndex()).as("the last system").isEqualTo(piece.getSystemsCount() - 1);
        assertThat(last.getBarLabel()).as("the last bar").isEqualTo("11");
        List<Double> errors = new java.util.ArrayList<>();
        for (SessionEvent e : events) {
            PositionUpdate p = e.getPosition();
            double seconds = (p.getFrameIndex() + 1) / 20.0;
            if (e.hasPosition() && p.getState() == FollowState.FOLLOW_STATE_FOLLOWING && seconds < 35) {
                errors.add(Math.abs(p.getScoreBeats() - 1.1 * seconds));
            }
        }
        java.util.Collections.sort(errors);
        assertThat(errors.size()).as("positions following").isGreaterThan(250);
        assertThat(errors.get(errors.size() / 2)).as("median beat error").isLessThan(0.5);
    }

    private static Path resource(String name, String file) throws Exception {
        try (var in = StreamingPipelineIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Path out = dir.resolve(file);
            Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    /** First, while the matcher knows no piece: the session can only identify. */
    @Test
    @Order(1)
    void aScorePublishedWhileASessionIdentifiesIsFoundAndBadRecordsAndResyncsWork() throws Exception {
        ScoreIndex late = addScore("late-etude", 11);
        Path midi = dir.resolve("late.mid");
        GeneratedEtude.writeMidi(midi, 11);
        float[][] bands = Spectrograms.of(AudioSources.openMidi(midi, bank()));
        int chunks = bands[0].length / 2;
        String session = "late";
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // 12 s of music before the matcher knows the piece: nothing to follow
            send(producer, session, bands, 0, 120);
            awaitPositions(session, 60);
            Events.writeCsv(Path.of("target", "streaming-it", "late.csv"), reader.events(session));
            assertThat(reader.events(session).stream().filter(SessionEvent::hasPosition)
                    .map(e -> e.getPosition().getPieceId())).containsOnly("");
            publish(late);
            // garbage on both audio topics for this session: logged and skipped
            producer.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS_NAME, session, new byte[] {(byte) 0xff, 0x13}));
            producer.send(new ProducerRecord<>(Topics.AUDIO_EMBEDDINGS_NAME, session, new byte[] {(byte) 0xff, 0x37}));
            send(producer, session, bands, 120, 300);
            // every embedding so far matched (one position per 2-frame chunk), so the tap comes after them
            awaitPositions(session, 300);
            Awaitility.await("identified").atMost(Duration.ofSeconds(60))
                    .until(() -> lastPosition(reader.events(session)).getPieceId().equals("late-etude"));

            // a musician taps bar 3 while the music pauses: the next position is there
            ScoreTrack track = ScoreTrack.of(late);
            ScoreTrack.Place bar3 = track.locate(track.positionOfBeats(7.0));
            producer.send(new ProducerRecord<>(Topics.SESSION_COMMANDS_NAME, session, SessionCommand.newBuilder()
                    .setSessionId(session).setCommandId("tap").setResync(Resync.newBuilder().setPieceId("late-etude")
                            .setPageIndex(bar3.pageIndex()).setSystemIndex(bar3.systemIndex()).setPageXPx(bar3.pageXPx()))
                    .build().toByteArray()));
            producer.flush();
            Thread.sleep(2_000);
            int before = reader.events(session).size();
            send(producer, session, bands, 300, 302);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reader.events(session).size() > before);
            PositionUpdate afterTap = reader.events(session).subList(before, reader.events(session).size()).stream()
                    .filter(SessionEvent::hasPosition).findFirst().orElseThrow().getPosition();
            // a position of now: the tapped place moved on by the follower's 2.1-s look-back at the tempo it kept
            // (the étude's 2 quarter notes a second: up to 4.2 beats on), not the ~28 beats the music had reached
            double lookedAhead = 2.1 / GeneratedEtude.SECONDS_PER_BEAT;
            assertThat(afterTap.getScoreBeats()).as("beats after the tap").isBetween(5.0, 7.0 + lookedAhead + 1);

            send(producer, session, bands, 302, chunks);
            Awaitility.await("the session's last event").atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> endedAfterMusic(reader.events(session)));
        }
        Events.writeCsv(Path.of("target", "streaming-it", "late.csv"), reader.events(session));
        Events.assertGapFree(reader.events(session));
    }

    /** The bank the model's training audio was rendered with (.ci/run installs it), else the JDK's own. */
    private static Path bank() {
        Path timgm = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
        return Files.isRegularFile(timgm) ? timgm : null;
    }

    private static void awaitPositions(String session, int count) {
        Awaitility.await(count + " positions of " + session).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> reader.events(session).stream().filter(SessionEvent::hasPosition).count() >= count);
    }

    /** Sends chunks {@code from}..{@code to − 1} (2 frames each); the very last chunk ends the stream. */
    private static void send(KafkaProducer<String, byte[]> producer, String session, float[][] bands, int from, int to) {
        int total = bands[0].length / 2;
        float[] values = new float[2 * 92];
        ByteBuffer scratch = ByteBuffer.allocate(values.length * 4);
        for (int c = from; c < Math.min(to, total); c++) {
            for (int f = 0; f < 2; f++) {
                for (int b = 0; b < 92; b++) {
                    values[f * 92 + b] = bands[b][2 * c + f];
                }
            }
            SpectrogramChunk chunk = SpectrogramChunk.newBuilder().setSessionId(session).setSequenceNumber(c)
                    .setFirstFrameIndex(2L * c).setFrameCount(2).setBandCount(92)
                    .setEncoding(ValueEncoding.VALUE_ENCODING_FLOAT16)
                    .setValues(ChunkCodec.encode(values, values.length, ValueEncoding.VALUE_ENCODING_FLOAT16, scratch))
                    .setCaptureTimeMicros(System.currentTimeMillis() * 1000).setEndOfStream(c == total - 1).build();
            producer.send(new ProducerRecord<>(Topics.AUDIO_CHUNKS_NAME, session, chunk.toByteArray()));
        }
        producer.flush();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Whether the end-of-stream event (an IDLE position after the session followed something) has arrived. */
    private static boolean endedAfterMusic(List<SessionEvent> events) {
        if (events.isEmpty() || !events.get(events.size() - 1).hasPosition()) {
            return false;
        }
        boolean followed = events.stream().anyMatch(e -> e.hasPosition()
                && e.getPosition().getState() == FollowState.FOLLOW_STATE_FOLLOWING);
        return followed && events.get(events.size() - 1).getPosition().getState() == FollowState.FOLLOW_STATE_IDLE;
    }

    private static PositionUpdate lastPosition(List<SessionEvent> events) {
        return events.stream().filter(SessionEvent::hasPosition).reduce((a, b) -> b).orElseThrow().getPosition();
    }

    private static PositionUpdate lastFollowing(List<SessionEvent> events) {
        return events.stream().filter(e -> e.hasPosition()
                && e.getPosition().getState() == FollowState.FOLLOW_STATE_FOLLOWING).reduce((a, b) -> b).orElseThrow()
                .getPosition();
    }
}
