package org.leggio.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a loopback port that nothing listens on. */
final class ClosedPorts {

    private ClosedPorts() {
    }

    static int pick() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
