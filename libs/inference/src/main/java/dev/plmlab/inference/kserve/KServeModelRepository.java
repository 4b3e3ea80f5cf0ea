package dev.plmlab.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.store.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client for the KServe v2 / Triton model repository extension, for a server in explicit model-control
 * mode: {@code POST v2/repository/index}, {@code POST v2/repository/models/{m}/load} and {@code POST
 * v2/repository/models/{m}/unload}. Triton answers a load once the model is ready (or has failed), so a load
 * request gets {@code loadTimeout}, far longer than an index request.
 *
 * <p>Connection errors, timeouts, 502, 503, 504 and 429 are retried with full-jitter exponential backoff within
 * the {@link RetryPolicy}, as {@link KServeBackend} retries inference (load and unload are idempotent). Any
 * other answer fails at once: a 400 or 404 on load names the model, the server and the server's reason.
 */
public final class KServeModelRepository {

    /** One model of {@code v2/repository/index}; {@code state} is empty for a model never loaded. */
    public record Entry(String name, String version, String state, String reason) {
        public boolean ready() {
            return "READY".equals(state);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIED_STATUS = Set.of(429, 502, 503, 504);
    private static final System.Logger LOG = System.getLogger(KServeModelRepository.class.getName());

    private final URI baseUri;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final Duration loadTimeout;
    private final HttpClient http;
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param requestTimeout limit on an index, unload or ready request
     * @param loadTimeout    limit on one load request, which lasts as long as the model takes to load
     */
    public KServeModelRepository(URI baseUri, RetryPolicy retry, Duration requestTimeout, Duration loadTimeout) {
        String root = baseUri.toString();
        this.baseUri = URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.loadTimeout = loadTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout).build();
    }

    /** The retry bound of {@code config}, its request timeout, and 10 minutes per load. */
    public static KServeModelRepository of(KServeConfig config) {
        return new KServeModelRepository(config.baseUri(), config.retryPolicy(), config.requestTimeout(), Duration.ofMinutes(10));
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Requests retried so far (for a metric). */
    public long retries() {
        return retries.get();
    }

    /** Every model of the server's repositories, loaded or not. */
    public List<Entry> index() {
        HttpResponse<byte[]> response = send("index the repository of", "/v2/repository/index", "{}", requestTimeout);
        if (response.statusCode() != 200) {
            throw new InferenceException("repository index at " + baseUri + " answered HTTP " + response.statusCode() + ": "
                    + KServeCodec.errorMessage(response.body()));
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (JsonNode node : JSON.readTree(response.body())) {
                entries.add(new Entry(node.path("name").asText(), node.path("version").asText(""),
                        node.path("state").asText(""), node.path("reason").asText("")));
            }
        } catch (IOException e) {
            throw new InferenceException("repository index at " + baseUri + " is not JSON: " + e.getMessage(), false, e);
        }
        return entries;
    }

    /**
     * Loads {@code model} and returns once the server says it is loaded (a model loaded already stays so).
     *
     * @throws InferenceException naming the model and the server's reason if the server cannot load it, or
     *                            once the retry bound is spent
     */
    public void load(String model) {
        HttpResponse<byte[]> response = send("load model '" + model + "' on", modelPath(model, "load"), "{}", loadTimeout);
        if (response.statusCode() != 200) {
            throw new InferenceException("Triton at " + baseUri + " cannot load model '" + model + "' (HTTP "
                    + response.statusCode() + "): " + KServeCodec.errorMessage(response.body()));
        }
    }

    /** Unloads {@code model}; the server finishes inference in flight on it first. */
    public void unload(String model) {
        HttpResponse<byte[]> response = send("unload model '" + model + "' on", modelPath(model, "unload"), "{}", requestTimeout);
        if (response.statusCode() != 200) {
            throw new InferenceException("Triton at " + baseUri + " cannot unload model '" + model + "' (HTTP "
                    + response.statusCode() + "): " + KServeCodec.errorMessage(response.body()));
        }
    }

    /** {@code GET v2/models/{m}/ready} answers 200 (no retries: a probe). */
    public boolean ready(String model) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + "/v2/models/" + encode(model) + "/ready"))
                .timeout(requestTimeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while asking " + baseUri + " whether '" + model + "' is ready", false, e);
        }
    }

    /** Loads {@code model}, then waits up to {@code timeout} for its ready endpoint to say so. */
    public void loadAndAwaitReady(String model, Duration timeout) {
        load(model);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (!ready(model)) {
            if (System.nanoTime() >= deadline) {
                throw new InferenceException("Triton at " + baseUri + " loaded model '" + model + "' but it is not ready after "
                        + timeout);
            }
            KServeBackend.backOff(Duration.ofMillis(pause));
            pause = Math.min(pause * 2, 1000);
        }
    }

    private HttpResponse<byte[]> send(String what, String path, String body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUri + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (!RETRIED_STATUS.contains(response.statusCode())) {
                    return response;
                }
                problem = "HTTP " + response.statusCode() + ": " + KServeCodec.errorMessage(response.body());
            } catch (IOException e) { // refused, reset, or HttpTimeoutException
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while trying to " + what + " " + baseUri, false, e);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            Duration delay = retry.delay(attempt);
            if (!retry.allowsAnother(attempt, elapsed, delay)) {
                throw new InferenceException(String.format(Locale.ROOT, "could not %s %s: %d %s over %.1f s (retry bound: %s); last: %s",
                        what, baseUri, attempt, attempt == 1 ? "attempt" : "attempts", elapsed.toMillis() / 1000.0,
                        retry.describe(), problem));
            }
            retries.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "could not {0} {1} (attempt {2} of at most {3}): {4}; retrying in {5} ms",
                    what, baseUri, attempt, retry.maxAttempts(), problem, delay.toMillis());
            KServeBackend.backOff(delay);
        }
    }

    private static String modelPath(String model, String action) {
        return "/v2/repository/models/" + encode(model) + "/" + action;
    }

    private static String encode(String model) {
        return URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
