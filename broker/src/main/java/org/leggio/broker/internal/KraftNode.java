package org.leggio.broker.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.leggio.broker.EmbeddedBrokerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running KRaft server (broker and controller in one) built from {@link KraftProperties}. */
public final class KraftNode {

    private static final Logger LOG = LoggerFactory.getLogger(KraftNode.class);

    private final KafkaRaftServer server;

    private KraftNode(KafkaRaftServer server) {
        this.server = server;
    }

    /**
     * Formats {@code dataDirectory} unless it holds {@code meta.properties}, then starts the server and
     * returns once the broker serves clients. On failure everything started is shut down again.
     */
    public static KraftNode start(Path dataDirectory, Map<String, String> serverProperties) {
        if (!DataDirectories.isFormatted(dataDirectory)) {
            format(dataDirectory, serverProperties);
        }
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(new KafkaConfig(serverProperties, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new EmbeddedBrokerException("cannot open the Kafka data directory " + dataDirectory + ": " + e, e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new EmbeddedBrokerException("the embedded Kafka broker failed to start on "
                    + serverProperties.get("listeners") + " with data directory " + dataDirectory + ": " + e, e);
        }
        return new KraftNode(server);
    }

    /** Shuts the server down cleanly and waits until it has stopped. */
    public void stop() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException suppressed) {
            LOG.debug("Ignoring a failure while stopping a broker that failed to start", suppressed);
        }
    }

    private static void format(Path dataDirectory, Map<String, String> serverProperties) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path configFile = null;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            configFile = writeConfigFile(serverProperties);
            int exitCode = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, out);
            if (exitCode != 0) {
                throw new EmbeddedBrokerException("formatting the Kafka data directory " + dataDirectory
                        + " failed with exit code " + exitCode + ": " + output.toString(StandardCharsets.UTF_8).trim());
            }
            LOG.debug("Formatted {} as cluster {}: {}", dataDirectory, clusterId,
                    output.toString(StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            if (e instanceof EmbeddedBrokerException ebe) {
                throw ebe;
            }
            throw new EmbeddedBrokerException("cannot format the Kafka data directory " + dataDirectory + ": " + e
                    + describeOutput(output), e);
        } finally {
            deleteQuietly(configFile);
        }
    }

    private static Path writeConfigFile(Map<String, String> serverProperties) throws IOException {
        Path file = Files.createTempFile("leggio-broker-", ".properties");
        Properties properties = new Properties();
        properties.putAll(serverProperties);
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "Leggio embedded broker, used only to format storage");
        }
        return file;
    }

    private static String describeOutput(ByteArrayOutputStream output) {
        String text = output.toString(StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "" : " (StorageTool said: " + text + ")";
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete the temporary file {}", file, e);
        }
    }
}
