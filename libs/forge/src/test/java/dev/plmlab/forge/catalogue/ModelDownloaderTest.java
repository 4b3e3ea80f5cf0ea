package dev.plmlab.forge.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plmlab.forge.checkpoint.Checkpoint;
import dev.plmlab.forge.checkpoint.CheckpointReader;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.checkpoint.GoldenFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server serving a golden checkpoint; never touches the network. */
class ModelDownloaderTest {

    @TempDir
    Path cache;

    private HttpServer server;
    private byte[] model;
    private byte[] regression;
    private final List<String> rangeHeaders = new ArrayList<>();
    private final AtomicLong bodyBytesServed = new AtomicLong();
    private volatile boolean honourRange = true;

    @BeforeEach
    void startServer() throws IOException {
        Path checkpoint = GoldenFixtures.checkpoint("esm2");
        model = Files.readAllBytes(checkpoint);
        regression = Files.readAllBytes(CheckpointReader.contactRegressionFile(checkpoint));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/esm2_t3_64_tiny.pt", exchange -> serve(exchange, model));
        server.createContext("/regression/esm2_t3_64_tiny-contact-regression.pt", exchange -> serve(exchange, regression));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange, byte[] content) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        synchronized (rangeHeaders) {
            rangeHeaders.add(range);
        }
        int from = 0;
        if (range != null && honourRange) {
            from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            if (from >= content.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, content.length - from);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content, from, content.length - from);
        }
        bodyBytesServed.addAndGet(content.length - from);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsWholeFileWithProgressAndChecksum() throws Exception {
        List<long[]> progress = new ArrayList<>();
        Path file = new ModelDownloader(cache).download(uri("/models/esm2_t3_64_tiny.pt"), "esm2_t3_64_tiny.pt",
                sha256(model), (soFar, total) -> progress.add(new long[] {soFar, total}));
        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(cache.resolve("esm2_t3_64_tiny.pt"), file);
        assertFalse(Files.exists(cache.resolve("esm2_t3_64_tiny.pt.part")));
        long[] last = progress.get(progress.size() - 1);
        assertArrayEquals(new long[] {model.length, model.length}, last);
        assertNull(rangeHeaders.get(0), "a fresh download asks for everything");
        // the file is a usable checkpoint
        assertEquals(Family.ESM2, CheckpointReader.read(file).family());
    }

    @Test
    void resumesFromPartialFile() throws Exception {
        int partial = 100_000;
        Files.write(cache.resolve("esm2_t3_64_tiny.pt.part"), Arrays.copyOf(model, partial));
        List<Long> seen = new ArrayList<>();
        Path file = new ModelDownloader(cache).download(uri("/models/esm2_t3_64_tiny.pt"), "esm2_t3_64_tiny.pt",
                sha256(model), (soFar, total) -> seen.add(soFar));
        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(List.of("bytes=" + partial + "-"), rangeHeaders);
        assertEquals(model.length - partial, bodyBytesServed.get(), "only the missing bytes were sent");
        assertTrue(seen.get(0) > partial, "progress counts the resumed part");
    }

    @Test
    void restartsWhenServerIgnoresRange() throws Exception {
        honourRange = false;
        Files.write(cache.resolve("esm2_t3_64_tiny.pt.part"), new byte[] {1, 2, 3, 4, 5});
        Path file = new ModelDownloader(cache).download(uri("/models/esm2_t3_64_tiny.pt"), "esm2_t3_64_tiny.pt",
                null, ModelDownloader.ProgressListener.NONE);
        assertArrayEquals(model, Files.readAllBytes(file));
    }

    @Test
    void completePartFileIsFinishedWithoutRefetching() throws Exception {
        Files.write(cache.resolve("esm2_t3_64_tiny.pt.part"), model);
        Path file = new ModelDownloader(cache).download(uri("/models/esm2_t3_64_tiny.pt"), "esm2_t3_64_tiny.pt",
                sha256(model), ModelDownloader.ProgressListener.NONE);
        assertArrayEquals(model, Files.readAllBytes(file));
        assertEquals(0, bodyBytesServed.get());
    }

    @Test
    void checksumMismatchFailsAndLeavesNothing() {
        String wrong = "0".repeat(64);
        DownloadException e = assertThrows(DownloadException.class, () -> new ModelDownloader(cache)
                .download(uri("/models/esm2_t3_64_tiny.pt"), "esm2_t3_64_tiny.pt", wrong, ModelDownloader.ProgressListener.NONE));
        assertTrue(e.getMessage().contains("sha256 mismatch: expected " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("/models/esm2_t3_64_tiny.pt"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("esm2_t3_64_tiny.pt")));
        assertFalse(Files.exists(cache.resolve("esm2_t3_64_tiny.pt.part")));
    }

    @Test
    void httpErrorNamesStatusAndUrl() {
        DownloadException e = assertThrows(DownloadException.class, () -> new ModelDownloader(cache)
                .download(uri("/models/missing.pt"), "missing.pt", null, ModelDownloader.ProgressListener.NONE));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("/models/missing.pt"), e.getMessage());
    }

    @Test
    void cachedFileIsNotFetchedAgain() throws Exception {
        ModelDownloader downloader = new ModelDownloader(cache);
        URI source = uri("/models/esm2_t3_64_tiny.pt");
        downloader.download(source, "esm2_t3_64_tiny.pt", sha256(model), ModelDownloader.ProgressListener.NONE);
        downloader.download(source, "esm2_t3_64_tiny.pt", sha256(model), ModelDownloader.ProgressListener.NONE);
        assertEquals(1, rangeHeaders.size());
    }

    @Test
    void catalogueEntryBringsItsContactRegression() throws Exception {
        CatalogueEntry entry = new CatalogueEntry("esm2_t3_64_tiny", Family.ESM2, 3, 64, 4, 0, 1.0, null,
                uri("/models/esm2_t3_64_tiny.pt").toString(),
                uri("/regression/esm2_t3_64_tiny-contact-regression.pt").toString(), model.length, null, "test");
        Path file = new ModelDownloader(cache).download(entry, ModelDownloader.ProgressListener.NONE);
        Checkpoint checkpoint = CheckpointReader.readWithContactRegression(file);
        assertTrue(checkpoint.state().containsKey("contact_head.regression.weight"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
