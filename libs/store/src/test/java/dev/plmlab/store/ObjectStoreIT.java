package dev.plmlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.testkit.S3ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real S3 server (S3Proxy child process), started once for the class. */
class ObjectStoreIT {

    private static S3ProxyProcess s3;
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = S3ProxyProcess.startTemporary();
        store = new ObjectStore(settings("plmlab"));
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static S3Settings settings(String bucket) {
        return new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), bucket, s3.region());
    }

    @Test
    void ensureBucketIsIdempotent() {
        store.ensureBucket();
        store.ensureBucket();
    }

    @Test
    void bytesRoundTrip() {
        byte[] body = "{\"job\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

        store.put("results/abc.json", body, "application/json");

        assertTrue(store.exists("results/abc.json"));
        assertArrayEquals(body, store.get("results/abc.json").orElseThrow());
    }

    @Test
    void missingKeyIsEmptyNotAnError() {
        assertEquals(Optional.empty(), store.get("results/never-written.json"));
        assertFalse(store.exists("results/never-written.json"));
    }

    @Test
    void putIfAbsentWritesOnlyOnce() {
        assertTrue(store.putIfAbsent("datasets/once/dataset.json", new byte[] {1}, "application/octet-stream"));
        assertFalse(store.putIfAbsent("datasets/once/dataset.json", new byte[] {2}, "application/octet-stream"));
        assertArrayEquals(new byte[] {1}, store.get("datasets/once/dataset.json").orElseThrow());
    }

    @Test
    void listReturnsEveryKeyUnderThePrefixInOrder() {
        store.put("listing/b/2.bin", new byte[] {2}, "application/octet-stream");
        store.put("listing/a.bin", new byte[] {1}, "application/octet-stream");
        store.put("listing/b/c/3.bin", new byte[] {3}, "application/octet-stream");
        store.put("listingx/other.bin", new byte[] {4}, "application/octet-stream");

        assertEquals(List.of("listing/a.bin", "listing/b/2.bin", "listing/b/c/3.bin"), store.list("listing/"));
    }

    @Test
    void deleteRemovesTheKeyAndToleratesMissingOnes() {
        store.put("scratch/gone.txt", new byte[] {9}, "text/plain");

        store.delete("scratch/gone.txt");
        store.delete("scratch/gone.txt");

        assertFalse(store.exists("scratch/gone.txt"));
    }

    @Test
    void largeFileGoesUpInPartsAndComesBackIdentical(@TempDir Path tmp) throws Exception {
        // 12 MiB: above the 5 MiB multipart threshold, so the upload is multipart
        byte[] content = new byte[12 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path source = Files.write(tmp.resolve("features.npz"), content);

        store.put("embeddings/big/features.npz", source);
        Path copy = tmp.resolve("down/features.npz");
        store.download("embeddings/big/features.npz", copy);

        assertArrayEquals(content, Files.readAllBytes(copy));
    }

    @Test
    void failureNamesOperationBucketAndKey() {
        try (ObjectStore noBucket = new ObjectStore(settings("no-such-bucket"))) {
            StoreException failure = assertThrows(StoreException.class,
                    () -> noBucket.put("results/x.json", new byte[] {1}, "application/json"));

            assertTrue(failure.getMessage().startsWith("put s3://no-such-bucket/results/x.json at " + s3.endpoint()),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("NoSuchBucket"), failure.getMessage());
        }
    }
}
