package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.leggio.kafka.Topics;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PageTurn;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.stream.MatcherStreamConfig;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.score.ScoreLibrary;

/**
 * The failure test of the streaming matcher: two matcher instances (child JVMs) share four partitions
 * while eight sessions stream a performance; one instance is killed mid-performance like a crashed
 * machine. The survivor takes its sessions over from the changelog, and a {@code read_committed}
 * reader sees every session's events numbered 0, 1, 2, … with no gap and no duplicate — and exactly
 * the events an uninterrupted matcher produces for the same embeddings, which follow the known beats.
 */
class MatcherFailoverIT extends BrokerTestBase {
    private static final int SESSIONS = 8;
    private static final int PARTITIONS = Topics.DEFAULT_SESSION_PARTITIONS;
    /** Embeddings are sent 4 times faster than real time (one per 25 ms per session). */
    private static final long STEP_MILLIS = 25;

    @Test
    @Timeout(600)
    void aKilledInstancesSessionsContinueWithoutGapOrDuplicate() throws Exception {
        Path modelDir = Path.of("..", "models", "default").toAbsolutePath().normalize();
        System.setProperty("leggio.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path score = Files.writeString(dir.resolve("etude.musicxml"), GeneratedEtude.musicXml());
        Path midi = dir.resolve("etude.mid");
        GeneratedEtude.writeMidi(midi);
        Path library = dir.resolve("library");
        CommandRun add = CommandRun.of("score", "add", score.toString(), "--id", "etude", "--library",
                library.toString(), "--bootstrap", broker.bootstrapServers());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("published etude on leggio.scores");
        ScoreIndex piece = ScoreLibrary.open(library).get("etude");
        List<AudioEmbedding> performance = EtudePerformance.embeddings(midi, modelDir);
        List<String> sessions = sessionsOverAllPartitions();

        // the generated etude is music the model barely knows (it costs 0.6-0.9 against its own score, like other
        // music does): this test is about failover, so its matchers accept the lone piece up to the general bound
        String[] common = {"match", "--bootstrap", broker.bootstrapServers(), "--model", modelDir.toString(),
            "--streams-config", "producer.transaction.timeout.ms=5000", "--lone-max-cost", String.valueOf(LONE_MAX_COST)};
        try (LeggioProcess first = LeggioProcess.start(dir.resolve("match-1.log"),
                    with(common, "--state-dir", dir.resolve("state-1").toString()));
                LeggioProcess second = LeggioProcess.start(dir.resolve("match-2.log"),
                    with(common, "--state-dir", dir.resolve("state-2").toString()));
                PositionsReader reader = new PositionsReader(broker.bootstrapServers(), PARTITIONS)) {
            first.awaitLog("leggio match: running", Duration.ofSeconds(120));
            second.awaitLog("leggio match: running", Duration.ofSeconds(120));
            assertThat(first.log()).contains("1 pieces");
            List<SessionEvent> expected = uninterrupted(piece, performance);
            int killAt = performance.size() * 2 / 5;
            int survivorLogAtKill = 0;
            try (KafkaProducer<String, AudioEmbedding> producer = producer()) {
                long start = System.currentTimeMillis();
                for (int i = 0; i < performance.size(); i++) {
                    if (i == killAt) {
                        assertThat(first.log()).as("the first instance runs tasks").contains("took over its sessions");
                        survivorLogAtKill = second.log().length();
                        first.kill();
                    }
                    for (String session : sessions) {
                        AudioEmbedding e = performance.get(i).toBuilder().setSessionId(session)
                                .setCaptureTimeMicros(start * 1000 + performance.get(i).getFrameIndex() * 50_000).build();
                        producer.send(new ProducerRecord<>(Topics.AUDIO_EMBEDDINGS_NAME, session, e));
                    }
                    long due = start + (i + 1) * STEP_MILLIS;
                    Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                }
                for (String session : sessions) {
                    producer.send(new ProducerRecord<>(Topics.AUDIO_EMBEDDINGS_NAME, session,
                            AudioEmbedding.newBuilder().setSessionId(session).setEndOfStream(true)
                                    .setFrameIndex(performance.get(performance.size() - 1).getFrameIndex() + 1)
                                    .setSequenceNumber(performance.size()).build()));
                }
                producer.flush();
            }
            assertThat(first.isAlive()).isFalse();
            Awaitility.await("every session's last event").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500)).until(() -> reader.ended(sessions, expected.size() + 1));
            assertThat(second.log().substring(survivorLogAtKill)).as("the survivor took tasks over after the kill")
                    .contains("took over its sessions");
            for (String session : sessions) {
                List<SessionEvent> events = reader.events(session);
                for (int n = 0; n < events.size(); n++) {
                    assertThat(Events.sequenceOf(events.get(n))).as("event %d of %s", n, session).isEqualTo(n);
                }
                assertThat(events).as("events of %s", session).hasSize(expected.size() + 1);
                for (int n = 0; n < expected.size(); n++) {
                    assertSame(events.get(n), expected.get(n), session + " event " + n);
                }
                assertThat(events.get(events.size() - 1).getPosition().getState()).isEqualTo(FollowState.FOLLOW_STATE_IDLE);
                Events.writeCsv(java.nio.file.Path.of("target", "failover-it", session + ".csv"), events);
                Events.assertFollowsTheBeats(events);
                // for the record (not a timed assertion): how long the session's readers waited at the takeover
                System.out.printf(java.util.Locale.ROOT, "failover: %s paused at most %.1f s%n", session,
                        reader.longestPauseSeconds(session));
            }
        }
    }

    /** Eight session ids, two on each of the four partitions (the default partitioner's choice). */
    private static List<String> sessionsOverAllPartitions() {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int n = 0; byPartition.values().stream().mapToInt(List::size).sum() < SESSIONS; n++) {
            String id = "session-" + n;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    % PARTITIONS;
            List<String> ids = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (ids.size() < SESSIONS / PARTITIONS) {
                ids.add(id);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    /** What one matcher that never fails publishes for the performance (sequence numbers aside). */
    private static List<SessionEvent> uninterrupted(ScoreIndex piece, List<AudioEmbedding> performance) {
        MatcherSession session = new MatcherSession(PieceLibrary.of(List.of(piece)),
                lenient(SessionConfig.defaults(FollowerConfig.centred(84, EtudePerformance.HOP_FRAMES))));
        List<SessionEvent> events = new ArrayList<>();
        for (AudioEmbedding e : performance) {
            float[] values = new float[e.getValuesCount()];
            for (int d = 0; d < values.length; d++) {
                values[d] = e.getValues(d);
            }
            MatcherSession.Output out = session.step(values, e.getFrameIndex(), e.getRecentLogMagnitude() > MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD);
            if (out.identification() != null) {
                events.add(SessionEvent.newBuilder().setIdentification(org.leggio.proto.v1.Identification.newBuilder()
                        .setPieceId(out.identification().best().pieceId())).build());
            }
            events.add(SessionEvent.newBuilder().setPosition(expectedPosition(out.position())).build());
            if (out.pageTurn() != null) {
                events.add(SessionEvent.newBuilder().setPageTurn(org.leggio.proto.v1.PageTurn.newBuilder()
                        .setToPageIndex(out.pageTurn().toPage()).setKind(out.pageTurn().kind() == PageTurn.Kind.HALF
                                ? org.leggio.proto.v1.PageTurnKind.PAGE_TURN_KIND_HALF
                                : org.leggio.proto.v1.PageTurnKind.PAGE_TURN_KIND_FULL)).build());
            }
        }
        return events;
    }

    private static final double LONE_MAX_COST = 0.75;

    private static SessionConfig lenient(SessionConfig config) {
        return config.withIdentifier(config.identifier().withLoneMaxCost(LONE_MAX_COST));
    }

    private static PositionUpdate expectedPosition(TrackedPosition p) {
        PositionUpdate.Builder b = PositionUpdate.newBuilder().setFrameIndex(p.frameIndex()).setPieceId(p.pieceId())
                .setConfidence(p.confidence()).setState(FollowState.valueOf("FOLLOW_STATE_" + p.state().name()));
        if (p.place() != null) {
            b.setStripXPx(p.place().stripXPx()).setPageIndex(p.place().pageIndex()).setScoreBeats(p.place().scoreBeats());
        }
        return b.build();
    }

    private static void assertSame(SessionEvent actual, SessionEvent expected, String what) {
        assertThat(actual.getEventCase()).as(what).isEqualTo(expected.getEventCase());
        switch (expected.getEventCase()) {
            case POSITION -> {
                PositionUpdate a = actual.getPosition();
                PositionUpdate e = expected.getPosition();
                assertThat(a.getFrameIndex()).as(what).isEqualTo(e.getFrameIndex());
                assertThat(a.getState()).as(what).isEqualTo(e.getState());
                assertThat(a.getPieceId()).as(what).isEqualTo(e.getPieceId());
                assertThat(a.getStripXPx()).as(what).isEqualTo(e.getStripXPx());
                assertThat(a.getPageIndex()).as(what).isEqualTo(e.getPageIndex());
                assertThat(a.getConfidence()).as(what).isEqualTo(e.getConfidence());
            }
            case IDENTIFICATION -> assertThat(actual.getIdentification().getPieceId()).as(what)
                    .isEqualTo(expected.getIdentification().getPieceId());
            case PAGE_TURN -> {
                assertThat(actual.getPageTurn().getToPageIndex()).as(what).isEqualTo(expected.getPageTurn().getToPageIndex());
                assertThat(actual.getPageTurn().getKind()).as(what).isEqualTo(expected.getPageTurn().getKind());
            }
            default -> throw new AssertionError(what + ": empty event");
        }
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static KafkaProducer<String, AudioEmbedding> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), Topics.AUDIO_EMBEDDINGS.valueSerde());
    }
}
