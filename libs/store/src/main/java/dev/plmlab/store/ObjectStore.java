package dev.plmlab.store;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plmlab bucket in an S3-compatible store (MinIO in the cluster, S3Proxy locally), over the
 * MinIO client. Requests are path-style ({@code endpoint/bucket/key}), which both servers accept
 * and S3Proxy requires; the MinIO client uses path style for every endpoint that is not AWS.
 *
 * <p>Every call is retried on transient failures (connection refused or reset, timeouts, HTTP 5xx, 503
 * SlowDown, 408/429, incomplete reads) under a {@link RetryPolicy}: exponential backoff with full jitter,
 * bounded by attempts and total time ({@link RetryPolicy#DEFAULT}: a one-minute outage is waited out). Each
 * call is retried whole: a get reads the object again from its start, a file upload re-opens the file, a byte
 * array is sent again; nothing resumes a half-consumed stream. Each retry is logged at WARN with its attempt
 * count, counted in {@link #retries()} and told to the {@link RetryListener}.
 *
 * <p>Permanent failures (access denied, no such bucket, other 4xx, a malformed object, a missing local file)
 * fail at once. A missing key is not a failure where the method's contract says so ({@link #get},
 * {@link #read}, {@link #exists}). Every failure surfaces as a {@link StoreException} naming the
 * operation, bucket and key, and, after retries, how many attempts over how long.
 */
public final class ObjectStore implements AutoCloseable {

    /** Error codes S3 servers use for "no such object" (HEAD responses carry no code, only 404). */
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");
    /** Error codes that say "try again" whatever the HTTP status. */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeoutException", "OperationAborted", "XMinioServerNotInitialized");
    /** Per attempt: a store that accepts no connection, or goes silent mid-request, fails the attempt this soon. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final System.Logger LOG = System.getLogger(ObjectStore.class.getName());

    private final S3Settings settings;
    private final MinioClient client;
    private final RetryPolicy retry;
    private final RetryListener listener;
    private final AtomicLong retries = new AtomicLong();

    /** With {@link RetryPolicy#DEFAULT}. */
    public ObjectStore(S3Settings settings) {
        this(settings, RetryPolicy.DEFAULT, RetryListener.NONE);
    }

    /**
     * @param retry    how transient failures are retried
     * @param listener hears of each retry (e.g. to count it in a metric)
     */
    public ObjectStore(S3Settings settings, RetryPolicy retry, RetryListener listener) {
        this.settings = settings;
        this.retry = Objects.requireNonNull(retry, "retry");
        this.listener = Objects.requireNonNull(listener, "listener");
        try {
            this.client = MinioClient.builder()
                    .endpoint(settings.endpoint())
                    .credentials(settings.accessKey(), settings.secretKey())
                    .region(settings.region())
                    .build();
            this.client.setTimeout(CONNECT_TIMEOUT.toMillis(), READ_WRITE_TIMEOUT.toMillis(), READ_WRITE_TIMEOUT.toMillis());
        } catch (RuntimeException e) {
            throw new StoreException("connect to", settings.bucket(), null, settings.endpoint(), e);
        }
    }

    public S3Settings settings() {
        return settings;
    }

    public String bucket() {
        return settings.bucket();
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    /** How many retries this store has made so far, over all calls (for a metric). */
    public long retries() {
        return retries.get();
    }

    /** Creates the bucket unless it exists. Safe to call from several services at once. */
    public void ensureBucket() {
        call("ensure bucket", null, () -> {
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).build());
                }
            } catch (ErrorResponseException e) {
                String code = e.errorResponse() == null ? null : e.errorResponse().code();
                // another service created it between our check and our request
                if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Writes (or overwrites) {@code key} with {@code bytes}. */
    public void put(String key, byte[] bytes, String contentType) {
        call("put", key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                .data(bytes, bytes.length)
                .contentType(contentType)
                .build()));
    }

    /**
     * Uploads a file of any size; large files go up as a multipart upload, streamed from disk. A retry opens the
     * file again and sends it from its start.
     */
    public void put(String key, Path file) {
        call("put (from " + file + ")", key, () -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket()).object(key)
                .filename(file.toString())
                .build()));
    }

    /**
     * Writes {@code key} unless it exists and reports whether it wrote. Not atomic: two writers can
     * both write. That is harmless here, because keys are content addressed (the same key always
     * gets the same bytes); the point is to skip work that is already done.
     */
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        if (exists(key)) {
            return false;
        }
        put(key, bytes, contentType);
        return true;
    }

    /** The object's bytes, or empty when there is no such key. */
    public Optional<byte[]> get(String key) {
        return call("get", key, () -> {
            try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                return Optional.of(response.readAllBytes());
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.<byte[]>empty();
                }
                throw e;
            }
        });
    }

    /** Reads an object as a stream, without holding it whole; {@code reader} must not keep the stream. */
    @FunctionalInterface
    public interface StreamReader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Streams the object at {@code key} through {@code reader}, or returns empty when there is no such key.
     * A failure of the reader (a malformed object) surfaces as an {@link IOException}-caused
     * {@link StoreException} naming the key, at once. When the connection fails while the reader reads, the
     * object is requested again and {@code reader} runs again on a fresh stream from its start, so it must
     * not keep state across calls.
     */
    public <T> Optional<T> read(String key, StreamReader<T> reader) {
        return call("read", key, () -> {
            try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                T value;
                try {
                    value = reader.read(new NetworkStream(response));
                } catch (IOException | RuntimeException e) {
                    if (causedBy(e, NetworkFailure.class)) {
                        throw e;
                    }
                    throw new ReaderFailure(e);
                }
                return Optional.of(value);
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.<T>empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(String key) {
        return call("check existence of", key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Every key that starts with {@code prefix} (all levels, not just one "folder"), in key order. */
    public List<String> list(String prefix) {
        List<String> keys = call("list", prefix + "*", () -> {
            List<String> found = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    found.add(item.objectName());
                }
            }
            return found;
        });
        keys.sort(null);
        return keys;
    }

    /** Removes {@code key}; removing a key that does not exist is not an error (S3 semantics). */
    public void delete(String key) {
        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
            return null;
        });
    }

    /** Streams {@code key} into {@code target} (replacing it), creating parent folders; a retry downloads it again whole. */
    public void download(String key, Path target) {
        call("download (to " + target + ")", key, () -> {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket()).object(key)
                    .filename(target.toString())
                    .overwrite(true)
                    .build());
            return null;
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw failure("close client for", null, e);
        }
    }

    /** One attempt of a store call. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws Exception;
    }

    /** Runs {@code attempt}, retrying transient failures under the policy; every failure ends as a StoreException. */
    private <T> T call(String operation, String key, Attempt<T> attempt) {
        long started = System.nanoTime();
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                Throwable cause = e instanceof ReaderFailure reader ? reader.getCause() : e;
                if (!isTransient(e)) {
                    throw failure(operation, key, cause);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Duration delay = retry.delay(n);
                if (!retry.allowsAnother(n, elapsed, delay)) {
                    String retried = n == 1 ? " (not retried: " + retry.describe() + ")"
                            : " after " + n + " attempts over " + RetryPolicy.seconds(elapsed)
                            + " (retry bound: " + retry.describe() + ")";
                    throw new StoreException(operation, bucket(), key, settings.endpoint(), n, true, retried, cause);
                }
                retries.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "S3 {0} s3://{1}{2} at {3} failed (attempt {4} of at most {5}, {6} so far): {7}; retrying in {8} ms",
                        operation, bucket(), key == null ? "" : "/" + key, settings.endpoint(), n, retry.maxAttempts(),
                        RetryPolicy.seconds(elapsed), shortly(cause), delay.toMillis());
                try {
                    listener.retrying(new RetryListener.Retry(operation, bucket(), key, n, delay, cause));
                } catch (RuntimeException listenerFailure) {
                    LOG.log(System.Logger.Level.WARNING, "retry listener failed", listenerFailure);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(operation, bucket(), key, settings.endpoint(), n, true,
                            " (interrupted while waiting to retry after " + n + " attempt(s))", cause);
                }
            }
        }
    }

    /**
     * Whether a failure may pass on a later try: the connection (refused, reset, timed out, cut mid-read), HTTP
     * 5xx, 408, 429 or an S3 "slow down"/"internal error" code. An interrupt, a 4xx, a reader's own failure or a
     * local file problem is permanent.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException || t instanceof ReaderFailure) {
                return false;
            }
            if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)
                    && Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (t instanceof ErrorResponseException s3) {
                int status = s3.response() == null ? 0 : s3.response().code();
                String code = s3.errorResponse() == null ? null : s3.errorResponse().code();
                return status >= 500 || status == 408 || status == 429 || (code != null && TRANSIENT_CODES.contains(code));
            }
            if (t instanceof ServerException server) {
                int status = server.statusCode();
                return status >= 500 || status == 408 || status == 429;
            }
            if (t instanceof InvalidResponseException || t instanceof InsufficientDataException || t instanceof NetworkFailure) {
                return true; // a non-S3 answer (a proxy's 502 page) or a body cut short
            }
            if (t instanceof FileSystemException || t instanceof java.io.FileNotFoundException
                    || t instanceof javax.net.ssl.SSLHandshakeException) {
                return false; // a missing or unreadable local file; a certificate the client rejects
            }
            if (t instanceof IOException) {
                return true; // refused, reset, timed out, closed early
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String shortly(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static boolean isNotFound(ErrorResponseException e) {
        if (e.response() != null && e.response().code() == 404
                && (e.errorResponse() == null || !"NoSuchBucket".equals(e.errorResponse().code()))) {
            return true;
        }
        return e.errorResponse() != null && NOT_FOUND_CODES.contains(e.errorResponse().code());
    }

    private StoreException failure(String operation, String key, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreException(operation, bucket(), key, settings.endpoint(), cause);
    }

    /** A reader's own failure (the object is malformed): never retried. */
    private static final class ReaderFailure extends Exception {
        ReaderFailure(Throwable cause) {
            super(cause);
        }
    }

    /** An I/O failure of the connection under a reader, told apart from the reader's own failures. */
    private static final class NetworkFailure extends IOException {
        NetworkFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The response body, with its I/O failures marked as the connection's. */
    private static final class NetworkStream extends FilterInputStream {
        NetworkStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new NetworkFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new NetworkFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw new NetworkFailure(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return super.available();
            } catch (IOException e) {
                throw new NetworkFailure(e);
            }
        }
    }
}
