package org.leggio.kafka;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.leggio.broker.EmbeddedBrokerConfig;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaReachabilityTest {

    @Test
    void shouldReturnTheClusterIdOfARunningBroker() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
            String clusterId = KafkaReachability.check(broker.bootstrapServers(), Duration.ofSeconds(10));

            assertFalse(clusterId.isBlank());
        }
    }

    @Test
    void shouldFailWithinTheTimeoutNamingTheAddressWhenThePortIsClosed() throws Exception {
        String address = "127.0.0.1:" + ClosedPorts.pick();
        long startNanos = System.nanoTime();

        BrokerUnreachableException e = assertThrows(BrokerUnreachableException.class,
                () -> KafkaReachability.check(address, Duration.ofSeconds(2)));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(elapsed.compareTo(Duration.ofMillis(3_500)) < 0, "took " + elapsed);
        assertTrue(e.getMessage().startsWith("cannot reach Kafka at " + address + " within 2 s: "), e.getMessage());
        // Normally "Connection refused"; if another process grabs the freed port between picking it
        // and connecting (seen once on a clean-clone build while brokers of earlier tests shut down),
        // the connection can time out instead: both mean unreachable, and both must be reported.
        boolean refused = e.getCause() instanceof java.net.ConnectException && e.getMessage().contains("Connection refused");
        boolean timedOut = e.getCause() instanceof java.net.SocketTimeoutException;
        assertTrue(refused || timedOut, e.getMessage() + " / " + e.getCause());
        assertEquals(address, e.bootstrapServers());
        assertEquals(Duration.ofSeconds(2), e.timeout());
    }

    @Test
    void shouldFailAtOnceForAnUnknownHost() {
        long startNanos = System.nanoTime();

        BrokerUnreachableException e = assertThrows(BrokerUnreachableException.class,
                () -> KafkaReachability.check("leggio-no-such-host.invalid:9092", Duration.ofSeconds(20)));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(15)) < 0, "took " + elapsed);
        assertTrue(e.getMessage().contains("unknown host leggio-no-such-host.invalid"), e.getMessage());
    }

    @Test
    void shouldFailWhenTheServerIsNotKafka() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();

            BrokerUnreachableException e = assertThrows(BrokerUnreachableException.class,
                    () -> KafkaReachability.check(address, Duration.ofSeconds(2)));

            assertTrue(e.getMessage().startsWith("cannot reach Kafka at " + address + " within 2 s: "
                    + "a server accepts connections but did not answer as a Kafka broker"), e.getMessage());
        }
    }

    @Test
    void shouldExplainABootstrapStringWithoutPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaReachability.check("nohost", Duration.ofSeconds(1)));

        assertEquals("invalid Kafka bootstrap server 'nohost': no port; expected host:port, e.g. 127.0.0.1:9092",
                e.getMessage());
    }

    @Test
    void shouldExplainABadEntryInAList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaReachability.check("a:9092, b:x", Duration.ofSeconds(1)));

        assertEquals("invalid Kafka bootstrap server 'b:x' in 'a:9092, b:x': port 'x' is not a number;"
                + " expected host:port, e.g. 127.0.0.1:9092", e.getMessage());
    }

    @Test
    void shouldRejectANonPositiveTimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaReachability.check("127.0.0.1:9092", Duration.ZERO));

        assertEquals("timeout must be > 0 but was PT0S", e.getMessage());
    }
}
