package dev.plmlab.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports for containers on the host network, never the same one twice in a JVM. */
final class Ports {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    static synchronized int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no new free port on 127.0.0.1 after 50 tries");
    }
}
