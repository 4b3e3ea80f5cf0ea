package dev.plmlab.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket from {@code java.net.http}), for tests that
 * open a written report in a real browser: what it logged as errors, what it tried to fetch, what a script sees,
 * and a full-page screenshot.
 *
 * <pre>{@code
 * HeadlessChromium.assumeAvailable();
 * try (HeadlessChromium chromium = HeadlessChromium.start()) {
 *     HeadlessChromium.Load load = chromium.load(html);
 *     assertEquals(List.of(), load.problems());
 *     chromium.screenshot(png);
 * }
 * }</pre>
 *
 * Or in one line each: {@link #consoleErrors(Path)}, {@link #screenshot(Path, Path)}.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Why a browser test skipped, as JUnit and stderr show it. */
    public static final String NOT_FOUND = "chromium not found on PATH: the browser test did not run";

    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_SCREENSHOT_HEIGHT = 16_000;
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one page load left behind.
     *
     * @param problems console errors and failed assertions, uncaught exceptions, and errors the browser itself
     *                 logged for the page (failed loads, Content-Security-Policy violations), in order
     * @param warnings console and browser warnings
     * @param requests every URL the page asked for, the page itself first
     */
    public record Load(List<String> problems, List<String> warnings, List<String> requests) {
    }

    private final Process process;
    private final Path profile;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private HeadlessChromium(Path executable) throws IOException {
        profile = Files.createTempDirectory("plmlab-chromium-");
        List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--disable-sync", "--mute-audio", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "about:blank");
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStderr(endpoint), "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String browserUrl = endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            URI browser = URI.create(browserUrl);
            socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(pageTarget(browser.getHost() + ":" + browser.getPort())), new Listener())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            throw new IOException("chromium did not open its DevTools endpoint; its stderr ended with:\n" + stderr(), e);
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** Chromium on this machine: {@code $PLMLAB_CHROMIUM}, else the first of the usual names on PATH. */
    public static Optional<Path> executable() {
        String override = System.getenv("PLMLAB_CHROMIUM");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test, saying why on stderr as well as to JUnit, where there is no Chromium. */
    public static void assumeAvailable() {
        if (executable().isEmpty()) {
            System.err.println(NOT_FOUND);
        }
        Assumptions.assumeTrue(executable().isPresent(), NOT_FOUND);
    }

    /** A fresh browser with one blank tab and its own temporary profile. */
    public static HeadlessChromium start() throws IOException {
        return new HeadlessChromium(executable().orElseThrow(() -> new IllegalStateException(NOT_FOUND)));
    }

    /** The problems of loading {@code html} in a fresh browser: see {@link Load#problems()}. */
    public static List<String> consoleErrors(Path html) throws IOException {
        try (HeadlessChromium chromium = start()) {
            return chromium.load(html).problems();
        }
    }

    /** Loads {@code html} in a fresh browser and writes a full-page screenshot to {@code png}; returns the load. */
    public static Load screenshot(Path html, Path png) throws IOException {
        try (HeadlessChromium chromium = start()) {
            Load load = chromium.load(html);
            chromium.screenshot(png);
            return load;
        }
    }

    /**
     * Opens {@code html} in the tab, {@value #WIDTH} CSS px wide, and waits for its load event and two frames.
     */
    public Load load(Path html) throws IOException {
        synchronized (events) {
            events.clear();
        }
        call("Page.enable", null);
        call("Runtime.enable", null);
        call("Log.enable", null);
        call("Network.enable", null);
        viewport(HEIGHT);
        JsonNode navigated = call("Page.navigate", params("url", html.toAbsolutePath().toUri().toString()));
        if (navigated.hasNonNull("errorText")) {
            throw new IOException("chromium could not open " + html + ": " + navigated.get("errorText").asText());
        }
        awaitEvent(e -> "Page.loadEventFired".equals(e.path("method").asText()));
        evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");

        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        synchronized (events) {
            for (JsonNode e : events) {
                JsonNode p = e.path("params");
                switch (e.path("method").asText()) {
                    case "Runtime.consoleAPICalled" -> {
                        String type = p.path("type").asText();
                        String line = "console." + type + ": " + arguments(p.path("args"));
                        if (type.equals("error") || type.equals("assert")) {
                            problems.add(line);
                        } else if (type.equals("warning")) {
                            warnings.add(line);
                        }
                    }
                    case "Runtime.exceptionThrown" -> {
                        JsonNode d = p.path("exceptionDetails");
                        String description = d.path("exception").path("description").asText("");
                        problems.add("uncaught: " + (description.isEmpty() ? d.path("text").asText() : description));
                    }
                    case "Log.entryAdded" -> {
                        JsonNode entry = p.path("entry");
                        String line = "browser (" + entry.path("source").asText() + "): " + entry.path("text").asText()
                                + (entry.hasNonNull("url") ? " " + entry.get("url").asText() : "");
                        if (entry.path("level").asText().equals("error")) {
                            problems.add(line);
                        } else if (entry.path("level").asText().equals("warning")) {
                            warnings.add(line);
                        }
                    }
                    case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
                    default -> {
                    }
                }
            }
        }
        return new Load(List.copyOf(problems), List.copyOf(warnings), List.copyOf(requests));
    }

    /** Runs {@code expression} in the page (awaiting it if it is a promise) and returns its value as JSON. */
    public JsonNode evaluate(String expression) throws IOException {
        ObjectNode params = params("expression", expression);
        params.put("returnByValue", true);
        params.put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            JsonNode d = result.get("exceptionDetails");
            throw new IOException("the page threw on " + expression + ": "
                    + d.path("exception").path("description").asText(d.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole loaded page ({@value #WIDTH} px wide, as tall as the page) at {@code png}. */
    public void screenshot(Path png) throws IOException {
        JsonNode metrics = call("Page.getLayoutMetrics", null);
        JsonNode size = metrics.has("cssContentSize") ? metrics.get("cssContentSize") : metrics.get("contentSize");
        int height = (int) Math.min(MAX_SCREENSHOT_HEIGHT, Math.ceil(size.path("height").asDouble(HEIGHT)));
        viewport(Math.max(height, 1));
        evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");
        ObjectNode params = params("format", "png");
        params.put("fromSurface", true);
        JsonNode shot = call("Page.captureScreenshot", params);
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
        viewport(HEIGHT);
    }

    /** The last lines Chromium wrote to stderr, for failure messages. */
    public String stderr() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary profile left behind is harmless
        }
    }

    private void viewport(int height) throws IOException {
        ObjectNode params = JSON.createObjectNode();
        params.put("width", WIDTH);
        params.put("height", height);
        params.put("deviceScaleFactor", 1);
        params.put("mobile", false);
        call("Emulation.setDeviceMetricsOverride", params);
    }

    private String pageTarget(String hostPort) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/json/list"))
                        .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(list.body())) {
                    if ("page".equals(target.path("type").asText()) && target.hasNonNull("webSocketDebuggerUrl")) {
                        return target.get("webSocketDebuggerUrl").asText();
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("chromium at " + hostPort + " has no page to drive");
    }

    private JsonNode call(String method, ObjectNode params) throws IOException {
        int id = nextId.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + " got no answer; chromium's stderr ended with:\n" + stderr(), e);
        } finally {
            pending.remove(id);
        }
    }

    private void awaitEvent(Predicate<JsonNode> wanted) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (events) {
            while (events.stream().noneMatch(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the page did not finish loading within " + TIMEOUT.toSeconds() + " s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    private static String arguments(JsonNode args) {
        List<String> parts = new ArrayList<>();
        for (JsonNode a : args) {
            if (a.has("value")) {
                parts.add(a.get("value").isTextual() ? a.get("value").asText() : a.get("value").toString());
            } else {
                parts.add(a.path("description").asText(a.path("type").asText()));
            }
        }
        return String.join(" ", parts);
    }

    private static ObjectNode params(String key, String value) {
        ObjectNode node = JSON.createObjectNode();
        node.put(key, value);
        return node;
    }

    private void readStderr(CompletableFuture<String> endpoint) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    while (stderrTail.size() > 40) {
                        stderrTail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    endpoint.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        endpoint.completeExceptionally(new IOException("chromium ended before it opened DevTools"));
    }

    /** Answers go to the caller waiting on their id; events are kept for {@link #load}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> waiting = pending.get(message.get("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    } else {
                        synchronized (events) {
                            events.add(message);
                            events.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // not JSON: nothing Chromium sends
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
