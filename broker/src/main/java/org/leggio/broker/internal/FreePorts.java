package org.leggio.broker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks free TCP ports on the loopback interface. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Checks that {@code port} can be bound on 127.0.0.1 right now.
     *
     * @throws BindException naming the port when it is in use
     */
    public static void checkFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (BindException e) {
            BindException named = new BindException("port " + port + " on 127.0.0.1 is already in use");
            named.initCause(e);
            throw named;
        }
    }

    /**
     * Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. They are held open
     * together while picking, so they differ; another process may still take one before it is bound.
     */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a server socket on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing useful to do: the port is released when the socket is collected.
                }
            }
        }
    }
}
