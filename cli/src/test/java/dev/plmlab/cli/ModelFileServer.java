package dev.plmlab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves one file over HTTP on 127.0.0.1 the way a model host does: Content-Length on full responses,
 * {@code Range: bytes=N-} answered with 206 and Content-Range. Records the Range header of every request.
 */
final class ModelFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final String path;
    private final byte[] content;
    /** One entry per request: its Range header, or "" when it had none. */
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    ModelFileServer(String path, byte[] content) throws IOException {
        this.path = path;
        this.content = content;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<String> ranges() {
        return ranges;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "" : range);
            if (!exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int start = 0;
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches()) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                start = Integer.parseInt(m.group(1));
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            }
            exchange.sendResponseHeaders(range == null ? 200 : 206, content.length - start);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(content, start, content.length - start);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
