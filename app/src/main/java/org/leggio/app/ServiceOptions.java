package org.leggio.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Option;

/** Options every Kafka Streams service shares: its application id, state directory, threads, overrides. */
final class ServiceOptions {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Local state directory of this instance; one per instance on a machine (default: a new temporary directory).")
    Path stateDir;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Application id shared by all instances of this service (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Stream threads in this instance (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams, consumer or producer setting, applied last (repeatable), e.g. commit.interval.ms=50.")
    Map<String, String> streamsConfig = new HashMap<>();

    /** The state directory to use: the given one, or a new temporary one. */
    Path stateDirectory(String service) {
        try {
            if (stateDir != null) {
                Files.createDirectories(stateDir);
                return stateDir;
            }
            return Files.createTempDirectory("leggio-" + service + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    String applicationId(String fallback) {
        return applicationId == null || applicationId.isBlank() ? fallback : applicationId;
    }

    /** The overrides: thread count plus every {@code --streams-config}. */
    Map<String, Object> overrides() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1 but was " + threads);
        }
        Map<String, Object> all = new HashMap<>(streamsConfig);
        all.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        return all;
    }
}
