package dev.plmlab.store;

import io.minio.errors.ErrorResponseException;

/** An object-store operation failed; the message names the operation, the bucket, the key and the cause. */
public class StoreException extends RuntimeException {

    private final String operation;
    private final String bucket;
    private final String key;

    public StoreException(String operation, String bucket, String key, String endpoint, Throwable cause) {
        super(operation + " s3://" + bucket + (key == null ? "" : "/" + key) + " at " + endpoint + " failed: "
                + describe(cause), cause);
        this.operation = operation;
        this.bucket = bucket;
        this.key = key;
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
