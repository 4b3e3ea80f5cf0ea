package dev.plmlab.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
