package dev.plmlab.testkit;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KServe v2 (Open Inference Protocol) HTTP server over ONNX Runtime, serving a Triton-layout model
 * repository such as forge's TritonRepository writes: the local stand-in for Triton in tests, benchmarks
 * and local mode. Listens on 127.0.0.1 on a random port.
 *
 * <p>Endpoints: {@code GET /v2/health/live}, {@code GET /v2/health/ready}, {@code GET /v2/models/{m}}
 * (metadata), {@code GET /v2/models/{m}/ready}, {@code GET /v2/models/{m}/config} and
 * {@code POST /v2/models/{m}/infer} (JSON data or the binary tensor data extension), each also under
 * {@code /v2/models/{m}/versions/1}. Errors are {@code {"error": "..."}}: 400 for a bad request or a batch
 * over the limit, 404 for an unknown model or path, 405 for a wrong method, 503 while loading, 500 when
 * inference fails. {@link KServeServerOptions} adds simulated faults for client tests.
 *
 * <p>The repository is a folder or an S3 prefix ({@link ModelRepository}). In {@link ModelControlMode#NONE}
 * every model is loaded at start; in {@link ModelControlMode#EXPLICIT} none is, and the model repository
 * extension loads and unloads them: {@code POST /v2/repository/index}, {@code POST
 * /v2/repository/models/{m}/load} (answers when the model is ready, or 400 with the reason) and {@code POST
 * /v2/repository/models/{m}/unload} (waits for inference running on it). A request for a model in the
 * repository that is not loaded gets Triton's 404 "Request for unknown model: 'm' has no available versions".
 */
public final class KServeServer implements AutoCloseable {

    private static final Pattern MODEL_PATH = Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/config|/infer)?/?$");
    private static final Pattern REPOSITORY_MODEL_PATH = Pattern.compile("^/v2/repository/models/([^/]+)/(load|unload)/?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<String, Loaded> models = new ConcurrentHashMap<>();
    /** Models unloaded since start: the index reports them UNAVAILABLE, as Triton does. */
    private final Set<String> unloaded = ConcurrentHashMap.newKeySet();
    private final ModelRepository repository;
    private final ModelControlMode mode;
    /** Loads and unloads one at a time, as a model's state changes in one place in Triton. */
    private final Object control = new Object();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger unloads = new AtomicInteger();
    private final KServeServerOptions options;
    private final long readyAtNanos;
    private final AtomicInteger inferRequests = new AtomicInteger();
    private final AtomicInteger inferRows = new AtomicInteger();
    /** Inference holds it shared; close() takes it exclusively, so no session is closed while it runs. */
    private final ReentrantReadWriteLock sessions = new ReentrantReadWriteLock();
    private boolean closed;
    /** A fault switched on while the server runs: infer requests get {@code status} until the deadline, or {@code count} of them. */
    private record Fault(int status, long untilNanos, AtomicInteger left, Duration stall) {
    }
    private volatile Fault fault;
    /** As {@link #fault}, for repository extension requests (index, load, unload). */
    private volatile Fault repositoryFault;

    /** A loaded model and the folder it was read from (a temporary copy for an S3 repository). */
    private record Loaded(ServedModel model, Path folder) {
    }

    private KServeServer(ModelRepository repository, ModelControlMode mode, InetSocketAddress bind,
                         KServeServerOptions options) throws IOException, OrtException {
        this.options = options;
        this.repository = repository;
        this.mode = mode;
        if (mode == ModelControlMode.NONE) {
            try {
                for (String name : repository.names()) {
                    loadModel(name);
                }
            } catch (IOException | OrtException | RuntimeException e) {
                closeModels();
                throw e;
            }
            if (models.isEmpty()) {
                throw new IllegalArgumentException("no model folders (<name>/config.pbtxt + <name>/1/model.onnx) in "
                        + repository.describe());
            }
        }
        this.readyAtNanos = System.nanoTime() + options.loadingDelay().toNanos();
        this.http = HttpServer.create(bind, 64);
        this.executor = Executors.newFixedThreadPool(options.httpThreads(), r -> {
            Thread t = new Thread(r, "kserve-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Loads every model of a Triton repository and starts serving.
     *
     * @throws IllegalArgumentException if the folder holds no model
     */
    public static KServeServer start(Path repository, KServeServerOptions options) {
        return start(ModelRepository.folder(repository), ModelControlMode.NONE,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), options);
    }

    /** Serves {@code repository} on 127.0.0.1, a random port, in {@code mode}. */
    public static KServeServer start(ModelRepository repository, ModelControlMode mode) {
        return start(repository, mode, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KServeServerOptions.defaults());
    }

    /**
     * Serves {@code repository} on {@code bind} (port 0: a free one) in {@code mode}; the server owns the
     * repository and closes it.
     *
     * @throws IllegalArgumentException in mode NONE, if the repository holds no model
     */
    public static KServeServer start(ModelRepository repository, ModelControlMode mode, InetSocketAddress bind,
                                     KServeServerOptions options) {
        try {
            return new KServeServer(repository, mode, bind, options);
        } catch (IOException e) {
            repository.close();
            throw new UncheckedIOException("cannot serve " + repository.describe() + ": " + e.getMessage(), e);
        } catch (OrtException e) {
            repository.close();
            throw new IllegalStateException("ONNX Runtime cannot load a model of " + repository.describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    public static KServeServer start(Path repository) {
        return start(repository, KServeServerOptions.defaults());
    }

    /** {@code http://127.0.0.1:<port>}, or the bound address when it is neither loopback nor the wildcard. */
    public URI baseUri() {
        InetSocketAddress address = http.getAddress();
        InetAddress host = address.getAddress();
        String name = host.isAnyLocalAddress() || host.isLoopbackAddress() ? "127.0.0.1"
                : host.getHostAddress().contains(":") ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return URI.create("http://" + name + ":" + address.getPort());
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** The models loaded now. */
    public Set<String> models() {
        return Set.copyOf(models.keySet());
    }

    public ModelControlMode modelControlMode() {
        return mode;
    }

    /** Models loaded through the repository extension so far (the loads at start in mode NONE not counted). */
    public int loads() {
        return loads.get();
    }

    /** Models unloaded through the repository extension so far. */
    public int unloads() {
        return unloads.get();
    }

    /**
     * Loads {@code name} from the repository unless it is loaded, as {@code POST /v2/repository/models/{m}/load}.
     *
     * @return false if it was loaded already
     * @throws NoSuchFileException if the repository has no such entry
     */
    public boolean load(String name) throws IOException, OrtException {
        synchronized (control) {
            if (models.containsKey(name)) {
                return false;
            }
            loadModel(name);
            unloaded.remove(name);
            loads.incrementAndGet();
            return true;
        }
    }

    /**
     * Closes {@code name}'s session once inference running on it is done, as {@code POST
     * /v2/repository/models/{m}/unload}.
     *
     * @return false if it was not loaded
     */
    public boolean unload(String name) {
        synchronized (control) {
            Loaded gone;
            sessions.writeLock().lock();
            try {
                gone = models.remove(name);
            } finally {
                sessions.writeLock().unlock();
            }
            if (gone == null) {
                return false;
            }
            close(gone);
            unloaded.add(name);
            unloads.incrementAndGet();
            return true;
        }
    }

    private void loadModel(String name) throws IOException, OrtException {
        Path folder = repository.fetch(name);
        try {
            ServedModel model = ServedModel.load(env, folder, options.ortThreads());
            models.put(name, new Loaded(model, folder));
        } catch (IOException | OrtException | RuntimeException e) {
            repository.release(name, folder);
            throw e;
        }
    }

    private void close(Loaded loaded) {
        try {
            loaded.model().close();
        } catch (OrtException ignored) {
            // closing a session only frees memory; nothing to recover
        }
        repository.release(loaded.model().name, loaded.folder());
    }

    /** Infer requests received so far, answered or not. */
    public int inferRequests() {
        return inferRequests.get();
    }

    /** Rows (batch entries) of the infer requests that ran. */
    public int inferRows() {
        return inferRows.get();
    }

    /**
     * From now on, infer requests get HTTP {@code status} (502, 503, 504...) with a server error document for
     * {@code length}: a Triton pod that restarts or a gateway that cannot reach it. Replaces any earlier fault.
     */
    public void answerFor(int status, Duration length) {
        fault = new Fault(status, System.nanoTime() + length.toNanos(), null, Duration.ZERO);
    }

    /** The next {@code count} infer requests get HTTP {@code status}; then the server answers as usual. */
    public void answerNext(int status, int count) {
        fault = new Fault(status, Long.MAX_VALUE, new AtomicInteger(count), Duration.ZERO);
    }

    /**
     * From now on, for {@code length}, infer requests wait {@code stall} before they are served: a server that
     * stops answering in time, so clients' request timeouts fire.
     */
    public void stallFor(Duration length, Duration stall) {
        fault = new Fault(0, System.nanoTime() + length.toNanos(), null, stall);
    }

    /** The next {@code count} repository extension requests (index, load, unload) get HTTP {@code status}. */
    public void answerRepositoryNext(int status, int count) {
        repositoryFault = new Fault(status, Long.MAX_VALUE, new AtomicInteger(count), Duration.ZERO);
    }

    /** Ends a fault switched on by {@link #answerFor}, {@link #answerNext}, {@link #stallFor} or {@link #answerRepositoryNext}. */
    public void clearFault() {
        fault = null;
        repositoryFault = null;
    }

    /** The fault this request meets, or null. */
    private Fault activeFault() {
        return active(fault);
    }

    private static Fault active(Fault f) {
        if (f == null || System.nanoTime() >= f.untilNanos()) {
            return null;
        }
        if (f.left() != null && f.left().getAndDecrement() <= 0) {
            return null;
        }
        return f;
    }

    private boolean loaded() {
        return System.nanoTime() >= readyAtNanos;
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (MethodNotAllowed e) {
            exchange.getResponseHeaders().set("Allow", e.getMessage());
            sendError(exchange, 405, "method not allowed; use " + e.getMessage());
        } catch (KServeWire.BadRequest e) {
            sendError(exchange, 400, e.getMessage());
        } catch (IOException | OrtException | RuntimeException e) {
            sendError(exchange, 500, "inference failed: " + e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, OrtException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/v2/health/live")) {
            requireGet(exchange, method);
            sendStatus(exchange, 200);
            return;
        }
        if (path.equals("/v2/health/ready")) {
            requireGet(exchange, method);
            sendStatus(exchange, loaded() ? 200 : 503);
            return;
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            requireGet(exchange, method);
            sendJson(exchange, 200, JSON.createObjectNode().put("name", "plmlab-kserve-server").put("version", "1")
                    .set("extensions", JSON.createArrayNode().add("binary_tensor_data")).toString());
            return;
        }
        boolean index = path.equals("/v2/repository/index") || path.equals("/v2/repository/index/");
        Matcher control = REPOSITORY_MODEL_PATH.matcher(path);
        if (index || control.matches()) {
            requirePost(method);
            Fault f = active(repositoryFault);
            if (f != null) {
                sendError(exchange, f.status(), "server unavailable (simulated HTTP " + f.status() + ")");
                return;
            }
        }
        if (index) {
            index(exchange);
            return;
        }
        if (control.matches()) {
            loadOrUnload(exchange, control.group(1), control.group(2).equals("load"));
            return;
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) {
            sendError(exchange, 404, "no such endpoint: " + path);
            return;
        }
        String action = m.group(3) == null ? "" : m.group(3);
        Loaded found = models.get(m.group(1));
        if (found == null || (m.group(2) != null && !m.group(2).equals(ServedModel.VERSION))) {
            if (found == null && action.equals("/ready") && inRepository(m.group(1))) {
                sendStatus(exchange, 400); // Triton: known to the repository, not ready
                return;
            }
            sendError(exchange, 404, unknownModel(m.group(1), m.group(2)));
            return;
        }
        ServedModel model = found.model();
        switch (action) {
            case "" -> {
                requireGet(exchange, method);
                sendJson(exchange, 200, model.metadata().toString());
            }
            case "/ready" -> {
                requireGet(exchange, method);
                sendStatus(exchange, loaded() ? 200 : 503);
            }
            case "/config" -> {
                requireGet(exchange, method);
                sendJson(exchange, 200, model.config().toString());
            }
            default -> {
                if (!method.equals("POST")) {
                    throw new MethodNotAllowed("POST");
                }
                infer(exchange, model.name);
            }
        }
    }

    /** Triton's wording: "is not found" for a name the repository lacks, "has no available versions" for one not loaded. */
    private String unknownModel(String name, String version) {
        if (version == null && inRepository(name)) {
            return "Request for unknown model: '" + name + "' has no available versions";
        }
        return "Request for unknown model: '" + name + "'" + (version == null ? "" : " version " + version) + " is not found";
    }

    private boolean inRepository(String name) {
        try {
            return repository.names().contains(name);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code [{"name", "version", "state", "reason"}]}; models never loaded have a name only, as in Triton. */
    private void index(HttpExchange exchange) throws IOException {
        boolean readyOnly = false;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (body.length > 0) {
                JsonNode request;
                try {
                    request = JSON.readTree(body);
                } catch (IOException e) {
                    throw new KServeWire.BadRequest("repository index request is not JSON: " + e.getMessage());
                }
                readyOnly = request != null && request.path("ready").asBoolean(false);
            }
        }
        ArrayNode entries = JSON.createArrayNode();
        for (String name : repository.names()) {
            boolean ready = models.containsKey(name);
            if (readyOnly && !ready) {
                continue;
            }
            var entry = entries.addObject().put("name", name);
            if (ready) {
                entry.put("version", ServedModel.VERSION).put("state", "READY").put("reason", "");
            } else if (unloaded.contains(name)) {
                entry.put("version", ServedModel.VERSION).put("state", "UNAVAILABLE").put("reason", "unloaded");
            }
        }
        sendJson(exchange, 200, entries.toString());
    }

    private void loadOrUnload(HttpExchange exchange, String name, boolean load) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        if (mode != ModelControlMode.EXPLICIT) {
            sendError(exchange, 400, "explicit model load / unload is not allowed: the server runs with --model-control-mode="
                    + mode.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        if (!load) {
            unload(name);
            sendJson(exchange, 200, "{}");
            return;
        }
        try {
            load(name);
            sendJson(exchange, 200, "{}");
        } catch (NoSuchFileException e) {
            sendError(exchange, 400, "failed to load '" + name + "', failed to poll from model repository: no entry "
                    + name + "/config.pbtxt in " + repository.describe());
        } catch (OrtException | IOException | RuntimeException e) {
            sendError(exchange, 400, "failed to load '" + name + "': " + e.getMessage());
        }
    }

    private void infer(HttpExchange exchange, String name) throws IOException, OrtException {
        int request = inferRequests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (!loaded()) {
            sendError(exchange, 503, "model '" + name + "' is not ready: still loading");
            return;
        }
        Fault f = activeFault();
        if (f != null && f.status() > 0) {
            sendError(exchange, f.status(), "server unavailable (simulated HTTP " + f.status() + ", request " + request + ")");
            return;
        }
        if (f != null && !sleep(f.stall())) {
            return; // interrupted: the server is closing
        }
        if (request <= options.unavailableInfers()) {
            sendError(exchange, 503, "server unavailable (simulated, request " + request + ")");
            return;
        }
        if (request <= options.unavailableInfers() + options.slowInfers() && !sleep(options.slowDelay())) {
            return; // interrupted: the server is closing
        }
        sessions.readLock().lock();
        try {
            if (closed) {
                sendError(exchange, 503, "server is shutting down");
                return;
            }
            Loaded loaded = models.get(name);
            if (loaded == null) { // unloaded while this request waited
                sendError(exchange, 404, unknownModel(name, null));
                return;
            }
            run(exchange, loaded.model(), body);
        } finally {
            sessions.readLock().unlock();
        }
    }

    private void run(HttpExchange exchange, ServedModel model, byte[] body) throws IOException, OrtException {
        KServeWire.Request decoded = KServeWire.decode(env, body,
                exchange.getRequestHeaders().getFirst(KServeWire.HEADER_LENGTH));
        List<OnnxTensor> toClose = new ArrayList<>();
        decoded.inputs().values().forEach(i -> toClose.add(i.tensor()));
        try {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            int rows = -1;
            for (KServeWire.Input input : decoded.inputs().values()) {
                if (!model.session.getInputNames().contains(input.name())) {
                    throw new KServeWire.BadRequest("unexpected inference input '" + input.name() + "' for model '"
                            + model.name + "'; it takes " + model.session.getInputNames());
                }
                feeds.put(input.name(), input.tensor());
                rows = input.shape().length == 0 ? 1 : (int) input.shape()[0];
            }
            for (String required : model.session.getInputNames()) {
                if (!feeds.containsKey(required)) {
                    throw new KServeWire.BadRequest("expected input '" + required + "' for model '" + model.name + "'");
                }
            }
            int limit = options.enforcedBatchLimit() > 0 ? options.enforcedBatchLimit() : model.maxBatchSize;
            if (limit > 0 && rows > limit) {
                // Triton's wording, which clients match on
                throw new KServeWire.BadRequest("inference request batch-size must be <= " + limit + " for '" + model.name + "'");
            }
            if (options.outOfMemoryAbove() > 0 && rows > options.outOfMemoryAbove()) {
                sendError(exchange, 500, "onnxruntime: Failed to allocate memory for a batch of " + rows
                        + " rows: out of memory (simulated)");
                return;
            }
            List<KServeWire.RequestedOutput> outputs = decoded.outputs().isEmpty()
                    ? model.session.getOutputNames().stream().map(n -> new KServeWire.RequestedOutput(n, decoded.binaryByDefault())).toList()
                    : decoded.outputs();
            Set<String> names = new LinkedHashSet<>();
            for (KServeWire.RequestedOutput output : outputs) {
                if (!model.session.getOutputNames().contains(output.name())) {
                    throw new KServeWire.BadRequest("unexpected inference output '" + output.name() + "' for model '"
                            + model.name + "'; it has " + model.session.getOutputNames());
                }
                names.add(output.name());
            }
            try (OrtSession.Result result = model.session.run(feeds, names)) {
                Map<String, OnnxTensor> tensors = new HashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    tensors.put(e.getKey(), (OnnxTensor) e.getValue());
                }
                int[] headerLength = new int[1];
                byte[] response = KServeWire.encode(model.name, tensors, outputs, headerLength);
                inferRows.addAndGet(Math.max(rows, 0));
                boolean binary = headerLength[0] < response.length;
                exchange.getResponseHeaders().set("Content-Type", binary ? "application/octet-stream" : "application/json");
                if (binary) {
                    exchange.getResponseHeaders().set(KServeWire.HEADER_LENGTH, Integer.toString(headerLength[0]));
                }
                exchange.sendResponseHeaders(200, response.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        } finally {
            toClose.forEach(OnnxTensor::close);
        }
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw new MethodNotAllowed("POST");
        }
    }

    private static void requireGet(HttpExchange exchange, String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new MethodNotAllowed("GET");
        }
    }

    private static void sendStatus(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String message) {
        try {
            sendJson(exchange, status, JSON.createObjectNode().put("error", message).toString());
        } catch (IOException ignored) {
            // the client has gone (e.g. it timed out); there is nobody to tell
        }
    }

    /** @return false if interrupted */
    private static boolean sleep(java.time.Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a run still going holds the read lock: closing its session under it would crash the JVM
        sessions.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            sessions.writeLock().unlock();
        }
        closeModels();
        repository.close();
    }

    private void closeModels() {
        for (String name : List.copyOf(models.keySet())) {
            Loaded gone = models.remove(name);
            if (gone != null) {
                close(gone);
            }
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String allowed) {
            super(allowed, null, false, false);
        }
    }
}
