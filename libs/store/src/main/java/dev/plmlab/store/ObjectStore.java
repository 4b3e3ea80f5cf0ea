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
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plmlab bucket in an S3-compatible store (MinIO in the cluster, S3Proxy locally), over the
 * MinIO client. Requests are path-style ({@code endpoint/bucket/key}), which both servers accept
 * and S3Proxy requires; the MinIO client uses path style for every endpoint that is not AWS.
 * Every failure surfaces as a {@link StoreException} naming the operation, bucket and key.
 */
public final class ObjectStore implements AutoCloseable {

    /** Error codes S3 servers use for "no such object" (HEAD responses carry no code, only 404). */
    private static final Set<String> NOT_FOUND_CODES = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound");

    private final S3Settings settings;
    private final MinioClient client;

    public ObjectStore(S3Settings settings) {
        this.settings = settings;
        try {
            this.client = MinioClient.builder()
                    .endpoint(settings.endpoint())
                    .credentials(settings.accessKey(), settings.secretKey())
                    .region(settings.region())
                    .build();
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

    /** Creates the bucket unless it exists. Safe to call from several services at once. */
    public void ensureBucket() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket()).build());
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? null : e.errorResponse().code();
            // another service created it between our check and our request
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw failure("ensure bucket", null, e);
            }
        } catch (Exception e) {
            throw failure("ensure bucket", null, e);
        }
    }

    /** Writes (or overwrites) {@code key} with {@code bytes}. */
    public void put(String key, byte[] bytes, String contentType) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                    .data(bytes, bytes.length)
                    .contentType(contentType)
                    .build());
        } catch (Exception e) {
            throw failure("put", key, e);
        }
    }

    /** Uploads a file of any size; large files go up as a multipart upload, streamed from disk. */
    public void put(String key, Path file) {
        try {
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket()).object(key)
                    .filename(file.toString())
                    .build());
        } catch (Exception e) {
            throw failure("put (from " + file + ")", key, e);
        }
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
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
            return Optional.of(response.readAllBytes());
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        } catch (Exception e) {
            throw failure("get", key, e);
        }
    }

    /** Reads an object as a stream, without holding it whole; {@code reader} must not keep the stream. */
    @FunctionalInterface
    public interface StreamReader<T> {
        T read(InputStream in) throws IOException;
    }

    /**
     * Streams the object at {@code key} through {@code reader}, or returns empty when there is no such key.
     * A failure of the reader (a malformed object) surfaces as an {@link IOException}-caused
     * {@link StoreException} naming the key.
     */
    public <T> Optional<T> read(String key, StreamReader<T> reader) {
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
            return Optional.of(reader.read(response));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (Exception e) {
            throw failure("read", key, e);
        }
    }

    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw failure("check existence of", key, e);
        } catch (Exception e) {
            throw failure("check existence of", key, e);
        }
    }

    /** Every key that starts with {@code prefix} (all levels, not just one "folder"), in key order. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
        } catch (Exception e) {
            throw failure("list", prefix + "*", e);
        }
        keys.sort(null);
        return keys;
    }

    /** Removes {@code key}; removing a key that does not exist is not an error (S3 semantics). */
    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
        } catch (Exception e) {
            throw failure("delete", key, e);
        }
    }

    /** Streams {@code key} into {@code target} (replacing it), creating parent folders. */
    public void download(String key, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            client.downloadObject(DownloadObjectArgs.builder().bucket(bucket()).object(key)
                    .filename(target.toString())
                    .overwrite(true)
                    .build());
        } catch (Exception e) {
            throw failure("download (to " + target + ")", key, e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw failure("close client for", null, e);
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        if (e.response() != null && e.response().code() == 404
                && (e.errorResponse() == null || !"NoSuchBucket".equals(e.errorResponse().code()))) {
            return true;
        }
        return e.errorResponse() != null && NOT_FOUND_CODES.contains(e.errorResponse().code());
    }

    private StoreException failure(String operation, String key, Exception cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreException(operation, bucket(), key, settings.endpoint(), cause);
    }
}
