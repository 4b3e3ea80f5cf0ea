package dev.plmlab.science.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files pinned by md5, and files with no published checksum checked by the lock file, over loopback HTTP. */
class DatasetLocatorChecksumTest {
    private static final byte[] CONTENT = "the published archive".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHANGED = "a different archive at the same URL".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private HttpServer server;
    private final AtomicReference<byte[]> served = new AtomicReference<>(CONTENT);
    private final AtomicInteger requests = new AtomicInteger();
    private URI url;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/archive.tar.gz", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/archive.tar.gz");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DatasetLocator locator() throws IOException {
        return DatasetLocator.builder().sharedData(Files.createDirectories(temp.resolve("no-shared")))
                .cacheFolder(temp.resolve("cache")).lockFile(temp.resolve("project/plmlab-data.lock")).build();
    }

    private static String md5(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("md5", ".bin");
        try {
            return FileDigests.of(Files.write(file, bytes)).md5();
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aFilePinnedByMd5DownloadsOnceAndAWrongMd5IsRefused() throws IOException {
        DatasetLocator locator = locator();
        PinnedFile pinned = PinnedFile.withMd5("tape/x.tar.gz", url, md5(CONTENT));
        Path got = locator.resolve(pinned);
        assertEquals(new String(CONTENT, StandardCharsets.UTF_8), Files.readString(got));
        locator.resolve(pinned);
        assertEquals(1, requests.get(), "the second resolve comes from the cache");

        String wrong = "0".repeat(32);
        DatasetException e = assertThrows(DatasetException.class,
                () -> locator.resolve(PinnedFile.withMd5("tape/y.tar.gz", url, wrong)));
        assertTrue(e.getMessage().contains("download of " + url + " has md5 " + md5(CONTENT) + " but " + wrong), e.getMessage());
        assertFalse(Files.exists(temp.resolve("cache/tape/y.tar.gz")));
    }

    @Test
    void theFirstDownloadOfAnUnpinnedFileIsRecordedAndEnforcedFromThenOn() throws IOException {
        DatasetLocator locator = locator();
        PinnedFile unpinned = PinnedFile.locked("flip/scl/splits.zip", url);
        locator.resolve(unpinned);
        Path lock = temp.resolve("project/plmlab-data.lock");
        String sha = FileDigests.of(temp.resolve("cache/flip/scl/splits.zip")).sha256();
        assertEquals("{\n  \"" + url + "\" : \"" + sha + "\"\n}\n", Files.readString(lock), "stable, one entry a line");

        // the source changes: a fresh machine (empty cache) with the committed lock file refuses it
        served.set(CHANGED);
        DatasetLocator fresh = DatasetLocator.builder().sharedData(temp.resolve("no-shared"))
                .cacheFolder(temp.resolve("other-cache")).lockFile(lock).build();
        DatasetException e = assertThrows(DatasetException.class, () -> fresh.resolve(unpinned));
        String changedSha = FileDigests.of(Files.write(temp.resolve("changed"), CHANGED)).sha256();
        assertTrue(e.getMessage().contains("download of " + url + " has sha256 " + changedSha + " but the lock file "
                + lock + " recorded " + sha), e.getMessage());
        assertFalse(Files.exists(temp.resolve("other-cache/flip/scl/splits.zip")), "the refused download is deleted");
    }

    @Test
    void aCachedCopyThatDisagreesWithTheLockFileIsRefused() throws IOException {
        DatasetLocator locator = locator();
        PinnedFile unpinned = PinnedFile.locked("flip/scl/splits.zip", url);
        Path cached = locator.resolve(unpinned);
        Files.write(cached, CHANGED);
        DatasetException e = assertThrows(DatasetException.class, () -> locator.resolve(unpinned));
        assertTrue(e.getMessage().startsWith("the cached copy " + cached + " of " + url + " has sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("lock file " + temp.resolve("project/plmlab-data.lock")), e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void entriesStaySortedByUrl() throws IOException {
        DataLockFile lock = new DataLockFile(temp.resolve("plmlab-data.lock"));
        lock.record(URI.create("https://b.example/z"), "b".repeat(64));
        lock.record(URI.create("https://a.example/z"), "a".repeat(64));
        lock.record(URI.create("https://a.example/z"), "a".repeat(64)); // the same again changes nothing
        assertEquals("{\n  \"https://a.example/z\" : \"" + "a".repeat(64) + "\",\n  \"https://b.example/z\" : \""
                + "b".repeat(64) + "\"\n}\n", Files.readString(temp.resolve("plmlab-data.lock")));
        assertThrows(DatasetException.class, () -> lock.record(URI.create("https://a.example/z"), "c".repeat(64)));
    }
}
