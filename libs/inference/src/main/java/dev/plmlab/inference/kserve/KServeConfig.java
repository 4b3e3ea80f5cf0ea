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
 * @param maxRetries     retries after a connection error, timeout or 503, per request
 * @param initialBackoff first retry delay; doubled on each further retry, up to {@code maxBackoff}
 * @param maxBackoff     longest delay between retries
 * @param binaryOutputs  ask for outputs in the binary tensor data extension (else as JSON {@code data})
 */
public record KServeConfig(URI baseUri, String model, Set<Integer> hiddenLayers, Duration requestTimeout,
                           Duration readyTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                           boolean binaryOutputs) {

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
        hiddenLayers = Set.copyOf(new TreeSet<>(hiddenLayers));
    }

    /** Mean-pooled layers only; 60 s requests, 120 s to become ready, 4 retries from 100 ms up to 5 s. */
    public static KServeConfig of(URI baseUri, String model) {
        return new KServeConfig(baseUri, model, Set.of(), Duration.ofSeconds(60), Duration.ofSeconds(120), 4,
                Duration.ofMillis(100), Duration.ofSeconds(5), true);
    }

    public KServeConfig withHiddenLayers(Set<Integer> layers) {
        return new KServeConfig(baseUri, model, layers, requestTimeout, readyTimeout, maxRetries, initialBackoff,
                maxBackoff, binaryOutputs);
    }

    public KServeConfig withTimeouts(Duration request, Duration ready) {
        return new KServeConfig(baseUri, model, hiddenLayers, request, ready, maxRetries, initialBackoff, maxBackoff,
                binaryOutputs);
    }

    public KServeConfig withRetries(int retries, Duration initial, Duration max) {
        return new KServeConfig(baseUri, model, hiddenLayers, requestTimeout, readyTimeout, retries, initial, max,
                binaryOutputs);
    }

    public KServeConfig withBinaryOutputs(boolean enabled) {
        return new KServeConfig(baseUri, model, hiddenLayers, requestTimeout, readyTimeout, maxRetries, initialBackoff,
                maxBackoff, enabled);
    }
}
