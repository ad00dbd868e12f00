package org.leggio.kafka;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void shouldDescribeDurationsForPeople() {
        assertEquals("5 s", Durations.describe(Duration.ofSeconds(5)));
        assertEquals("250 ms", Durations.describe(Duration.ofMillis(250)));
        assertEquals("1.5 s", Durations.describe(Duration.ofMillis(1_500)));
    }
}
