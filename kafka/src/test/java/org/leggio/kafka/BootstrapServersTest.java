package org.leggio.kafka;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BootstrapServersTest {

    @Test
    void shouldParseHostsPortsAndBracketedIpv6() {
        assertEquals(List.of(new BootstrapServers.Address("127.0.0.1", 9092),
                        new BootstrapServers.Address("kafka.example", 19092),
                        new BootstrapServers.Address("::1", 9093)),
                BootstrapServers.parse("127.0.0.1:9092, kafka.example:19092,[::1]:9093"));
    }

    @Test
    void shouldRejectMalformedEntries() {
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse(""));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse("a:1,,b:2"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse(":9092"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse("host:0"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse("::1:9092"));
        assertThrows(IllegalArgumentException.class, () -> BootstrapServers.parse("[::1]"));
    }

    @Test
    void shouldFormatIpv6WithBrackets() {
        assertEquals("[::1]:9093", new BootstrapServers.Address("::1", 9093).toString());
    }
}
