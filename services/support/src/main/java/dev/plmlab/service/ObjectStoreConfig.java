package dev.plmlab.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The object store every service reads its inputs from and writes its outputs to. In a
 * cluster each key comes from its environment variable ({@code PLMLAB_S3_ENDPOINT},
 * {@code PLMLAB_S3_ACCESS_KEY}, ...; the chart sets them); the defaults reach the local MinIO
 * of {@code k8s/infra}.
 */
@ConfigMapping(prefix = "plmlab.s3")
public interface ObjectStoreConfig {

    /** URL of the S3 API, e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com}. */
    @WithDefault("http://localhost:9000")
    String endpoint();

    /** Access key id. */
    @WithDefault("plmlab")
    String accessKey();

    /** Secret key: give it by environment variable or Secret, never in a file. */
    @WithDefault("plmlab-secret")
    String secretKey();

    /** The one bucket for datasets/, embeddings/, results/, reports/ and triton-models/; created when missing. */
    @WithDefault("plmlab")
    String bucket();

    /** Signing region: MinIO accepts any, AWS needs the bucket's own. */
    @WithDefault("us-east-1")
    String region();

    /** How transient store failures (refused, reset, timeouts, 5xx, SlowDown) are retried. */
    Retry retry();

    /**
     * Exponential backoff with full jitter: retry {@code n} sleeps a random time up to
     * {@code min(max-backoff, initial-backoff * 2^(n-1))}; a call gives up after {@code max-attempts} attempts or
     * once {@code max-elapsed} has passed since its first attempt, whichever comes first. The defaults wait out a
     * store that is away for a minute. Permanent errors (4xx: access denied, no such bucket) are never retried.
     */
    interface Retry {

        /** Attempts per call in all, the first included; 1 turns retries off ({@code PLMLAB_S3_RETRY_MAX_ATTEMPTS}). */
        @WithDefault("60")
        int maxAttempts();

        /** The cap on the first retry's sleep; doubled per retry. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** The cap on any one sleep. */
        @WithDefault("8s")
        Duration maxBackoff();

        /** The longest a call keeps trying, from its first attempt ({@code PLMLAB_S3_RETRY_MAX_ELAPSED}). */
        @WithDefault("90s")
        Duration maxElapsed();
    }
}
