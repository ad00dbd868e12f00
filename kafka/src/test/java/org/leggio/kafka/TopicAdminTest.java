package org.leggio.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.leggio.broker.EmbeddedBrokerConfig;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicAdminTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.defaults());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCreateEveryLeggioTopicWithItsPartitionsAndConfigs() throws Exception {
        List<TopicSpec> specs = Topics.specs(3, (short) 1);
        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            List<String> created = topicAdmin.ensureTopics(specs, TIMEOUT);

            assertEquals(specs.stream().map(TopicSpec::name).toList(), created);
        }
        Map<String, TopicDescription> descriptions = describe(specs);
        Map<String, Config> configs = describeConfigs(specs);
        for (TopicSpec spec : specs) {
            assertEquals(spec.partitions(), descriptions.get(spec.name()).partitions().size(), spec.name());
            assertEquals(1, descriptions.get(spec.name()).partitions().get(0).replicas().size(), spec.name());
            spec.configs().forEach((key, value) ->
                    assertEquals(value, configs.get(spec.name()).get(key).value(), spec.name() + " " + key));
        }
        assertEquals(1, descriptions.get(Topics.SCORES_NAME).partitions().size());
        assertEquals("compact", configs.get(Topics.SCORES_NAME).get("cleanup.policy").value());
    }

    @Test
    void shouldCreateNothingTheSecondTime() {
        List<TopicSpec> specs = uniqueSpecs(2, 2);
        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            assertEquals(2, topicAdmin.ensureTopics(specs, TIMEOUT).size());

            assertEquals(List.of(), topicAdmin.ensureTopics(specs, TIMEOUT));
        }
    }

    @Test
    void shouldCreateOnlyTheMissingTopics() throws Exception {
        List<TopicSpec> specs = uniqueSpecs(2, 2);
        admin.createTopics(List.of(new NewTopic(specs.get(0).name(), 2, (short) 1))).all().get();

        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            assertEquals(List.of(specs.get(1).name()), topicAdmin.ensureTopics(specs, TIMEOUT));
        }
    }

    @Test
    void shouldNameTopicAndBothCountsWhenPartitionsDiffer() throws Exception {
        TopicSpec spec = uniqueSpecs(1, 4).get(0);
        admin.createTopics(List.of(new NewTopic(spec.name(), 2, (short) 1))).all().get();

        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            LeggioKafkaException e = assertThrows(LeggioKafkaException.class,
                    () -> topicAdmin.ensureTopics(List.of(spec), TIMEOUT));

            assertTrue(e.getMessage().startsWith("topic '" + spec.name()
                    + "' exists with 2 partitions but 4 are expected"), e.getMessage());
        }
    }

    @Test
    void shouldLetRacingCallersBothSucceed() throws Exception {
        List<TopicSpec> specs = uniqueSpecs(6, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TopicAdmin first = TopicAdmin.create(broker.bootstrapServers());
             TopicAdmin second = TopicAdmin.create(broker.bootstrapServers())) {
            Callable<List<String>> ensureFirst = () -> first.ensureTopics(specs, TIMEOUT);
            Callable<List<String>> ensureSecond = () -> second.ensureTopics(specs, TIMEOUT);
            List<Future<List<String>>> results = pool.invokeAll(List.of(ensureFirst, ensureSecond));

            List<String> createdByEither = new ArrayList<>(results.get(0).get());
            createdByEither.addAll(results.get(1).get());
            assertEquals(specs.stream().map(TopicSpec::name).sorted().toList(),
                    createdByEither.stream().sorted().toList());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(specs.size(), describe(specs).size());
    }

    @Test
    void shouldNameTheTopicWhenKafkaRefusesIt() {
        TopicSpec tooManyReplicas = new TopicSpec("leggio.test." + UUID.randomUUID(), 1, (short) 3, Map.of());
        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            LeggioKafkaException e = assertThrows(LeggioKafkaException.class,
                    () -> topicAdmin.ensureTopics(List.of(tooManyReplicas), TIMEOUT));

            assertTrue(e.getMessage().startsWith("Kafka refused topic '" + tooManyReplicas.name() + "'"),
                    e.getMessage());
        }
    }

    @Test
    void shouldFailWithinTheTimeoutWhenNoBrokerAnswers() throws Exception {
        int closedPort = ClosedPorts.pick();
        try (TopicAdmin topicAdmin = TopicAdmin.create("127.0.0.1:" + closedPort)) {
            long startNanos = System.nanoTime();
            LeggioKafkaException e = assertThrows(LeggioKafkaException.class,
                    () -> topicAdmin.ensureTopics(uniqueSpecs(1, 1), Duration.ofSeconds(2)));

            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "took " + elapsed);
            assertTrue(e.getMessage().contains("within 2 s"), e.getMessage());
        }
    }

    @Test
    void shouldRejectDuplicateNames() {
        TopicSpec spec = uniqueSpecs(1, 1).get(0);
        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> topicAdmin.ensureTopics(List.of(spec, spec.withPartitions(2)), TIMEOUT));

            assertEquals("specs name topic '" + spec.name() + "' twice", e.getMessage());
        }
    }

    @Test
    void shouldDoNothingForNoSpecs() {
        try (TopicAdmin topicAdmin = TopicAdmin.create(broker.bootstrapServers())) {
            assertEquals(List.of(), topicAdmin.ensureTopics(List.of(), TIMEOUT));
        }
    }

    private static List<TopicSpec> uniqueSpecs(int count, int partitions) {
        String prefix = "leggio.test." + UUID.randomUUID() + ".";
        List<TopicSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new TopicSpec(prefix + i, partitions, (short) 1, Map.of("retention.ms", "60000")));
        }
        return specs;
    }

    private static Map<String, TopicDescription> describe(List<TopicSpec> specs) throws Exception {
        return admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).allTopicNames().get();
    }

    private static Map<String, Config> describeConfigs(List<TopicSpec> specs) throws Exception {
        List<ConfigResource> resources = specs.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList();
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
    }
}
