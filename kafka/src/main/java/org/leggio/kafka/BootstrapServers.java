package org.leggio.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Parses a {@code bootstrap.servers} string into host and port pairs, with messages for people. */
final class BootstrapServers {

    private static final int MAX_PORT = 65_535;

    /** One {@code host:port} entry; an IPv6 host is kept without brackets. */
    record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private BootstrapServers() {
    }

    /**
     * @throws IllegalArgumentException naming the bad entry if the string is not a comma-separated
     *     list of {@code host:port}
     */
    static List<Address> parse(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are empty; expected host:port, e.g. 127.0.0.1:9092");
        }
        List<Address> addresses = new ArrayList<>();
        for (String raw : bootstrapServers.split(",", -1)) {
            addresses.add(parseOne(raw.trim(), bootstrapServers));
        }
        return addresses;
    }

    private static Address parseOne(String entry, String all) {
        if (entry.isEmpty()) {
            throw invalid(entry, all, "an empty entry");
        }
        String host;
        String port;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                throw invalid(entry, all, "no port after the bracketed IPv6 address");
            }
            host = entry.substring(1, close);
            port = entry.substring(close + 2);
        } else {
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(entry, all, "no port");
            }
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw invalid(entry, all, "an IPv6 address without brackets; write [address]:port");
            }
        }
        if (host.isEmpty()) {
            throw invalid(entry, all, "no host");
        }
        return new Address(host, parsePort(port, entry, all));
    }

    private static int parsePort(String port, String entry, String all) {
        int value;
        try {
            value = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw invalid(entry, all, "port '" + port + "' is not a number");
        }
        if (value < 1 || value > MAX_PORT) {
            throw invalid(entry, all, "port " + value + " is outside 1..65535");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String entry, String all, String problem) {
        String where = entry.equals(all) ? "'" + entry + "'" : "'" + entry + "' in '" + all + "'";
        return new IllegalArgumentException("invalid Kafka bootstrap server " + where + ": " + problem
                + "; expected host:port, e.g. 127.0.0.1:9092");
    }
}
