package dev.plmlab.science.data;

import dev.plmlab.science.data.csv.SplitCsv;
import java.util.Map;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads are served by a local HTTP server on 127.0.0.1; no test touches the real network. */
class DatasetLocatorTest {
    private static final String WRONG_SHA = "0".repeat(64);

    @TempDir
    Path temp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private URI zipUrl;

    @BeforeEach
    void serveTheRealZip() throws IOException {
        byte[] zip = Files.readAllBytes(SharedData.gb1Splits());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String path = "/J-SNACKKB/FLIP/" + FlipFiles.GB1_COMMIT + "/splits/gb1/splits.zip";
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, zip.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(zip);
            }
        });
        server.start();
        zipUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private PinnedFile servedGb1(String sha256) {
        return new PinnedFile(FlipFiles.GB1_SPLITS.relativePath(), zipUrl, sha256);
    }

    private DatasetLocator.Builder isolated() throws IOException {
        // an empty shared folder overrides the plmlab.shared.data property the build sets
        return DatasetLocator.builder().sharedData(Files.createDirectories(temp.resolve("no-shared")))
                .cacheFolder(temp.resolve("cache"));
    }

    @Test
    void sharedDataFolderIsUsedWhenNothingElseIsConfigured() {
        DatasetLocator locator = DatasetLocator.builder().sharedData(SharedData.folder())
                .cacheFolder(temp.resolve("cache")).offline().build();
        assertEquals(SharedData.gb1Splits(), locator.resolve(FlipFiles.GB1_SPLITS));
    }

    @Test
    void sharedDataIsFoundThroughTheSystemProperty() {
        // the parent pom's surefire configuration sets plmlab.shared.data
        assertTrue(DatasetLocator.sharedDataFromEnvironment().isPresent());
        Path found = DatasetLocator.builder().cacheFolder(temp.resolve("cache")).offline().build()
                .resolve(FlipFiles.GB1_SPLITS);
        assertEquals(Sha256OfRealZip.VALUE, sha(found));
    }

    @Test
    void userFolderComesFirst() throws IOException {
        Path user = temp.resolve("user");
        Path copy = user.resolve(FlipFiles.GB1_SPLITS.relativePath());
        Files.createDirectories(copy.getParent());
        Files.copy(SharedData.gb1Splits(), copy);
        DatasetLocator locator = DatasetLocator.builder().userFolder(user).sharedData(SharedData.folder())
                .cacheFolder(temp.resolve("cache")).offline().build();
        assertEquals(copy, locator.resolve(FlipFiles.GB1_SPLITS));
    }

    @Test
    void aLocalCopyWithTheWrongChecksumIsAnErrorAndIsKept() throws IOException {
        Path user = temp.resolve("user");
        Path copy = user.resolve(FlipFiles.GB1_SPLITS.relativePath());
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "not the zip");
        DatasetLocator locator = isolated().userFolder(user).build();
        DatasetException e = assertThrows(DatasetException.class, () -> locator.resolve(servedGb1(Sha256OfRealZip.VALUE)));
        assertTrue(e.getMessage().contains(copy + " has sha256"), e.getMessage());
        assertTrue(Files.exists(copy));
        assertEquals(0, requests.get());
    }

    @Test
    void downloadsOnceIntoTheCacheWhenNoLocalCopyExists() throws IOException {
        DatasetLocator locator = isolated().build();
        Path downloaded = locator.resolve(servedGb1(FlipFiles.GB1_SPLITS.sha256()));
        assertEquals(temp.resolve("cache").resolve("flip/gb1/splits.zip"), downloaded);
        assertEquals(Sha256OfRealZip.VALUE, sha(downloaded));
        assertEquals(1, requests.get());
        assertEquals(downloaded, locator.resolve(servedGb1(FlipFiles.GB1_SPLITS.sha256())));
        assertEquals(1, requests.get(), "the second resolve must come from the cache");
        // and the downloaded file is usable as a dataset
        DataParts parts = SplitCsv.of(SplitCsv.LabelKind.NUMBER, Map.of(), "ACDEFGHIKLMNPQRSTVWY")
                .readZipEntry(downloaded, "splits/sampled.csv");
        assertEquals(1745, parts.test().size());
    }

    @Test
    void aDownloadWithTheWrongChecksumIsDeletedAndReported() throws IOException {
        DatasetLocator locator = isolated().build();
        DatasetException e = assertThrows(DatasetException.class, () -> locator.resolve(servedGb1(WRONG_SHA)));
        assertTrue(e.getMessage().contains("has sha256 " + Sha256OfRealZip.VALUE + " but " + WRONG_SHA), e.getMessage());
        assertTrue(e.getMessage().contains("deleted"), e.getMessage());
        Path cacheDir = temp.resolve("cache").resolve("flip/gb1");
        try (Stream<Path> left = Files.list(cacheDir)) {
            assertEquals(0, left.count(), "no partial or bad file may stay in the cache");
        }
    }

    @Test
    void userGivenUrlWithChecksumIsCachedBySha() throws IOException {
        DatasetLocator locator = isolated().build();
        Path downloaded = locator.resolveUrl(zipUrl, Sha256OfRealZip.VALUE.toUpperCase());
        assertEquals(temp.resolve("cache/by-sha256/" + Sha256OfRealZip.VALUE + "/splits.zip"), downloaded);
        locator.resolveUrl(zipUrl, Sha256OfRealZip.VALUE);
        assertEquals(1, requests.get());
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() throws IOException {
        DatasetLocator locator = isolated().build();
        DatasetException e = assertThrows(DatasetException.class,
                () -> locator.resolveUrl(URI.create("http://example.org/splits.zip"), Sha256OfRealZip.VALUE));
        assertTrue(e.getMessage().contains("only https"), e.getMessage());
    }

    @Test
    void userGivenLocalPathIsCheckedWhenAShaIsGiven() {
        DatasetLocator locator = DatasetLocator.builder().offline().build();
        assertEquals(SharedData.gb1Splits(), locator.resolveLocal(SharedData.gb1Splits(), Sha256OfRealZip.VALUE));
        assertThrows(DatasetException.class, () -> locator.resolveLocal(SharedData.gb1Splits(), WRONG_SHA));
        assertThrows(DatasetException.class, () -> locator.resolveLocal(temp.resolve("missing.zip"), null));
    }

    @Test
    void offlineWithoutAnyCopyNamesWhereItLooked() throws IOException {
        DatasetLocator locator = isolated().offline().build();
        DatasetException e = assertThrows(DatasetException.class, () -> locator.resolve(servedGb1(Sha256OfRealZip.VALUE)));
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertTrue(e.getMessage().contains("no-shared"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("cache/flip/gb1/splits.zip")));
    }

    private static String sha(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sha256 of shared/data/flip/gb1/splits.zip as listed in shared/data/README.md. */
    private static final class Sha256OfRealZip {
        static final String VALUE = "00a3c3d5be56ce35adfbec838db8ff549be369525e151a6978133da34b9fd86f";
    }
}
