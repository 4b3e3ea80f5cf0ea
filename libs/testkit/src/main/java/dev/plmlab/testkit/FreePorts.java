package dev.plmlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Finds loopback ports that nothing listens on, and checks whether something does. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. Another process could take it before the caller binds it;
     * the window is short and every caller turns a bind failure into a clear start error.
     */
    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }

    /** Two distinct free ports (e.g. a broker's client listener and its controller listener). */
    static int[] findTwo() {
        int first = find();
        int second = find();
        while (second == first) {
            second = find();
        }
        return new int[] {first, second};
    }

    /** Whether a server could bind {@code port} on the loopback interface right now. */
    static boolean isBindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
