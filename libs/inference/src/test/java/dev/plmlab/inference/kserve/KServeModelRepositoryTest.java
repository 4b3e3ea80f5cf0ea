package dev.plmlab.inference.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.GoldenEsm2;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.store.RetryPolicy;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.ModelControlMode;
import dev.plmlab.testkit.ModelRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link KServeModelRepository} against the testkit's KServe v2 server in explicit model-control mode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeModelRepositoryTest {

    private static final String MODEL = "esm2_golden";
    private static final RetryPolicy QUICK = new RetryPolicy(20, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(10));

    private Path repo;
    private KServeServer server;
    private KServeModelRepository client;

    @BeforeAll
    void serve() throws Exception {
        repo = Files.createTempDirectory("kserve-model-repository");
        TritonRepository.write(repo, MODEL, GoldenEsm2.graphWithAllHiddenLayers(), TritonOptions.gpu(8).withInstanceKind("KIND_CPU"));
        server = KServeServer.start(ModelRepository.folder(repo), ModelControlMode.EXPLICIT);
        client = new KServeModelRepository(server.baseUri(), QUICK, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    @AfterAll
    void close() throws Exception {
        server.close();
        GoldenEsm2.deleteTree(repo);
    }

    @BeforeEach
    void unloaded() {
        server.clearFault();
        server.unload(MODEL);
    }

    @Test
    void loadMakesTheModelServableAndUnloadTakesItAway() {
        assertFalse(client.ready(MODEL));
        int loadsBefore = server.loads();
        client.loadAndAwaitReady(MODEL, Duration.ofSeconds(30));
        assertEquals(loadsBefore + 1, server.loads());
        assertTrue(client.ready(MODEL));
        assertEquals(List.of(new KServeModelRepository.Entry(MODEL, "1", "READY", "")), client.index());
        long[][] tokens = Tokenizer.forFamily(Family.ESM2).batch(GoldenEsm2.sequences()).tokens();
        try (KServeBackend backend = new KServeBackend(KServeConfig.of(server.baseUri(), MODEL))) {
            assertEquals(tokens.length, backend.infer(tokens).mean().length);
        }

        client.unload(MODEL);
        assertFalse(client.ready(MODEL));
        KServeModelRepository.Entry entry = client.index().get(0);
        assertEquals("UNAVAILABLE", entry.state());
        assertFalse(entry.ready());
    }

    @Test
    void aModelTheRepositoryLacksFailsNamingItAndTheReason() {
        InferenceException e = assertThrows(InferenceException.class, () -> client.load("esm9_missing"));
        assertTrue(e.getMessage().contains("cannot load model 'esm9_missing' (HTTP 400)"), e.getMessage());
        assertTrue(e.getMessage().contains("failed to poll from model repository"), e.getMessage());
        assertTrue(e.getMessage().contains(server.baseUri().toString()), e.getMessage());
    }

    @Test
    void a503IsRetriedUntilTheServerAnswers() {
        long before = client.retries();
        server.answerRepositoryNext(503, 3);
        client.load(MODEL);
        assertEquals(before + 3, client.retries());
        assertTrue(client.ready(MODEL));
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheBound() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        URI nobody = URI.create("http://127.0.0.1:" + port);
        KServeModelRepository absent = new KServeModelRepository(nobody,
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5)),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        InferenceException e = assertThrows(InferenceException.class, () -> absent.load(MODEL));
        assertTrue(e.getMessage().contains("could not load model '" + MODEL + "' on " + nobody + ": 4 attempts"), e.getMessage());
        assertEquals(3, absent.retries());
    }
}
