package org.leggio.broker.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of a single-node KRaft broker that is its own controller, tuned for one JVM on
 * a small machine: every internal topic has replication factor 1, few partitions and small buffers.
 */
public final class KraftProperties {

    /** The node id of the only node; it is both broker and controller. */
    static final int NODE_ID = 1;

    static final String HOST = "127.0.0.1";

    /** Partitions of the internal offsets and transaction-state topics (Kafka's default is 50). */
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;

    /** Memory of the log cleaner's dedupe map; must exceed 1 MiB per cleaner thread (Kafka's default: 128 MiB). */
    private static final long CLEANER_DEDUPE_BUFFER_BYTES = 2L * 1024 * 1024;

    private KraftProperties() {
    }

    /**
     * Returns the server properties.
     *
     * @param dataDirectory the only log directory, also holding the metadata log
     * @param port the client (PLAINTEXT) port on 127.0.0.1
     * @param controllerPort the controller (KRaft quorum) port on 127.0.0.1
     * @param numPartitionsDefault partitions of topics created without a count
     */
    public static Map<String, String> of(Path dataDirectory, int port, int controllerPort, int numPartitionsDefault) {
        Map<String, String> p = new LinkedHashMap<>();
        // Identity and roles: one combined node that is its own quorum.
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        // Listeners, loopback only.
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        // Storage.
        p.put("log.dirs", dataDirectory.toString());
        p.put("metadata.log.dir", dataDirectory.toString());
        // Topics: created only by an explicit admin step.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", Integer.toString(numPartitionsDefault));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics on a single node: replication factor 1, few partitions.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        // a dead Streams instance's open transaction blocks read_committed readers of its partitions until
        // it is aborted; check for timed-out transactions every second instead of every 10 s
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // No waiting for more group members that will never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        // Small footprint on a two-core machine.
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_DEDUPE_BUFFER_BYTES));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        return p;
    }
}
