package org.leggio.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path tempDir;

    @Test
    void shouldServeTransactionalRecordsToReadCommittedConsumer() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
            assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());
            Clients.createTopic(broker, "leggio.test", 2);

            Clients.produceTransactionally(broker, "leggio.test", "session-1", "hello");

            List<ConsumerRecord<String, String>> records = Clients.consumeCommitted(broker, "leggio.test", 1);
            assertEquals(1, records.size());
            assertEquals("session-1", records.get(0).key());
            assertEquals("hello", records.get(0).value());
        }
    }

    @Test
    void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDataDirectory() throws Exception {
        Path dataDirectory = tempDir.resolve("kafka");
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder().dataDirectory(dataDirectory).build();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            assertEquals(dataDirectory.toAbsolutePath(), broker.dataDirectory());
            Clients.createTopic(broker, "leggio.restart", 1);
            Clients.produceTransactionally(broker, "leggio.restart", "k", "kept");
        }
        assertTrue(Files.isRegularFile(dataDirectory.resolve("meta.properties")), "data directory kept after close");

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(config)) {
            assertTrue(Clients.topicNames(restarted).contains("leggio.restart"));
            List<ConsumerRecord<String, String>> records = Clients.consumeCommitted(restarted, "leggio.restart", 1);
            assertEquals("kept", records.get(0).value());
        }
    }

    @Test
    void shouldRunTwoBrokersInOneJvm() throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults());
             EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
            assertNotEquals(first.bootstrapServers(), second.bootstrapServers());
            assertNotEquals(first.dataDirectory(), second.dataDirectory());
            Clients.createTopic(first, "leggio.first", 1);
            Clients.createTopic(second, "leggio.second", 1);
            Clients.produceTransactionally(first, "leggio.first", "k", "one");
            Clients.produceTransactionally(second, "leggio.second", "k", "two");

            assertEquals("one", Clients.consumeCommitted(first, "leggio.first", 1).get(0).value());
            assertEquals("two", Clients.consumeCommitted(second, "leggio.second", 1).get(0).value());
            assertFalse(Clients.topicNames(first).contains("leggio.second"));
            assertFalse(Clients.topicNames(second).contains("leggio.first"));
        }
    }

    @Test
    void shouldNotCreateTopicsAutomatically() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000),
                     new StringSerializer(), new StringSerializer())) {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("leggio.unknown", "k", "v")).get(10, TimeUnit.SECONDS));

            assertTrue(failure.getCause().getMessage().contains("leggio.unknown"), failure.getCause().toString());
            assertFalse(Clients.topicNames(broker).contains("leggio.unknown"));
        }
    }

    @Test
    void shouldGiveTopicsWithoutAPartitionCountTheConfiguredDefault() throws Exception {
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder().numPartitionsDefault(3).build();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config);
             Admin admin = Clients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic("leggio.defaulted", Optional.empty(), Optional.empty())))
                    .all().get();

            TopicDescription description =
                    admin.describeTopics(List.of("leggio.defaulted")).allTopicNames().get().get("leggio.defaulted");
            assertEquals(3, description.partitions().size());
        }
    }

    @Test
    void shouldDeleteTheTemporaryDataDirectoryOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults());
        Path dataDirectory = broker.dataDirectory();
        assertTrue(Files.isRegularFile(dataDirectory.resolve("meta.properties")));

        broker.close();

        assertFalse(Files.exists(dataDirectory), dataDirectory + " still exists");
        broker.close(); // a second close does nothing
    }

    @Test
    void shouldListenOnTheConfiguredPort() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.builder().port(port).build())) {
            assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
            Clients.createTopic(broker, "leggio.port", 1);
        }
    }

    @Test
    void shouldNameThePortWhenItIsInUse() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
            EmbeddedBrokerConfig clash = EmbeddedBrokerConfig.builder().port(broker.port()).build();

            EmbeddedBrokerException failure =
                    assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(clash));

            assertTrue(failure.getMessage().contains("port " + broker.port()), failure.getMessage());
            assertTrue(failure.getCause() != null);
        }
    }

    @Test
    void shouldNameTheDataDirectoryWhenItIsNotADirectory() throws Exception {
        Path file = Files.writeString(tempDir.resolve("not-a-directory"), "x");
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder().dataDirectory(file).build();

        EmbeddedBrokerException failure =
                assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(config));

        assertTrue(failure.getMessage().contains(file.toString()), failure.getMessage());
    }

    @Test
    void shouldNameTheDataDirectoryWhenItCannotBeCreated() throws Exception {
        Path file = Files.writeString(tempDir.resolve("plain-file"), "x");
        Path below = file.resolve("kafka");
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder().dataDirectory(below).build();

        EmbeddedBrokerException failure =
                assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(config));

        assertTrue(failure.getMessage().contains(below.toString()), failure.getMessage());
        assertTrue(failure.getCause() instanceof java.io.IOException, String.valueOf(failure.getCause()));
    }

    @Test
    void shouldRefuseADataDirectoryThatAnotherBrokerUses() throws Exception {
        Path dataDirectory = tempDir.resolve("shared-" + UUID.randomUUID());
        EmbeddedBrokerConfig config = EmbeddedBrokerConfig.builder().dataDirectory(dataDirectory).build();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config)) {
            EmbeddedBrokerException failure =
                    assertThrows(EmbeddedBrokerException.class, () -> EmbeddedKafkaBroker.start(config));

            assertTrue(failure.getMessage().contains(dataDirectory.toAbsolutePath().toString()), failure.getMessage());
            assertTrue(failure.getMessage().contains("in use"), failure.getMessage());
            Clients.createTopic(broker, "leggio.still-serving", 1);
        }
    }

    @Test
    void shouldStartWithinAFewSeconds() throws Exception {
        long startNanos = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults())) {
            Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
            assertTrue(Clients.topicNames(broker).isEmpty());
            assertTrue(startup.compareTo(Duration.ofSeconds(20)) < 0, "startup took " + startup);
        }
    }
}
