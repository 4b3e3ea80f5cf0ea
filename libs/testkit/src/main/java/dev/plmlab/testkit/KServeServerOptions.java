package dev.plmlab.testkit;

import java.time.Duration;

/**
 * How a {@link KServeServer} behaves, including the faults it can simulate for client tests.
 *
 * @param ortThreads         ONNX Runtime intra-op threads per model
 * @param httpThreads        requests handled at once
 * @param enforcedBatchLimit when above 0, infer requests with more rows are rejected with HTTP 400 (Triton's
 *                           message), while {@code /config} still reports the config.pbtxt value: a server
 *                           whose real limit is below what it advertises, so clients' split-on-rejection
 *                           path runs. At 0 the config.pbtxt {@code max_batch_size} is enforced, as Triton does
 * @param loadingDelay       models (and the server) report not ready for this long after start, as while
 *                           Triton loads them; infer requests meanwhile get 503
 * @param unavailableInfers  the first this many infer requests get 503 (a restarting pod)
 * @param slowInfers         the first this many infer requests (after the unavailable ones) wait
 *                           {@code slowDelay} before answering (a client timeout)
 * @param slowDelay          see {@code slowInfers}
 * @param outOfMemoryAbove   when above 0, batches with more rows fail with HTTP 500 "out of memory", as a GPU
 *                           server does when a batch does not fit
 */
public record KServeServerOptions(int ortThreads, int httpThreads, int enforcedBatchLimit, Duration loadingDelay,
                                  int unavailableInfers, int slowInfers, Duration slowDelay, int outOfMemoryAbove) {

    public KServeServerOptions {
        if (ortThreads < 1 || httpThreads < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1");
        }
        if (enforcedBatchLimit < 0 || unavailableInfers < 0 || slowInfers < 0 || outOfMemoryAbove < 0) {
            throw new IllegalArgumentException("limits and counts must be >= 0");
        }
    }

    /** One ORT thread, four HTTP threads, no simulated faults. */
    public static KServeServerOptions defaults() {
        return new KServeServerOptions(1, 4, 0, Duration.ZERO, 0, 0, Duration.ZERO, 0);
    }

    public KServeServerOptions withOrtThreads(int threads) {
        return new KServeServerOptions(threads, httpThreads, enforcedBatchLimit, loadingDelay, unavailableInfers,
                slowInfers, slowDelay, outOfMemoryAbove);
    }

    public KServeServerOptions withHttpThreads(int threads) {
        return new KServeServerOptions(ortThreads, threads, enforcedBatchLimit, loadingDelay, unavailableInfers,
                slowInfers, slowDelay, outOfMemoryAbove);
    }

    public KServeServerOptions withEnforcedBatchLimit(int limit) {
        return new KServeServerOptions(ortThreads, httpThreads, limit, loadingDelay, unavailableInfers, slowInfers,
                slowDelay, outOfMemoryAbove);
    }

    public KServeServerOptions withLoadingDelay(Duration delay) {
        return new KServeServerOptions(ortThreads, httpThreads, enforcedBatchLimit, delay, unavailableInfers,
                slowInfers, slowDelay, outOfMemoryAbove);
    }

    public KServeServerOptions withUnavailableInfers(int count) {
        return new KServeServerOptions(ortThreads, httpThreads, enforcedBatchLimit, loadingDelay, count, slowInfers,
                slowDelay, outOfMemoryAbove);
    }

    public KServeServerOptions withSlowInfers(int count, Duration delay) {
        return new KServeServerOptions(ortThreads, httpThreads, enforcedBatchLimit, loadingDelay, unavailableInfers,
                count, delay, outOfMemoryAbove);
    }

    public KServeServerOptions withOutOfMemoryAbove(int rows) {
        return new KServeServerOptions(ortThreads, httpThreads, enforcedBatchLimit, loadingDelay, unavailableInfers,
                slowInfers, slowDelay, rows);
    }
}
