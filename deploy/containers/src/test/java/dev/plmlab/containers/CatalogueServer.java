package dev.plmlab.containers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server standing in for a model catalogue's download site: it serves one checkpoint
 * file at one path and remembers every request, so a test sees who fetched what, and how often.
 */
final class CatalogueServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private CatalogueServer(HttpServer server) {
        this.server = server;
    }

    static CatalogueServer serving(String path, Path file) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CatalogueServer catalogue = new CatalogueServer(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    catalogue.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                    if (!exchange.getRequestURI().getPath().equals(path)) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, Files.size(file));
                    if (!exchange.getRequestMethod().equals("HEAD")) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            Files.copy(file, out);
                        }
                    }
                }
            });
            server.start();
            return catalogue;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the catalogue server on loopback", e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** "GET /path" for every request so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
