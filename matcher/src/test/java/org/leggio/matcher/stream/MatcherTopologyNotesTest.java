package org.leggio.matcher.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.kafka.StreamsSettings;
import org.leggio.kafka.Topics;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.follow.ScoreTrack;
import org.leggio.matcher.follow.SyntheticScores;
import org.leggio.matcher.notes.BandChroma;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.notes.SyntheticPerformance;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.stream.internal.ScoreCatalog;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionEvent;

/**
 * The streaming matcher refines positions with a piece's notes and the spectrogram frames the embeddings
 * carry: a generated performance whose embeddings describe the music 0.4 s late (as a centred model's
 * extrapolation can), against the same run without refinement.
 */
class MatcherTopologyNotesTest {
    private static final FollowerConfig FOLLOWER = FollowerConfig.centred(84, 2).withLookbackSeconds(0);
    private static final double LATE_SECONDS = 0.4;

    @TempDir
    Path stateDir;

    @Test
    void positionsInAPieceWithNotesAreRefinedWithTheAudio() {
        SyntheticPerformance performance = new SyntheticPerformance(96, 11);
        ScoreIndex b = SyntheticScores.piece("b", 80, 2, -1, -1).toBuilder().setNotes(performance.playedNotes())
                .build();
        List<ScoreIndex> library = List.of(SyntheticScores.piece("a", 80, 1, -1, -1), b,
                SyntheticScores.piece("c", 80, 3, -1, -1));
        MatcherStreamConfig plain = new MatcherStreamConfig(SessionConfig.defaults(FOLLOWER), "synthetic",
                MatcherStreamConfig.DEFAULT_SILENCE_THRESHOLD, Duration.ofMinutes(5), 3);
        MatcherStreamConfig withNotes = plain.withNotes(new BandChroma(SyntheticPerformance.BAND_CENTRES_HZ, 100, 5000),
                NoteAlignerConfig.defaults().withLatencySeconds(0).withAnchorWeight(1));

        List<Double> plainErrors = errors(play(plain, library, performance, "plain"), performance, ScoreTrack.of(b));
        List<Double> refinedErrors = errors(play(withNotes, library, performance, "notes"), performance,
                ScoreTrack.of(b));
        assertThat(plainErrors).hasSizeGreaterThan(200);
        assertThat(refinedErrors).hasSameSizeAs(plainErrors);
        assertThat(median(plainErrors)).as("late embeddings alone").isGreaterThan(0.3);
        assertThat(median(refinedErrors)).as("refined with the notes").isLessThan(0.1);
    }

    private List<PositionUpdate> play(MatcherStreamConfig config, List<ScoreIndex> library,
            SyntheticPerformance performance, String dir) {
        try (TopologyTestDriver driver = new TopologyTestDriver(MatcherTopology.build(config,
                new ScoreCatalog(config.modelId())), StreamsSettings.exactlyOnce("test:9092", "matcher-notes-test",
                        stateDir.resolve(dir), Map.of()), Instant.parse("2026-11-27T12:00:00Z"))) {
            TestInputTopic<String, ScoreIndex> scores = driver.createInputTopic(Topics.SCORES_NAME,
                    Serdes.String().serializer(), Topics.SCORES.valueSerde().serializer());
            TestInputTopic<String, AudioEmbedding> embeddings = driver.createInputTopic(Topics.AUDIO_EMBEDDINGS_NAME,
                    Serdes.String().serializer(), Topics.AUDIO_EMBEDDINGS.valueSerde().serializer());
            TestOutputTopic<String, SessionEvent> events = driver.createOutputTopic(Topics.POSITIONS_NAME,
                    Serdes.String().deserializer(), Topics.POSITIONS.valueSerde().deserializer());
            library.forEach(p -> scores.pipeInput(p.getPieceId(), p));
            ScoreTrack track = ScoreTrack.of(library.get(1));
            Random random = new Random(5);
            int steps = (int) (performance.seconds() * 10) - 2;
            for (int step = 0; step < steps; step++) {
                long frame = 2L * step + 1;
                double late = performance.beatAt((frame + 1) / 20.0 - LATE_SECONDS);
                float[] v = SyntheticScores.noisy(SyntheticScores.at(track, track.positionAtBeats(late)), 0.3, random);
                AudioEmbedding.Builder e = AudioEmbedding.newBuilder().setSessionId("s").setFrameIndex(frame)
                        .setWindowFrames(84).setCaptureTimeMicros(1_000_000L + frame * 50_000L).setModelId("synthetic")
                        .setRecentLogMagnitude(0.5f);
                for (float x : v) {
                    e.addValues(x);
                }
                for (long f = frame - 1; f <= frame; f++) {
                    for (float x : performance.frame((int) f)) {
                        e.addRecentFrames(x);
                    }
                }
                embeddings.pipeInput("s", e.build());
            }
            return events.readValuesToList().stream().filter(SessionEvent::hasPosition).map(SessionEvent::getPosition)
                    .toList();
        }
    }

    /** |reported − true| in seconds of music, of the following positions in piece b after 15 s. */
    private static List<Double> errors(List<PositionUpdate> positions, SyntheticPerformance performance,
            ScoreTrack track) {
        List<Double> errors = new ArrayList<>();
        for (PositionUpdate p : positions) {
            double now = (p.getFrameIndex() + 1) / 20.0;
            if (now > 15 && p.getState() == FollowState.FOLLOW_STATE_FOLLOWING && p.getPieceId().equals("b")) {
                double truth = performance.beatAt(now);
                errors.add(Math.abs(p.getScoreBeats() - truth) / SyntheticPerformance.tempo(truth));
            }
        }
        return errors;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
