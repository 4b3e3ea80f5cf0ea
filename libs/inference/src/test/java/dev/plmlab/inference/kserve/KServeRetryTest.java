package dev.plmlab.inference.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.GoldenEsm2;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.testkit.KServeServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link KServeBackend}'s retries against the testkit's KServe v2 server made to answer 502, 503 or 504 for a
 * number of requests or for a while, or to stall past the client's timeout: the request succeeds once the server
 * answers again; 4xx fails at once with the server's message; the bound is honoured and named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeRetryTest {

    private static final String MODEL = "esm2_golden";

    private Path repo;
    private KServeServer server;
    private long[][] tokens;

    @BeforeAll
    void serve() throws Exception {
        repo = Files.createTempDirectory("kserve-retry-repo");
        TritonRepository.write(repo, MODEL, GoldenEsm2.graphWithAllHiddenLayers(),
                TritonOptions.gpu(8).withInstanceKind("KIND_CPU"));
        server = KServeServer.start(repo);
        tokens = Tokenizer.forFamily(Family.ESM2).batch(GoldenEsm2.sequences()).tokens();
    }

    @AfterAll
    void close() throws Exception {
        server.close();
        GoldenEsm2.deleteTree(repo);
    }

    @BeforeEach
    void healthy() {
        server.clearFault();
    }

    /** Quick retries for a test, within {@code within}. */
    private KServeBackend backend(Duration within, Duration requestTimeout) {
        return new KServeBackend(KServeConfig.of(server.baseUri(), MODEL)
                .withTimeouts(requestTimeout, Duration.ofSeconds(20))
                .withRetries(100, Duration.ofMillis(20), Duration.ofMillis(300), within));
    }

    private BackendOutputs ready(KServeBackend backend) {
        backend.awaitReady();
        return null;
    }

    @Test
    void theDefaultsWaitOutAMinute() {
        KServeConfig defaults = KServeConfig.of(server.baseUri(), MODEL);
        assertEquals(Duration.ofSeconds(90), defaults.maxRetryTime());
        assertTrue(defaults.maxRetries() >= 30, "enough retries for a minute: " + defaults.maxRetries());
    }

    @Test
    void a503ForSomeRequestsIsRetried() {
        try (KServeBackend remote = backend(Duration.ofSeconds(30), Duration.ofSeconds(20))) {
            ready(remote);
            int before = server.inferRequests();
            server.answerNext(503, 3);

            remote.infer(tokens);

            assertEquals(4, server.inferRequests() - before, "503, 503, 503, answered");
            assertEquals(3, remote.retries());
        }
    }

    @Test
    void badGatewayAndGatewayTimeoutAreRetried() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KServeBackend remote = new KServeBackend(KServeConfig.of(server.baseUri(), MODEL)
                .withRetries(100, Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofSeconds(30)), registry)) {
            ready(remote);
            server.answerNext(502, 2);
            remote.infer(tokens);
            server.answerNext(504, 2);
            remote.infer(tokens);

            assertEquals(4, remote.retries());
            assertEquals(4.0, registry.get("plmlab.inference.retries").functionCounter().count());
        }
    }

    @Test
    void a503ForSecondsIsWaitedOut() {
        try (KServeBackend remote = backend(Duration.ofSeconds(30), Duration.ofSeconds(20))) {
            ready(remote);
            server.answerFor(503, Duration.ofSeconds(2));
            long started = System.nanoTime();

            remote.infer(tokens);

            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds >= 1.9, "answered once the 503s stopped, after " + seconds + " s");
            assertTrue(remote.retries() >= 3, "retried: " + remote.retries());
        }
    }

    @Test
    void aServerThatStallsPastTheTimeoutIsRetried() {
        try (KServeBackend remote = backend(Duration.ofSeconds(30), Duration.ofMillis(400))) {
            ready(remote);
            server.stallFor(Duration.ofSeconds(2), Duration.ofSeconds(1));

            remote.infer(tokens);

            assertTrue(remote.retries() >= 1, "the timed-out requests were retried: " + remote.retries());
        }
    }

    @Test
    void a4xxFailsAtOnceWithTheServersMessage() {
        try (KServeBackend remote = backend(Duration.ofSeconds(30), Duration.ofSeconds(20))) {
            ready(remote);
            int before = server.inferRequests();
            server.answerNext(400, 1);
            long started = System.nanoTime();

            InferenceException e = assertThrows(InferenceException.class, () -> remote.infer(tokens));

            assertEquals(1, server.inferRequests() - before, "not retried");
            assertEquals(0, remote.retries());
            assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("simulated HTTP 400"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + MODEL + "'"), e.getMessage());
            assertTrue((System.nanoTime() - started) / 1e9 < 2);
        }
    }

    @Test
    void theBoundIsHonouredAndNamed() {
        try (KServeBackend remote = backend(Duration.ofSeconds(2), Duration.ofSeconds(20))) {
            ready(remote);
            server.answerFor(503, Duration.ofSeconds(60));
            long started = System.nanoTime();

            InferenceException e = assertThrows(InferenceException.class, () -> remote.infer(tokens));

            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds >= 1.5 && seconds < 5, "gave up after about 2 s, not " + seconds);
            assertTrue(e.getMessage().matches("(?s)model 'esm2_golden' at .* failed \\d+ attempts over \\d+\\.\\d s "
                    + "\\(retry bound: up to 101 attempts within 2\\.0 s\\); last: HTTP 503: .*"), e.getMessage());
        }
    }
}
