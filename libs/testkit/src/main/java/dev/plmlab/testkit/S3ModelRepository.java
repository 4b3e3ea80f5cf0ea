package dev.plmlab.testkit;

import io.minio.DownloadObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Triton repository under an S3 prefix, as Triton reads {@code s3://...} repositories: each load downloads
 * {@code <prefix>/<name>/config.pbtxt} and {@code <prefix>/<name>/1/*} into a temporary folder, which goes
 * when the model is unloaded. Talks S3 with the MinIO client directly: the store module depends on the
 * testkit, not the reverse.
 */
public final class S3ModelRepository implements ModelRepository {

    /**
     * @param endpoint  e.g. {@code http://127.0.0.1:9000}
     * @param prefix    key prefix of the repository, without a trailing slash; empty for the bucket's root
     */
    public record Location(String endpoint, String region, String bucket, String prefix, String accessKey, String secretKey) {
        public Location {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(bucket, "bucket");
            region = region == null || region.isBlank() ? "us-east-1" : region;
            prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        }

        String entryPrefix(String name) {
            return (prefix.isEmpty() ? "" : prefix + "/") + name + "/";
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + prefix + " at " + endpoint;
        }
    }

    private final Location location;
    private final MinioClient client;

    S3ModelRepository(Location location) {
        this.location = location;
        this.client = MinioClient.builder()
                .endpoint(location.endpoint())
                .credentials(location.accessKey(), location.secretKey())
                .region(location.region())
                .build();
    }

    @Override
    public List<String> names() throws IOException {
        String root = location.prefix().isEmpty() ? "" : location.prefix() + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String key : keys(root)) {
            String rest = key.substring(root.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals("config.pbtxt")) {
                names.add(rest.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Path fetch(String name) throws IOException {
        String entry = location.entryPrefix(name);
        List<String> keys = keys(entry);
        if (!keys.contains(entry + "config.pbtxt")) {
            throw new NoSuchFileException(location + ": no " + entry + "config.pbtxt");
        }
        Path dir = Files.createTempDirectory("kserve-s3-").resolve(name);
        boolean done = false;
        try {
            for (String key : keys) {
                String rest = key.substring(entry.length());
                if (rest.equals("config.pbtxt") || rest.startsWith(ServedModel.VERSION + "/")) {
                    Path target = dir.resolve(rest).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("key " + key + " in " + location + " leaves its entry");
                    }
                    Files.createDirectories(target.getParent());
                    call("download " + key, () -> client.downloadObject(DownloadObjectArgs.builder()
                            .bucket(location.bucket()).object(key).filename(target.toString()).overwrite(true).build()));
                }
            }
            done = true;
            return dir;
        } finally {
            if (!done) {
                delete(dir.getParent());
            }
        }
    }

    @Override
    public void release(String name, Path fetched) {
        delete(fetched.getParent());
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // closing only frees the HTTP client's pool
        }
    }

    private List<String> keys(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        call("list " + prefix, () -> {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(location.bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
        });
        return keys;
    }

    private interface S3Call {
        void run() throws Exception;
    }

    private void call(String what, S3Call call) throws IOException {
        try {
            call.run();
        } catch (IOException e) {
            throw new IOException("S3 " + what + " in " + location + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException("S3 " + what + " in " + location + " failed: " + e, e);
        }
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary copy left behind costs disk only
        }
    }
}
