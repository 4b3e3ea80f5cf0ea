package dev.plmlab.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.forge.onnx.OnnxGraphs;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.InferenceMetrics;
import dev.plmlab.store.RetryPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KServe v2 HTTP/REST client for a forged model served by Triton (or the testkit's KServeServer).
 *
 * <ul>
 *   <li>Before the first batch it waits, up to {@link KServeConfig#readyTimeout()}, for
 *       {@code /v2/health/ready} and {@code /v2/models/{m}/ready} (a model may still be loading), then reads
 *       {@code max_batch_size} from {@code /v2/models/{m}/config} and the output names from
 *       {@code /v2/models/{m}}.</li>
 *   <li>Tokens go as binary INT64 data; outputs come back binary or as JSON {@code data}.</li>
 *   <li>Connection errors, timeouts, 502, 503, 504 and 429 are retried with exponential backoff and full
 *       jitter, bounded by {@link KServeConfig#maxRetries()} and {@link KServeConfig#maxRetryTime()}; each retry
 *       is logged at WARN and counted ({@link #retries()}, {@code plmlab_inference_retries_total}). Other 4xx
 *       and 5xx answers (an unknown model, a bad shape) fail at once with the server's message.</li>
 *   <li>A batch above the model's {@code max_batch_size} is sent in chunks; one the server rejects as too
 *       large (400, 413 or 429 naming the batch size) is split in halves and retried. A {@code <= N} in the
 *       message lowers the limit for later batches.</li>
 *   <li>An error response that reports exhausted memory becomes an {@link InferenceException} with
 *       {@code outOfMemory() == true}, for the caller to split.</li>
 * </ul>
 */
public final class KServeBackend implements InferenceBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Triton: "inference request batch-size must be <= 8 for 'esm2'"; others say "batch size ... too large". */
    private static final Pattern BATCH_SIZE_MESSAGE = Pattern.compile("batch[ _-]?size|batch too large|too many rows",
            Pattern.CASE_INSENSITIVE);
    /** Answers that say "not now": a gateway without a backend, a pod that restarts, a gateway timeout, too many requests. */
    private static final Set<Integer> RETRIED_STATUS = Set.of(429, 502, 503, 504);
    private static final System.Logger LOG = System.getLogger(KServeBackend.class.getName());
    private static final Pattern LIMIT_IN_MESSAGE = Pattern.compile("<=\\s*(\\d+)");

    private final KServeConfig config;
    private final HttpClient http;
    private final InferenceMetrics metrics;
    private final Object readyLock = new Object();
    private volatile boolean ready;
    private volatile int maxBatchSize; // 0: no limit known
    private volatile List<String> outputs;
    private final AtomicLong retries = new AtomicLong();

    public KServeBackend(KServeConfig config, MeterRegistry registry) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
        this.metrics = InferenceMetrics.of(registry, "kserve");
        if (registry != null) {
            FunctionCounter.builder("plmlab.inference.retries", this, KServeBackend::retries)
                    .description("KServe infer requests retried after a connection error, timeout, 502, 503, 504 or 429")
                    .tag("backend", "kserve").tag("model", config.model())
                    .register(registry);
        }
    }

    public KServeBackend(KServeConfig config) {
        this(config, null);
    }

    /** {@code GET /v2/health/live} answers 200. */
    public boolean serverLive() {
        return getStatus("/v2/health/live") == 200;
    }

    /** {@code GET /v2/health/ready} answers 200. */
    public boolean serverReady() {
        return getStatus("/v2/health/ready") == 200;
    }

    /** {@code GET /v2/models/{m}/ready} answers 200. */
    public boolean modelReady() {
        return getStatus(modelPath("/ready")) == 200;
    }

    /** The model's max batch size as last learned (0: none known); valid after {@link #awaitReady()}. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * Waits for the server and the model to be ready, then reads the model's batch limit and outputs. Called
     * by the first {@link #infer}; call it yourself to fail fast at start-up.
     *
     * @throws InferenceException if they are not ready within {@link KServeConfig#readyTimeout()}
     */
    public void awaitReady() {
        if (ready) {
            return;
        }
        synchronized (readyLock) {
            if (ready) {
                return;
            }
            long deadline = System.nanoTime() + config.readyTimeout().toNanos();
            waitFor("/v2/health/ready", "server " + config.baseUri(), deadline);
            waitFor(modelPath("/ready"), "model '" + config.model() + "' at " + config.baseUri(), deadline);
            maxBatchSize = readMaxBatchSize();
            outputs = readOutputs();
            ready = true;
        }
    }

    @Override
    public BackendOutputs infer(long[][] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        awaitReady();
        return metrics.record(tokens, () -> inferInChunks(tokens));
    }

    private BackendOutputs inferInChunks(long[][] tokens) {
        int limit = maxBatchSize;
        if (limit <= 0 || tokens.length <= limit) {
            return inferSplittingIfTooLarge(tokens);
        }
        BackendOutputs joined = null;
        for (int from = 0; from < tokens.length; from += limit) {
            BackendOutputs part = inferSplittingIfTooLarge(Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + limit)));
            joined = joined == null ? part : BackendOutputs.concat(joined, part);
        }
        return joined;
    }

    private BackendOutputs inferSplittingIfTooLarge(long[][] tokens) {
        try {
            return send(tokens);
        } catch (BatchTooLargeException e) {
            if (tokens.length == 1) {
                throw new InferenceException("model '" + config.model() + "' rejects even a batch of one: " + e.getMessage());
            }
            Matcher limit = LIMIT_IN_MESSAGE.matcher(e.getMessage());
            if (limit.find()) {
                int stated = Integer.parseInt(limit.group(1));
                if (stated >= 1 && stated < tokens.length) {
                    maxBatchSize = stated;
                }
            }
            int half = tokens.length / 2;
            return BackendOutputs.concat(
                    inferSplittingIfTooLarge(Arrays.copyOfRange(tokens, 0, half)),
                    inferSplittingIfTooLarge(Arrays.copyOfRange(tokens, half, tokens.length)));
        }
    }

    /**
     * One request, retried on connection errors, timeouts, 502, 503, 504 and 429 with full-jitter exponential
     * backoff, bounded by {@link KServeConfig#maxRetries()} and {@link KServeConfig#maxRetryTime()}; any other
     * answer fails at once with the server's message.
     */
    private BackendOutputs send(long[][] tokens) {
        InferRequestBody body = KServeCodec.encodeRequest(OnnxGraphs.INPUT_TOKENS, tokens, outputs, config.binaryOutputs());
        HttpRequest request = HttpRequest.newBuilder(uri(modelPath("/infer")))
                .timeout(config.requestTimeout())
                .header("Content-Type", KServeCodec.BINARY_CONTENT_TYPE)
                .header(KServeCodec.HEADER_LENGTH, Integer.toString(body.headerLength()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.body()))
                .build();
        RetryPolicy policy = config.retryPolicy();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 200) {
                    return toOutputs(response);
                }
                String message = KServeCodec.errorMessage(response.body());
                if ((status == 400 || status == 413 || status == 429) && BATCH_SIZE_MESSAGE.matcher(message).find()) {
                    throw new BatchTooLargeException("HTTP " + status + ": " + message);
                }
                if (InferenceException.mentionsMemory(message)) {
                    throw new InferenceException("model '" + config.model() + "' ran out of memory on a batch of "
                            + tokens.length + " x " + tokens[0].length + ": " + message, true, null);
                }
                if (!RETRIED_STATUS.contains(status)) {
                    throw new InferenceException("model '" + config.model() + "' at " + config.baseUri() + " answered HTTP "
                            + status + " (not retried): " + message);
                }
                problem = "HTTP " + status + ": " + message;
            } catch (IOException e) { // refused, reset, or HttpTimeoutException
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for " + config.baseUri(), false, e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            Duration delay = policy.delay(attempt);
            if (!policy.allowsAnother(attempt, elapsed, delay)) {
                throw new InferenceException(String.format(Locale.ROOT,
                        "model '%s' at %s failed %d %s over %.1f s (retry bound: %s); last: %s", config.model(),
                        config.baseUri(), attempt, attempt == 1 ? "attempt" : "attempts", elapsed.toMillis() / 1000.0,
                        policy.describe(), problem));
            }
            retries.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "KServe infer on model ''{0}'' at {1} failed (attempt {2} of at most {3}): {4}; retrying in {5} ms",
                    config.model(), config.baseUri(), attempt, policy.maxAttempts(), problem, delay.toMillis());
            backOff(delay);
        }
    }

    /** How many infer requests this backend has retried (for a metric). */
    public long retries() {
        return retries.get();
    }

    private BackendOutputs toOutputs(HttpResponse<byte[]> response) {
        Integer headerLength = response.headers().firstValue(KServeCodec.HEADER_LENGTH).map(Integer::valueOf).orElse(null);
        Map<String, KServeCodec.DecodedTensor> decoded = KServeCodec.decodeResponse(response.body(), headerLength);
        KServeCodec.DecodedTensor mean = decoded.get(OnnxGraphs.OUTPUT_MEAN);
        if (mean == null) {
            throw new InferenceException("response lacks the '" + OnnxGraphs.OUTPUT_MEAN + "' output; got " + decoded.keySet());
        }
        Map<Integer, float[][][]> hidden = new TreeMap<>();
        for (Map.Entry<String, KServeCodec.DecodedTensor> e : decoded.entrySet()) {
            if (e.getKey().startsWith(OnnxGraphs.HIDDEN_PREFIX)) {
                hidden.put(Integer.parseInt(e.getKey().substring(OnnxGraphs.HIDDEN_PREFIX.length())), e.getValue().toRank3());
            }
        }
        return new BackendOutputs(mean.toRank3(), hidden);
    }

    private void waitFor(String path, String what, long deadline) {
        int polls = 0;
        int status = -1;
        while (true) {
            status = getStatus(path);
            if (status == 200) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new InferenceException(what + " not ready after " + config.readyTimeout() + " (last "
                        + path + ": " + (status < 0 ? "no connection" : "HTTP " + status) + ")");
            }
            // poll briskly at first (a model usually loads in seconds), then settle at 2 s
            long pause = Math.min(Math.min(50L << Math.min(polls++, 6), 2000L), left / 1_000_000 + 1);
            backOff(Duration.ofMillis(pause));
        }
    }

    /** The status of a GET, or -1 if the server cannot be reached. */
    private int getStatus(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<byte[]> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(config.requestTimeout()).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for " + config.baseUri(), false, e);
        }
    }

    /** {@code max_batch_size} from the model configuration, or 0 when the server does not say. */
    private int readMaxBatchSize() {
        JsonNode config = getJson(modelPath("/config"));
        return config == null ? 0 : Math.max(0, config.path("max_batch_size").asInt(0));
    }

    /** {@code mean} plus the requested hidden layers the model's metadata lists (all requested if it has none). */
    private List<String> readOutputs() {
        JsonNode metadata = getJson(modelPath(""));
        List<String> names = new ArrayList<>();
        names.add(OnnxGraphs.OUTPUT_MEAN);
        for (int layer : new java.util.TreeSet<>(config.hiddenLayers())) {
            String name = OnnxGraphs.hiddenOutput(layer);
            if (metadata == null || hasOutput(metadata, name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static boolean hasOutput(JsonNode metadata, String name) {
        for (JsonNode output : metadata.path("outputs")) {
            if (name.equals(output.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode getJson(String path) {
        try {
            HttpResponse<byte[]> response = get(path);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits out a retry's pause; an interrupt ends the call. Shared by the KServe clients of this package. */
    static void backOff(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while backing off", false, e);
        }
    }

    private String modelPath(String suffix) {
        return "/v2/models/" + config.model() + suffix;
    }

    private URI uri(String path) {
        return URI.create(config.baseUri() + path);
    }

    @Override
    public String describe() {
        return "kserve-v2(" + config.baseUri() + ", model " + config.model() + ")";
    }

    @Override
    public void close() {
        // java.net.http.HttpClient only gained close() in Java 21; its threads end when it is unreachable
    }

    /** The server refused the batch for its size; a smaller one may pass. */
    private static final class BatchTooLargeException extends RuntimeException {
        BatchTooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}
