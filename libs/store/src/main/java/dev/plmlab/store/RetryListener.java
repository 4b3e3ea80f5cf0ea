package dev.plmlab.store;

import java.time.Duration;

/**
 * Hears of every retry of an object-store call, e.g. to count them in a metric; keeps this library free of any
 * metrics framework. Called on the calling thread before the backoff sleep; must not throw.
 */
@FunctionalInterface
public interface RetryListener {

    RetryListener NONE = event -> { };

    void retrying(Retry event);

    /**
     * One retry about to happen.
     *
     * @param operation what was tried, e.g. "get" or "put (from /tmp/x)"
     * @param bucket    the bucket
     * @param key       the key, or {@code null} for a bucket-level operation
     * @param attempt   the attempt that failed (1-based); the next is {@code attempt + 1}
     * @param delay     how long the caller sleeps first
     * @param cause     the transient failure
     */
    record Retry(String operation, String bucket, String key, int attempt, Duration delay, Throwable cause) {
    }
}
