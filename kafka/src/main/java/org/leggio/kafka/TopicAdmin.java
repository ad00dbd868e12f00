package org.leggio.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Leggio's topics: the explicit admin step that runs before any producer or Streams
 * application, since brokers must not create topics on their own.
 *
 * <pre>{@code
 * try (TopicAdmin admin = TopicAdmin.create("127.0.0.1:9092")) {
 *     admin.ensureTopics(Topics.specs(), Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * A {@code TopicAdmin} owns its {@link Admin} client, including one passed to {@link #wrap(Admin)},
 * and closes it in {@link #close()}.
 *
 * <h2>Threading</h2>
 * Thread-safe, like the {@code Admin} client it wraps. Methods block the calling thread for at most
 * about the timeout they are given.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    /** Pause between checks while waiting for new topics to appear in the cluster metadata. */
    private static final long METADATA_POLL_MS = 50;

    private final Admin admin;

    private TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /**
     * Connects to the cluster at {@code bootstrapServers}. Connecting is lazy: an unreachable cluster
     * shows up as a timeout of the first call.
     *
     * @param bootstrapServers comma-separated {@code host:port} pairs
     * @return the admin, which the caller must close
     */
    public static TopicAdmin create(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        return create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Connects with the given {@code Admin} client configs, which must contain
     * {@code bootstrap.servers}.
     *
     * @param adminConfigs Kafka admin client configs
     * @return the admin, which the caller must close
     * @throws LeggioKafkaException if the client cannot be created (for example an invalid config)
     */
    public static TopicAdmin create(Map<String, Object> adminConfigs) {
        Objects.requireNonNull(adminConfigs, "adminConfigs can't be null");
        Map<String, Object> configs = new LinkedHashMap<>(adminConfigs);
        configs.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "leggio-topic-admin");
        try {
            return new TopicAdmin(Admin.create(configs));
        } catch (RuntimeException e) {
            throw new LeggioKafkaException("cannot create a Kafka admin client for "
                    + configs.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Wraps an existing client; the returned object owns it and closes it in {@link #close()}.
     *
     * @param admin the client; must not be null
     * @return the admin
     */
    public static TopicAdmin wrap(Admin admin) {
        return new TopicAdmin(Objects.requireNonNull(admin, "admin can't be null"));
    }

    /**
     * Creates the topics that do not exist yet and checks the ones that do, then returns once every
     * topic is visible in the cluster metadata.
     *
     * <p>Existing topics are left as they are (their configs are not changed), but their partition
     * count must equal the spec's, because Leggio relies on co-partitioning. The call is idempotent,
     * and safe when several callers race to create the same topics: a topic that another caller
     * creates first counts as existing.
     *
     * @param specs the topics; names must be distinct
     * @param timeout the most time the whole call may take; positive
     * @return the names of the topics this call created, in the order of {@code specs}
     * @throws LeggioKafkaException naming the topic and both counts when an existing topic has another
     *     partition count; naming the topic when Kafka refuses to create it (e.g. a replication factor
     *     above the number of brokers); or when the cluster does not answer within {@code timeout}
     * @throws IllegalArgumentException if two specs share a name or the timeout is not positive
     */
    public List<String> ensureTopics(List<TopicSpec> specs, Duration timeout) {
        Map<String, TopicSpec> wanted = index(specs);
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                Durations.checkPositiveMillis(timeout, "timeout"));
        if (wanted.isEmpty()) {
            return List.of();
        }
        try {
            Map<String, Integer> existing = describe(wanted.keySet(), deadlineNanos, timeout);
            existing.forEach((name, partitions) -> checkPartitions(wanted.get(name), partitions));
            List<TopicSpec> missing = wanted.values().stream()
                    .filter(spec -> !existing.containsKey(spec.name())).toList();
            List<String> created = create(missing, deadlineNanos, timeout);
            List<String> toAwait = missing.stream().map(TopicSpec::name).toList();
            Map<String, Integer> appeared = awaitVisible(toAwait, deadlineNanos, timeout);
            appeared.forEach((name, partitions) -> checkPartitions(wanted.get(name), partitions));
            if (!created.isEmpty()) {
                LOG.info("Created Kafka topics {}", created);
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeggioKafkaException("interrupted while ensuring Kafka topics " + wanted.keySet(), e);
        }
    }

    /** Closes the wrapped {@code Admin} client, waiting for pending requests for up to a few seconds. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    private static Map<String, TopicSpec> index(List<TopicSpec> specs) {
        Objects.requireNonNull(specs, "specs can't be null");
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            Objects.requireNonNull(spec, "specs can't contain null");
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("specs name topic '" + spec.name() + "' twice");
            }
        }
        return byName;
    }

    private static void checkPartitions(TopicSpec spec, int actualPartitions) {
        if (actualPartitions != spec.partitions()) {
            throw new LeggioKafkaException("topic '" + spec.name() + "' exists with " + actualPartitions
                    + " partitions but " + spec.partitions() + " are expected; Leggio co-partitions its topics,"
                    + " so delete the topic or configure " + actualPartitions + " partitions");
        }
    }

    /** Returns the partition counts of the topics among {@code names} that exist. */
    private Map<String, Integer> describe(Iterable<String> names, long deadlineNanos, Duration timeout)
            throws InterruptedException {
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        int timeoutMs = remainingMs(deadlineNanos, list, timeout);
        Map<String, KafkaFuture<TopicDescription>> futures = admin
                .describeTopics(list, new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .topicNameValues();
        Map<String, Integer> existing = new LinkedHashMap<>();
        for (String name : list) {
            Optional<TopicDescription> description = await(futures.get(name), name, deadlineNanos, timeout,
                    UnknownTopicOrPartitionException.class);
            description.ifPresent(d -> existing.put(name, d.partitions().size()));
        }
        return existing;
    }

    /** Creates the topics; returns those this call created, leaving out those another caller created first. */
    private List<String> create(List<TopicSpec> specs, long deadlineNanos, Duration timeout)
            throws InterruptedException {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        List<NewTopic> newTopics = specs.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                        .configs(spec.configs()))
                .toList();
        Map<String, KafkaFuture<Void>> futures = admin
                .createTopics(newTopics, new CreateTopicsOptions().timeoutMs(remainingMs(deadlineNanos, names, timeout)))
                .values();
        List<String> created = new ArrayList<>();
        for (String name : names) {
            try {
                futures.get(name).get(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
                created.add(name);
            } catch (ExecutionException e) {
                Throwable cause = causeOf(e);
                if (!(cause instanceof TopicExistsException)) {
                    throw failure(name, cause, timeout);
                }
                LOG.debug("Topic {} was created by another caller", name);
            } catch (TimeoutException e) {
                throw failure(name, e, timeout);
            }
        }
        return created;
    }

    /** Waits until every topic in {@code names} is described; returns their partition counts. */
    private Map<String, Integer> awaitVisible(List<String> names, long deadlineNanos, Duration timeout)
            throws InterruptedException {
        Map<String, Integer> visible = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            Map<String, Integer> found = describe(pending, deadlineNanos, timeout);
            visible.putAll(found);
            pending.removeAll(found.keySet());
            if (!pending.isEmpty()) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    throw new LeggioKafkaException("Kafka topics " + pending + " were created but did not appear in"
                            + " the cluster metadata within " + Durations.describe(timeout));
                }
                Thread.sleep(METADATA_POLL_MS);
            }
        }
        return visible;
    }

    /** Waits for {@code future}; returns empty if it failed with {@code tolerated}. */
    private static <T> Optional<T> await(KafkaFuture<T> future, String topic, long deadlineNanos, Duration timeout,
                                         Class<? extends Throwable> tolerated) throws InterruptedException {
        try {
            return Optional.of(future.get(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            Throwable cause = causeOf(e);
            if (tolerated.isInstance(cause)) {
                return Optional.empty();
            }
            throw failure(topic, cause, timeout);
        } catch (TimeoutException e) {
            throw failure(topic, e, timeout);
        }
    }

    private static Throwable causeOf(ExecutionException e) {
        return e.getCause() == null ? e : e.getCause();
    }

    private static LeggioKafkaException failure(String topic, Throwable cause, Duration timeout) {
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new LeggioKafkaException("Kafka did not answer about topic '" + topic + "' within "
                    + Durations.describe(timeout) + ": " + cause.getMessage(), cause);
        }
        return new LeggioKafkaException("Kafka refused topic '" + topic + "': " + cause.getMessage(), cause);
    }

    private static long remainingNanos(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    private static int remainingMs(long deadlineNanos, List<String> topics, Duration timeout) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remaining <= 0) {
            throw new LeggioKafkaException("timed out after " + Durations.describe(timeout)
                    + " while ensuring Kafka topics " + topics);
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }
}
