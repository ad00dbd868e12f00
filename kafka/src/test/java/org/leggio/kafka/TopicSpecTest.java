package org.leggio.kafka;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicSpecTest {

    @Test
    void shouldCopyConfigs() {
        Map<String, String> configs = new HashMap<>(Map.of("retention.ms", "1000"));
        TopicSpec spec = new TopicSpec("leggio.x", 2, (short) 1, configs);

        configs.put("cleanup.policy", "compact");

        assertEquals(Map.of("retention.ms", "1000"), spec.configs());
        assertThrows(UnsupportedOperationException.class, () -> spec.configs().put("a", "b"));
    }

    @Test
    void shouldRejectIllegalNames() {
        assertEquals("topic name 'leggio/x' contains '/'; only ASCII letters, digits, '.', '_' and '-' are allowed",
                assertThrows(IllegalArgumentException.class,
                        () -> new TopicSpec("leggio/x", 1, (short) 1, Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TopicSpec("", 1, (short) 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopicSpec("..", 1, (short) 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopicSpec("x".repeat(250), 1, (short) 1, Map.of()));
    }

    @Test
    void shouldRejectNonPositiveCounts() {
        assertEquals("partitions of topic 'leggio.x' must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new TopicSpec("leggio.x", 0, (short) 1, Map.of())).getMessage());
        assertEquals("replicationFactor of topic 'leggio.x' must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new TopicSpec("leggio.x", 1, (short) 0, Map.of())).getMessage());
    }

    @Test
    void shouldChangeOnlyThePartitionCount() {
        TopicSpec spec = new TopicSpec("leggio.x", 2, (short) 1, Map.of("a", "b"));
        assertEquals(new TopicSpec("leggio.x", 8, (short) 1, Map.of("a", "b")), spec.withPartitions(8));
    }
}
