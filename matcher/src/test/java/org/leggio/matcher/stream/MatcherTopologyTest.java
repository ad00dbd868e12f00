package org.leggio.matcher.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.kafka.StreamsSettings;
import org.leggio.kafka.Topics;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.stream.internal.ScoreCatalog;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PageTurn;
import org.leggio.proto.v1.PageTurnKind;
import org.leggio.proto.v1.Pause;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.Reset;
import org.leggio.proto.v1.Resync;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.leggio.proto.v1.SessionEvent;

/** The matcher topology on generated scores whose answer is known, with Kafka Streams' test driver. */
class MatcherTopologyTest {
    private static final String SESSION = "session-1";
    private static final FollowerConfig FOLLOWER = FollowerConfig.centred(84, 2).withLookbackSeconds(0);
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ScoreIndex> scores;
    private TestInputTopic<String, AudioEmbedding> embeddings;
    private TestInputTopic<String, byte[]> rawEmbeddings;
    private TestInputTopic<String, SessionCommand> commands;
    private TestOutputTopic<String, SessionEvent> positions;
    private final Random random = new Random(7);
    private final java.util.Map<String, Long> nextSequence = new java.util.HashMap<>();

    @BeforeEach
    void start() {
        MatcherStreamConfig config = new MatcherStreamConfig(SessionConfig.defaults(FOLLOWER), "synthetic",
                MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD, Duration.ofMinutes(5), 3);
        driver = new TopologyTestDriver(MatcherTopology.build(config, new ScoreCatalog(config.modelId())),
                StreamsSettings.exactlyOnce("test:9092", "matcher-test", stateDir, Map.of()), START);
        scores = driver.createInputTopic(Topics.SCORES_NAME, Serdes.String().serializer(),
                Topics.SCORES.valueSerde().serializer());
        embeddings = driver.createInputTopic(Topics.AUDIO_EMBEDDINGS_NAME, Serdes.String().serializer(),
                Topics.AUDIO_EMBEDDINGS.valueSerde().serializer());
        rawEmbeddings = driver.createInputTopic(Topics.AUDIO_EMBEDDINGS_NAME, Serdes.String().serializer(),
                new ByteArraySerializer());
        commands = driver.createInputTopic(Topics.SESSION_COMMANDS_NAME, Serdes.String().serializer(),
                Topics.SESSION_COMMANDS.valueSerde().serializer());
        positions = driver.createOutputTopic(Topics.POSITIONS_NAME, Serdes.String().deserializer(),
                Topics.POSITIONS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static ScoreIndex piece(String id, long seed) {
        return SyntheticScores.piece(id, 80, seed, -1, -1);
    }

    private static ScoreTrack track(ScoreIndex piece) {
        return ScoreTrack.of(piece);
    }

    private void publish(ScoreIndex... pieces) {
        for (ScoreIndex p : pieces) {
            scores.pipeInput(p.getPieceId(), p);
        }
    }

    /** Plays {@code steps} embeddings of a track at 0.5 positions per embedding from {@code from}. */
    private List<SessionEvent> play(String session, ScoreTrack track, double from, int firstStep, int steps,
            double loudness) {
        for (int i = 0; i < steps; i++) {
            int step = firstStep + i;
            float[] v = SyntheticScores.noisy(SyntheticScores.at(track, from + 0.5 * i), 0.5, random);
            embeddings.pipeInput(session, embedding(session, v, 2L * step + 1, loudness));
        }
        return drain();
    }

    private static AudioEmbedding embedding(String session, float[] v, long frame, double loudness) {
        AudioEmbedding.Builder b = AudioEmbedding.newBuilder().setSessionId(session).setFrameIndex(frame)
                .setWindowFrames(84).setCaptureTimeMicros(1_000_000L + frame * 50_000L).setModelId("synthetic")
                .setRecentLogMagnitude((float) loudness);
        for (float x : v) {
            b.addValues(x);
        }
        return b.build();
    }

    /** Every event published since the last call; checks each session's numbering is gap-free. */
    private List<SessionEvent> drain() {
        List<SessionEvent> events = new ArrayList<>();
        for (var record : positions.readKeyValuesToList()) {
            long sequence = sequenceOf(record.value);
            long expected = nextSequence.getOrDefault(record.key, 0L);
            assertThat(sequence).as("sequence number of session %s", record.key).isEqualTo(expected);
            nextSequence.put(record.key, expected + 1);
            events.add(record.value);
        }
        return events;
    }

    private static long sequenceOf(SessionEvent event) {
        return switch (event.getEventCase()) {
            case POSITION -> event.getPosition().getSequenceNumber();
            case PAGE_TURN -> event.getPageTurn().getSequenceNumber();
            case IDENTIFICATION -> event.getIdentification().getSequenceNumber();
            default -> throw new AssertionError("empty event");
        };
    }

    private static List<PositionUpdate> positionsOf(List<SessionEvent> events) {
        return events.stream().filter(SessionEvent::hasPosition).map(SessionEvent::getPosition).toList();
    }

    private static PositionUpdate lastPosition(List<SessionEvent> events) {
        List<PositionUpdate> all = positionsOf(events);
        return all.get(all.size() - 1);
    }

    @Test
    void identifiesThenFollowsWithGapFreeNumbering() {
        ScoreIndex a = piece("a", 1);
        ScoreIndex b = piece("b", 2);
        publish(a, b, piece("c", 3));
        List<SessionEvent> events = play(SESSION, track(b), 100, 0, 150, 0.2);
        assertThat(events.stream().filter(SessionEvent::hasIdentification).map(e -> e.getIdentification().getPieceId()))
                .containsExactly("b");
        var identification = events.stream().filter(SessionEvent::hasIdentification).findFirst().orElseThrow()
                .getIdentification();
        assertThat(identification.getCandidatesList()).isNotEmpty();
        assertThat(identification.getCandidates(0).getPieceId()).isEqualTo("b");
        PositionUpdate last = lastPosition(events);
        assertThat(last.getState()).isEqualTo(FollowState.FOLLOW_STATE_FOLLOWING);
        assertThat(last.getPieceId()).isEqualTo("b");
        // 0.5 positions per embedding of 8 px from position 100; strip x of position p is 8p + 4
        double truth = 100 + 0.5 * 149;
        assertThat(last.getStripXPx()).isCloseTo((float) (8 * truth + 4), offset(24f));
        assertThat(last.getFrameIndex()).isEqualTo(2L * 149 + 1);
        assertThat(last.getEmittedTimeMicros()).isPositive();
        // one position update per embedding
        assertThat(positionsOf(events)).hasSize(150);
    }

    @Test
    void halfTurnsThePageAheadOfTheFullTurn() {
        ScoreIndex b = piece("b", 2);
        publish(piece("a", 1), b, piece("c", 3));
        // from position 60 in page 0's top system, through its bottom system (positions 100-199, entered at
        // step 80, once identification and the tempo are settled), onto page 1 at 200 (step 280)
        List<SessionEvent> events = play(SESSION, track(b), 60, 0, 300, 0.2);
        List<PageTurn> turns = events.stream().filter(SessionEvent::hasPageTurn).map(SessionEvent::getPageTurn)
                .toList();
        assertThat(turns).extracting(PageTurn::getKind)
                .containsExactly(PageTurnKind.PAGE_TURN_KIND_HALF, PageTurnKind.PAGE_TURN_KIND_FULL);
        assertThat(turns).allSatisfy(t -> {
            assertThat(t.getPieceId()).isEqualTo("b");
            assertThat(t.getFromPageIndex()).isZero();
            assertThat(t.getToPageIndex()).isEqualTo(1);
        });
        PageTurn half = turns.get(0);
        assertThat(half.getPredictedEndOfPageMicros()).isGreaterThan(half.getCaptureTimeMicros());
        // the end of page 0 (position 199) is played at step (199 - 60) / 0.5 = 278, frame 557
        long reached = 1_000_000L + 557 * 50_000L;
        assertThat(half.getPredictedEndOfPageMicros()).isCloseTo(reached, offset(500_000L));
        PageTurn full = turns.get(1);
        assertThat(full.getPredictedEndOfPageMicros()).isEqualTo(full.getCaptureTimeMicros());
    }

    @Test
    void aScorePublishedWhileIdentifyingIsFound() {
        publish(piece("a", 1));
        ScoreIndex late = piece("late", 4);
        List<SessionEvent> before = play(SESSION, track(late), 40, 0, 60, 0.2);
        // (a piece alone in the library is announced only at a low cost, three verifications in a row)
        assertThat(lastPosition(before).getPieceId()).isNotEqualTo("late");
        publish(late);
        List<SessionEvent> after = play(SESSION, track(late), 70, 60, 120, 0.2);
        assertThat(after.stream().filter(SessionEvent::hasIdentification).map(e -> e.getIdentification().getPieceId()))
                .contains("late");
        assertThat(lastPosition(after).getPieceId()).isEqualTo("late");
        assertThat(lastPosition(after).getState()).isEqualTo(FollowState.FOLLOW_STATE_FOLLOWING);
    }

    @Test
    void malformedRecordsAreSkippedAndTheSessionGoesOn() {
        ScoreIndex a = piece("a", 1);
        publish(a);
        play(SESSION, track(a), 0, 0, 40, 0.2);
        rawEmbeddings.pipeInput(SESSION, new byte[] {(byte) 0xff, 0x13, 0x37});
        // an embedding of the wrong size and one without a key are skipped too
        embeddings.pipeInput(SESSION, embedding(SESSION, new float[] {1, 0, 0}, 81, 0.2));
        embeddings.pipeInput((String) null, embedding(SESSION, SyntheticScores.at(track(a), 20), 81, 0.2));
        assertThat(drain()).isEmpty();
        List<SessionEvent> after = play(SESSION, track(a), 20, 41, 60, 0.2);
        assertThat(positionsOf(after)).hasSize(60);
        assertThat(lastPosition(after).getPieceId()).isEqualTo("a");
    }

    @Test
    void embeddingsOfAnotherModelAreNotMatched() {
        ScoreIndex a = piece("a", 1);
        publish(a);
        AudioEmbedding foreign = embedding(SESSION, SyntheticScores.at(track(a), 5), 1, 0.2).toBuilder()
                .setModelId("another-model").build();
        embeddings.pipeInput(SESSION, foreign);
        assertThat(drain()).isEmpty();
        assertThat(positionsOf(play(SESSION, track(a), 0, 1, 5, 0.2))).hasSize(5);
    }

    @Test
    void aResyncCommandMovesTheFollower() {
        ScoreIndex a = piece("a", 1);
        publish(a, piece("b", 2));
        ScoreTrack t = track(a);
        play(SESSION, t, 0, 0, 120, 0.2);
        // the players jump to position 400 (bar 41, on page 3) and a musician taps it
        ScoreTrack.Place there = t.locate(400);
        commands.pipeInput(SESSION, SessionCommand.newBuilder().setSessionId(SESSION).setCommandId("tap-1")
                .setResync(Resync.newBuilder().setPieceId("a").setPageIndex(there.pageIndex())
                        .setSystemIndex(there.systemIndex()).setPageXPx(there.pageXPx()))
                .build());
        List<SessionEvent> after = play(SESSION, t, 400, 120, 20, 0.2);
        assertThat(lastPosition(after).getStripXPx()).isCloseTo((float) (8 * (400 + 0.5 * 19) + 4), offset(24f));
        assertThat(lastPosition(after).getPageIndex()).isEqualTo(there.pageIndex());
    }

    @Test
    void pauseFreezesAndResetForgets() {
        ScoreIndex a = piece("a", 1);
        publish(a, piece("b", 2));
        ScoreTrack t = track(a);
        PositionUpdate following = lastPosition(play(SESSION, t, 0, 0, 120, 0.2));
        assertThat(following.getState()).isEqualTo(FollowState.FOLLOW_STATE_FOLLOWING);
        commands.pipeInput(SESSION, SessionCommand.newBuilder().setSessionId(SESSION).setCommandId("p")
                .setPause(Pause.newBuilder().setPaused(true)).build());
        List<SessionEvent> paused = play(SESSION, t, 200, 120, 10, 0.2);
        assertThat(positionsOf(paused)).allSatisfy(p -> {
            assertThat(p.getState()).isEqualTo(FollowState.FOLLOW_STATE_PAUSED);
            assertThat(p.getStripXPx()).isEqualTo(following.getStripXPx());
        });
        commands.pipeInput(SESSION, SessionCommand.newBuilder().setSessionId(SESSION).setCommandId("r")
                .setReset(Reset.getDefaultInstance()).build());
        PositionUpdate afterReset = lastPosition(play(SESSION, t, 200, 130, 3, 0.2));
        assertThat(afterReset.getPieceId()).isEmpty();
        assertThat(afterReset.getState()).isIn(FollowState.FOLLOW_STATE_IDLE, FollowState.FOLLOW_STATE_IDENTIFYING);
    }

    @Test
    void silenceHoldsThePositionThenReportsLost() {
        ScoreIndex a = piece("a", 1);
        publish(a, piece("b", 2));
        ScoreTrack t = track(a);
        PositionUpdate playing = lastPosition(play(SESSION, t, 0, 0, 120, 0.2));
        // 4 s of silence: a rest's length held (MatcherSession.SILENT_SECONDS_TO_LOST), then lost
        List<PositionUpdate> silent = positionsOf(play(SESSION, t, 60, 120, 40, 0.0));
        assertThat(silent).allSatisfy(p -> assertThat(p.getStripXPx()).isEqualTo(playing.getStripXPx()));
        assertThat(silent).hasSize(40);
        assertThat(silent.get(0).getState()).isEqualTo(FollowState.FOLLOW_STATE_FOLLOWING);
        assertThat(silent.get(24).getState()).as("2.5 s into a rest").isEqualTo(FollowState.FOLLOW_STATE_FOLLOWING);
        assertThat(silent.get(silent.size() - 1).getState()).isEqualTo(FollowState.FOLLOW_STATE_LOST);
    }

    @Test
    void endOfStreamReportsIdleAndForgetsTheSession() {
        ScoreIndex a = piece("a", 1);
        publish(a);
        play(SESSION, track(a), 0, 0, 20, 0.2);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(MatcherTopology.SESSIONS_STORE);
        assertThat(store.get(SESSION)).isNotNull();
        embeddings.pipeInput(SESSION, AudioEmbedding.newBuilder().setSessionId(SESSION).setFrameIndex(41)
                .setEndOfStream(true).setModelId("synthetic").build());
        List<SessionEvent> end = drain();
        assertThat(end).hasSize(1);
        assertThat(end.get(0).getPosition().getState()).isEqualTo(FollowState.FOLLOW_STATE_IDLE);
        assertThat(store.get(SESSION)).isNull();
    }

    @Test
    void idleSessionsExpire() {
        ScoreIndex a = piece("a", 1);
        publish(a);
        play(SESSION, track(a), 0, 0, 5, 0.2);
        play("session-2", track(a), 0, 0, 5, 0.2);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(MatcherTopology.SESSIONS_STORE);
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        play("session-2", track(a), 3, 5, 5, 0.2);
        driver.advanceWallClockTime(Duration.ofMinutes(3));
        assertThat(store.get(SESSION)).isNull();
        assertThat(store.get("session-2")).isNotNull();
    }

    @Test
    void sessionsAreIndependent() {
        ScoreIndex a = piece("a", 1);
        ScoreIndex b = piece("b", 2);
        publish(a, b);
        for (int i = 0; i < 150; i++) {
            embeddings.pipeInput("x", embedding("x", SyntheticScores.noisy(SyntheticScores.at(track(a), 10 + 0.5 * i),
                    0.5, random), 2L * i + 1, 0.2));
            embeddings.pipeInput("y", embedding("y", SyntheticScores.noisy(SyntheticScores.at(track(b), 300 + 0.5 * i),
                    0.5, random), 2L * i + 1, 0.2));
        }
        List<SessionEvent> events = drain();
        PositionUpdate x = positionsOf(events).stream().filter(p -> p.getSessionId().equals("x")).reduce((p, q) -> q)
                .orElseThrow();
        PositionUpdate y = positionsOf(events).stream().filter(p -> p.getSessionId().equals("y")).reduce((p, q) -> q)
                .orElseThrow();
        assertThat(x.getPieceId()).isEqualTo("a");
        assertThat(y.getPieceId()).isEqualTo("b");
        assertThat(y.getStripXPx()).isCloseTo((float) (8 * (300 + 0.5 * 149) + 4), offset(24f));
    }
}
