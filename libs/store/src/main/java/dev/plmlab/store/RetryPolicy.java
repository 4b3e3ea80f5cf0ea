package dev.plmlab.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long a transient failure (connection refused or reset, a timeout, HTTP 5xx or 503 SlowDown,
 * an incomplete read) is retried: exponential backoff with full jitter, bounded by attempts and by total time.
 * Retry {@code n} (1-based) sleeps a uniformly random time in {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}
 * ("full jitter", so that many clients that failed together do not come back together). The call gives up when
 * {@code maxAttempts} attempts have failed, or when the next sleep would end past {@code maxElapsed} from the
 * first attempt.
 *
 * @param maxAttempts    attempts in all, the first included; 1 means no retry
 * @param initialBackoff the cap on the first retry's sleep; doubled for each further retry
 * @param maxBackoff     the cap on any one sleep
 * @param maxElapsed     the longest time from the first attempt to the start of the last
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {

    /**
     * 60 attempts, sleeps from up to 250 ms growing to up to 8 s, at most 90 s in all: a store that is away for a
     * minute (a MinIO pod rescheduled, S3Proxy restarted) is waited out; one that stays away fails the call after
     * about a minute and a half.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(60, Duration.ofMillis(250), Duration.ofSeconds(8),
            Duration.ofSeconds(90));

    /** One attempt: every failure is final. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxElapsed.isNegative()) {
            throw new IllegalArgumentException("backoff and elapsed bounds must not be negative");
        }
    }

    /** The cap on retry {@code n}'s sleep (1-based): {@code min(maxBackoff, initialBackoff * 2^(n-1))}. */
    public Duration backoffCap(int retry) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long grown = initial > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : initial << shift;
        return Duration.ofMillis(Math.min(grown, cap));
    }

    /** A random sleep for retry {@code n} (1-based), uniform in {@code [0, backoffCap(n)]}. */
    public Duration delay(int retry) {
        long cap = backoffCap(retry).toMillis();
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /** Whether attempt {@code attempt} (1-based, just failed) may be followed by one more after sleeping {@code delay}. */
    public boolean allowsAnother(int attempt, Duration elapsed, Duration delay) {
        return attempt < maxAttempts && elapsed.plus(delay).compareTo(maxElapsed) <= 0;
    }

    /** "up to 60 attempts within 90 s". */
    public String describe() {
        return "up to " + maxAttempts + " attempt" + (maxAttempts == 1 ? "" : "s") + " within " + seconds(maxElapsed);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
