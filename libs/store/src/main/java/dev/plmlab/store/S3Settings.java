package dev.plmlab.store;

import java.util.Objects;

/**
 * Where the object store is and how to sign requests to it.
 *
 * @param endpoint  e.g. {@code http://127.0.0.1:9000} or {@code https://minio.plmlab.svc:9000}
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param bucket    the one bucket plmlab keeps everything in
 * @param region    signing region; MinIO and S3Proxy accept {@value #DEFAULT_REGION}
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(bucket, "bucket");
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
    }

    public S3Settings(String endpoint, String accessKey, String secretKey, String bucket) {
        this(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION);
    }

    /** Never prints the secret (settings end up in logs and error messages). */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", bucket=" + bucket
                + ", region=" + region + "]";
    }
}
