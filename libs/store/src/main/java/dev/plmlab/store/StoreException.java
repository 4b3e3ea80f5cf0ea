package dev.plmlab.store;

import io.minio.errors.ErrorResponseException;

/** An object-store operation failed; the message names the operation, the bucket, the key and the cause. */
public class StoreException extends RuntimeException {

    private final String operation;
    private final String bucket;
    private final String key;
    private final int attempts;
    private final boolean transientFailure;

    public StoreException(String operation, String bucket, String key, String endpoint, Throwable cause) {
        this(operation, bucket, key, endpoint, 1, false, "", cause);
    }

    /**
     * @param attempts         how many attempts were made
     * @param transientFailure whether the last failure was transient (the retry bound ran out) rather than permanent
     * @param retried          e.g. " after 12 attempts over 90.2 s (...)", or empty
     */
    public StoreException(String operation, String bucket, String key, String endpoint, int attempts,
                          boolean transientFailure, String retried, Throwable cause) {
        super(operation + " s3://" + bucket + (key == null ? "" : "/" + key) + " at " + endpoint + " failed" + retried
                + ": " + describe(cause), cause);
        this.operation = operation;
        this.bucket = bucket;
        this.key = key;
        this.attempts = attempts;
        this.transientFailure = transientFailure;
    }

    /** How many attempts were made before giving up (1 for a permanent failure at once). */
    public int attempts() {
        return attempts;
    }

    /**
     * True when the store stayed unreachable or kept failing transiently until the retry bound ran out (a later
     * try may succeed); false for a permanent failure (access denied, no such bucket, a malformed object).
     */
    public boolean transientFailure() {
        return transientFailure;
    }

    public String operation() {
        return operation;
    }

    public String bucket() {
        return bucket;
    }

    /** The object key, or {@code null} for bucket-level operations. */
    public String key() {
        return key;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String described = cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        // the S3 error code (NoSuchBucket, AccessDenied, SignatureDoesNotMatch...) says most about what to fix
        if (cause instanceof ErrorResponseException s3Error && s3Error.errorResponse() != null) {
            described += " [S3 error " + s3Error.errorResponse().code() + "]";
        }
        return described;
    }
}
