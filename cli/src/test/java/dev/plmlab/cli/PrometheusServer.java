package dev.plmlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) as a child process on a free loopback port, and the few
 * calls of its HTTP API a test needs. {@link #tool} finds it and {@code promtool} on the PATH.
 */
final class PrometheusServer implements AutoCloseable {

    /** The line a test prints (and skips with) where the binaries are missing. */
    static final String NOT_FOUND = "SKIPPED: prometheus and promtool not found on the PATH (Debian: apt-get install -y"
            + " prometheus); the dashboard and the alert rules were NOT checked on a real Prometheus";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** An executable on the PATH ({@code prometheus}, {@code promtool}). */
    static Optional<Path> tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    /** Runs a command to completion (e.g. promtool), stdout and stderr together. */
    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        // to a file, not a pipe: reading a pipe would block past the timeout on a command that hangs
        Path out = Files.createTempFile("plmlab-command", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout + ":\n"
                        + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code prometheus} with {@code config} on {@code port}, its data and log under {@code dir}; returns once ready. */
    static PrometheusServer start(Path prometheus, Path config, int port, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("prometheus.log");
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + " at start; " + server.logTail());
            }
            try {
                if (server.get("/-/ready").statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("prometheus on port " + port + " not ready within " + START + "; " + server.logTail());
    }

    URI baseUri() {
        return base;
    }

    /** The {@code data} of an API answer ({@code /api/v1/...}); fails naming the call and Prometheus' error. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + ": HTTP " + response.statusCode() + ", not JSON: " + response.body());
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new PromQlError(pathAndQuery, response.statusCode(), body.path("errorType").asText(), body.path("error").asText());
        }
        return body.path("data");
    }

    /** An instant query at {@code at}: the result's series (each {@code {metric, value}}). */
    JsonNode query(String promql, Instant at) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + at.getEpochSecond() + "." + String.format("%03d", at.getNano() / 1_000_000));
        if (!"vector".equals(data.path("resultType").asText())) {
            throw new IllegalStateException(promql + ": a " + data.path("resultType").asText() + ", not an instant vector");
        }
        return data.path("result");
    }

    /** An error Prometheus answered a query with (a parse error, an evaluation error). */
    static final class PromQlError extends RuntimeException {
        PromQlError(String call, int status, String type, String error) {
            super("Prometheus answered GET " + call + " with HTTP " + status + " " + type + ": " + error);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String logTail() {
        try {
            String text = Files.readString(log);
            return "its log " + log + " ends:\n" + text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
