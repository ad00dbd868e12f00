package org.leggio.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {

    @Test
    void shouldRegisterEveryLeggioTopicOnce() {
        Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());

        assertEquals(Set.of("leggio.audio.chunks", "leggio.audio.embeddings", "leggio.session.commands",
                "leggio.positions", "leggio.scores"), names);
        assertEquals(Topics.all().size(), names.size());
    }

    @Test
    void shouldGiveSessionTopicsTheSharedPartitionCountAndScoresOne() {
        Map<String, TopicSpec> specs = byName(Topics.specs(6, (short) 2));

        for (String name : List.of(Topics.AUDIO_CHUNKS_NAME, Topics.AUDIO_EMBEDDINGS_NAME,
                Topics.SESSION_COMMANDS_NAME, Topics.POSITIONS_NAME)) {
            assertEquals(6, specs.get(name).partitions(), name);
            assertEquals(2, specs.get(name).replicationFactor(), name);
        }
        assertEquals(1, specs.get(Topics.SCORES_NAME).partitions());
        assertEquals(2, specs.get(Topics.SCORES_NAME).replicationFactor());
    }

    @Test
    void shouldDefaultToFourSessionPartitionsAndReplicationFactorOne() {
        Map<String, TopicSpec> specs = byName(Topics.specs());

        assertEquals(4, specs.get(Topics.AUDIO_CHUNKS_NAME).partitions());
        assertEquals(1, specs.get(Topics.AUDIO_CHUNKS_NAME).replicationFactor());
    }

    @Test
    void shouldRetainAudioForOneDayAndSessionsForSevenDays() {
        Map<String, TopicSpec> specs = byName(Topics.specs());

        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "86400000"),
                specs.get(Topics.AUDIO_CHUNKS_NAME).configs());
        assertEquals("86400000", specs.get(Topics.AUDIO_EMBEDDINGS_NAME).configs().get("retention.ms"));
        assertEquals("604800000", specs.get(Topics.SESSION_COMMANDS_NAME).configs().get("retention.ms"));
        assertEquals("604800000", specs.get(Topics.POSITIONS_NAME).configs().get("retention.ms"));
    }

    @Test
    void shouldCompactScoresAndAllowLargeIndexes() {
        assertEquals(Map.of("cleanup.policy", "compact", "max.message.bytes", "67108864"),
                byName(Topics.specs()).get(Topics.SCORES_NAME).configs());
    }

    @Test
    void shouldFindTopicsByName() {
        assertEquals(Topics.POSITIONS, Topics.byName("leggio.positions").orElseThrow());
        assertTrue(Topics.byName("leggio.nope").isEmpty());
    }

    @Test
    void shouldRejectNonPositiveSessionPartitions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.specs(0, (short) 1));
        assertEquals("sessionPartitions must be >= 1 but was 0", e.getMessage());
    }

    private static Map<String, TopicSpec> byName(List<TopicSpec> specs) {
        return specs.stream().collect(Collectors.toMap(TopicSpec::name, spec -> spec));
    }
}
