package dev.plmlab.inference.kserve;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a KServe v2 model is served and how patiently to talk to it.
 *
 * @param baseUri        the server's HTTP root, e.g. {@code http://triton:8000}
 * @param model          the model name in the repository
 * @param hiddenLayers   layers whose per-token states to request (those the model lacks are skipped)
 * @param requestTimeout limit on one inference request (a timed-out request is retried)
 * @param readyTimeout   how long to wait for the server and model to become ready (a model may be loading)
 * @param maxRetries     retries after a connection error, timeout, 502, 503, 504 or 429, per request
 * @param initialBackoff the cap on the first retry's delay; doubled on each further retry, up to {@code maxBackoff};
 *                       each delay is drawn at random below its cap (full jitter)
 * @param maxBackoff     the cap on any one delay between retries
 * @param binaryOutputs  ask for outputs in the binary tensor data extension (else as JSON {@code data})
 * @param maxRetryTime   the longest one request keeps retrying, from its first attempt
 */
public record KServeConfig(URI baseUri, String model, Set<Integer> hiddenLayers, Duration requestTimeout,
                           Duration readyTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                           boolean binaryOutputs, Duration maxRetryTime) {

    public KServeConfig {
        String root = baseUri.toString();
        if (root.endsWith("/")) {
            baseUri = URI.create(root.substring(0, root.length() - 1));
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model name is required");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (maxRetryTime == null || maxRetryTime.isNegative()) {
            throw new IllegalArgumentException("maxRetryTime must be >= 0");
        }
        hiddenLayers = Set.copyOf(new TreeSet<>(hiddenLayers));
    }

    /**
     * Mean-pooled layers only; 60 s requests, 120 s to become ready; up to 40 retries with delays from up to
     * 200 ms growing to up to 8 s, within 90 s per request: a Triton pod that restarts within a minute is waited out.
     */
    public static KServeConfig of(URI baseUri, String model) {
        return new KServeConfig(baseUri, model, Set.of(), Duration.ofSeconds(60), Duration.ofSeconds(120), 40,
                Duration.ofMillis(200), Duration.ofSeconds(8), true, Duration.ofSeconds(90));
    }

    public KServeConfig withHiddenLayers(Set<Integer> layers) {
        return new KServeConfig(baseUri, model, layers, requestTimeout, readyTimeout, maxRetries, initialBackoff,
                maxBackoff, binaryOutputs, maxRetryTime);
    }

    public KServeConfig withTimeouts(Duration request, Duration ready) {
        return new KServeConfig(baseUri, model, hiddenLayers, request, ready, maxRetries, initialBackoff, maxBackoff,
                binaryOutputs, maxRetryTime);
    }

    public KServeConfig withRetries(int retries, Duration initial, Duration max) {
        return new KServeConfig(baseUri, model, hiddenLayers, requestTimeout, readyTimeout, retries, initial, max,
                binaryOutputs, maxRetryTime);
    }

    /** As {@link #withRetries(int, Duration, Duration)}, and at most {@code within} of retrying per request. */
    public KServeConfig withRetries(int retries, Duration initial, Duration max, Duration within) {
        return new KServeConfig(baseUri, model, hiddenLayers, requestTimeout, readyTimeout, retries, initial, max,
                binaryOutputs, within);
    }

    public KServeConfig withBinaryOutputs(boolean enabled) {
        return new KServeConfig(baseUri, model, hiddenLayers, requestTimeout, readyTimeout, maxRetries, initialBackoff,
                maxBackoff, enabled, maxRetryTime);
    }

    /** The retry bound as the store's policy: {@code maxRetries + 1} attempts within {@code maxRetryTime}. */
    public dev.plmlab.store.RetryPolicy retryPolicy() {
        return new dev.plmlab.store.RetryPolicy(maxRetries + 1, initialBackoff, maxBackoff, maxRetryTime);
    }
}
