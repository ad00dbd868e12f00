package org.leggio.broker;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedBrokerConfigTest {

    @Test
    void shouldDefaultToTemporaryDirectoryFreePortAndFourPartitions() {
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.defaults();

        assertTrue(config.dataDirectory().isEmpty());
        assertEquals(0, config.port());
        assertEquals(4, config.numPartitionsDefault());
    }

    @Test
    void shouldKeepConfiguredValues() {
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder()
                .dataDirectory(Path.of("/tmp/x")).port(9092).numPartitionsDefault(8).build();

        assertEquals(Path.of("/tmp/x"), config.dataDirectory().orElseThrow());
        assertEquals(9092, config.port());
        assertEquals(8, config.numPartitionsDefault());
    }

    @Test
    void shouldRejectPortOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedBrokerConfig.builder().port(70_000).build());
        assertEquals("port must be between 0 and 65535 but was 70000", e.getMessage());
    }

    @Test
    void shouldRejectNonPositivePartitionCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedBrokerConfig.builder().numPartitionsDefault(0).build());
        assertEquals("numPartitionsDefault must be >= 1 but was 0", e.getMessage());
    }

    @Test
    void shouldRejectNullDataDirectory() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> EmbeddedBrokerConfig.builder().dataDirectory(null));
        assertEquals("dataDirectory can't be null", e.getMessage());
    }
}
