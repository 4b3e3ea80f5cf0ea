package dev.plmlab.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.plmlab.forge.catalogue.ModelCatalogue;
import dev.plmlab.model.ObjectKeys;
import dev.plmlab.model.messages.Messages;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.S3ProxyProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Official checkpoints reach every embedder replica through the shared model store, downloaded once: real S3
 * (the testkit's S3Proxy) and a real HTTP mirror on loopback serving the golden tiny ESM-2 checkpoint under an
 * official file name.
 */
class OfficialCheckpointsTest {

    private static final String OFFICIAL = "esm2_t6_8M_UR50D";
    private static final Path GOLDEN = Path.of(System.getProperty("plmlab.repo.root", "../.."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt");

    @TempDir
    Path temp;

    private HttpServer mirror;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private S3ProxyProcess s3;
    private ObjectStore store;
    private String segmentKey;

    @BeforeEach
    void start() throws Exception {
        byte[] golden = Files.readAllBytes(GOLDEN);
        mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mirror.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/mirror/" + OFFICIAL + ".pt")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                sleep(300); // slow enough that a second replica arrives while the first downloads
                exchange.sendResponseHeaders(200, golden.length);
                exchange.getResponseBody().write(golden);
            }
        });
        mirror.setExecutor(Executors.newFixedThreadPool(4));
        mirror.start();
        s3 = S3ProxyProcess.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "plmlab", s3.region()));
        store.ensureBucket();
        segmentKey = ObjectKeys.catalogueCheckpoint(OFFICIAL + ".pt");
        for (String key : List.of(segmentKey, segmentKey + ".sha256", ObjectKeys.catalogueCheckpointLease(OFFICIAL + ".pt"))) {
            store.delete(key);
        }
    }

    @AfterEach
    void stop() {
        mirror.stop(0);
        store.close();
        s3.close();
    }

    private OfficialCheckpoints replica(String name) {
        URI base = OfficialCheckpoints.asBase(URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/mirror"));
        return new OfficialCheckpoints(store, ModelCatalogue.load(), Optional.of(base), temp.resolve(name),
                Duration.ofSeconds(30), Duration.ofMinutes(1), Clock.systemUTC());
    }

    @Test
    void twoReplicasAskingAtOnceDownloadOnceAndAThirdReadsTheStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> first = pool.submit(() -> replica("a").local(OFFICIAL));
            Future<Path> second = pool.submit(() -> replica("b").local(OFFICIAL));
            byte[] expected = Files.readAllBytes(GOLDEN);
            assertArrayEquals(expected, Files.readAllBytes(first.get()));
            assertArrayEquals(expected, Files.readAllBytes(second.get()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("/mirror/" + OFFICIAL + ".pt"), requests, "one download for both replicas");
        assertTrue(store.exists(segmentKey));
        assertEquals(dev.plmlab.model.upload.UploadedFile.sha256Of(GOLDEN), replica("c").storedSha256(OFFICIAL).orElseThrow(),
                "the content id is known from the store without the file");
        Path third = replica("c").local(OFFICIAL);
        assertArrayEquals(Files.readAllBytes(GOLDEN), Files.readAllBytes(third));
        assertEquals(1, requests.size(), "the third replica read the model store, not the mirror");
        assertTrue(!store.exists(ObjectKeys.catalogueCheckpointLease(OFFICIAL + ".pt")), "the lease is gone after the fetch");
    }

    @Test
    void anExpiredLeaseOfADeadReplicaIsTakenOver() throws Exception {
        store.put(ObjectKeys.catalogueCheckpointLease(OFFICIAL + ".pt"), Messages.mapper().writeValueAsBytes(
                new OfficialCheckpoints.Lease("embedder-dead", Instant.now().minusSeconds(5))), "application/json");
        Path file = replica("d").local(OFFICIAL);
        assertArrayEquals(Files.readAllBytes(GOLDEN), Files.readAllBytes(file));
        assertEquals(1, requests.size());
    }

    @Test
    void aModelWithoutADownloadLocationFailsNamingIt() {
        OfficialCheckpoints noMirror = new OfficialCheckpoints(store, ModelCatalogue.load(), Optional.empty(), temp.resolve("e"),
                Duration.ofSeconds(30), Duration.ofMinutes(1), Clock.systemUTC());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> noMirror.local("esm2_t99_nonsense"));
        assertTrue(e.getMessage().contains("esm2_t99_nonsense") && e.getMessage().contains("not in the model catalogue"),
                e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
