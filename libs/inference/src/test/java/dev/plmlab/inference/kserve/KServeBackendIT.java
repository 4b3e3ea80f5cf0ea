package dev.plmlab.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.onnx.TritonRepository;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.BackendOutputs;
import dev.plmlab.inference.EmbeddingOptions;
import dev.plmlab.inference.GoldenEsm2;
import dev.plmlab.inference.InferenceException;
import dev.plmlab.inference.SequenceEmbedder;
import dev.plmlab.inference.SequenceEmbedding;
import dev.plmlab.inference.ort.OrtBackend;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.KServeServerOptions;
import ai.onnx.proto.OnnxMl.ModelProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KServeBackend} against the testkit's {@link KServeServer} serving the golden ESM-2 from a Triton
 * repository that forge wrote: parity with in-process ONNX Runtime, batch limits, a loading model, retries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KServeBackendIT {

    private static final String MODEL = "esm2_golden";
    private static final String SMALL_BATCH_MODEL = "esm2_golden_b2";
    private static final Set<Integer> ALL_LAYERS = Set.of(0, 1, 2, 3);

    private Path repo;
    private OrtBackend ort;
    private long[][] goldenTokens;
    private JsonNode expected;

    @BeforeAll
    void forge() throws Exception {
        expected = GoldenEsm2.expected();
        repo = Files.createTempDirectory("kserve-repo");
        ModelProto graph = GoldenEsm2.graphWithAllHiddenLayers();
        TritonRepository.write(repo, MODEL, graph, TritonOptions.gpu(8).withInstanceKind("KIND_CPU"));
        TritonRepository.write(repo, SMALL_BATCH_MODEL, graph, TritonOptions.gpu(2).withInstanceKind("KIND_CPU"));
        ort = new OrtBackend(repo.resolve(MODEL).resolve("1").resolve("model.onnx"), 1, ALL_LAYERS, null);
        goldenTokens = Tokenizer.forFamily(Family.ESM2).batch(GoldenEsm2.sequences()).tokens();
    }

    @AfterAll
    void close() throws Exception {
        ort.close();
        GoldenEsm2.deleteTree(repo);
    }

    private static KServeConfig config(KServeServer server, String model) {
        return KServeConfig.of(server.baseUri(), model).withHiddenLayers(ALL_LAYERS)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20))
                .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    @Test
    void kserveAndInProcessOrtAgreeBinaryAndJson() {
        BackendOutputs local = ort.infer(goldenTokens);
        try (KServeServer server = KServeServer.start(repo)) {
            for (boolean binary : new boolean[] {true, false}) {
                try (KServeBackend remote = new KServeBackend(config(server, MODEL).withBinaryOutputs(binary))) {
                    BackendOutputs served = remote.infer(goldenTokens);
                    assertClose(local.mean(), served.mean(), 1e-5f);
                    assertEquals(ALL_LAYERS, served.hidden().keySet());
                    for (int layer : ALL_LAYERS) {
                        assertClose(local.hidden().get(layer), served.hidden().get(layer), 1e-5f);
                    }
                    assertEquals(8, remote.maxBatchSize(), "read from /config");
                }
            }
        }
    }

    @Test
    void sequenceEmbedderOverKServeMatchesTheReference() {
        try (KServeServer server = KServeServer.start(repo);
             KServeBackend remote = new KServeBackend(config(server, MODEL))) {
            // small batches, three in flight at once
            List<SequenceEmbedding> out = new SequenceEmbedder(remote, Tokenizer.forFamily(Family.ESM2),
                    EmbeddingOptions.defaults().withBatching(60, 2).withConcurrentBatches(3)).embed(GoldenEsm2.sequences());
            assertTrue(server.inferRequests() >= 3);
            for (int i = 0; i < out.size(); i++) {
                for (int layer = 0; layer <= GoldenEsm2.LAYERS; layer++) {
                    assertArrayEquals(GoldenEsm2.mean(expected, layer, i), out.get(i).pooled()[layer], 1e-4f);
                }
            }
        }
    }

    @Test
    void aBatchAboveTheConfiguredMaxBatchSizeIsSentInChunks() {
        try (KServeServer server = KServeServer.start(repo);
             KServeBackend remote = new KServeBackend(config(server, SMALL_BATCH_MODEL))) {
            BackendOutputs served = remote.infer(goldenTokens);
            assertEquals(2, remote.maxBatchSize());
            assertEquals(3, server.inferRequests(), "5 rows as 2 + 2 + 1, none rejected");
            assertClose(ort.infer(goldenTokens).mean(), served.mean(), 1e-5f);
        }
    }

    @Test
    void aBatchTheServerRejectsAsTooLargeIsSplitInHalves() {
        // /config says 8, the server takes only 2: 5 -> rejected, 2 ok, 3 rejected -> 1 + 2
        try (KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withEnforcedBatchLimit(2));
             KServeBackend remote = new KServeBackend(config(server, MODEL))) {
            BackendOutputs served = remote.infer(goldenTokens);
            assertClose(ort.infer(goldenTokens).mean(), served.mean(), 1e-5f);
            assertEquals(5, server.inferRequests());
            assertEquals(5, server.inferRows(), "every row run once");
            assertEquals(2, remote.maxBatchSize(), "learned from the rejection's '<= 2'");
            remote.infer(goldenTokens);
            assertEquals(8, server.inferRequests(), "later batches go straight to chunks of 2");
        }
    }

    @Test
    void theClientWaitsForALoadingModel() {
        try (KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withLoadingDelay(Duration.ofMillis(1500)));
             KServeBackend remote = new KServeBackend(config(server, MODEL))) {
            assertTrue(remote.serverLive());
            assertTrue(!remote.modelReady(), "still loading");
            long start = System.nanoTime();
            remote.infer(goldenTokens);
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(1000).toNanos(), "waited for readiness");
            assertTrue(remote.modelReady());
        }
    }

    @Test
    void aModelThatStaysUnreadyFailsAfterTheReadyTimeout() {
        try (KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withLoadingDelay(Duration.ofSeconds(30)));
             KServeBackend remote = new KServeBackend(config(server, MODEL).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400)))) {
            InferenceException e = assertThrows(InferenceException.class, () -> remote.infer(goldenTokens));
            assertTrue(e.getMessage().contains("not ready"), e.getMessage());
        }
    }

    @Test
    void timeoutsAnd503AreRetriedWithBackoff() {
        KServeServerOptions faults = KServeServerOptions.defaults().withUnavailableInfers(2).withSlowInfers(1, Duration.ofSeconds(3));
        try (KServeServer server = KServeServer.start(repo, faults);
             KServeBackend remote = new KServeBackend(config(server, MODEL).withTimeouts(Duration.ofMillis(1000), Duration.ofSeconds(5)))) {
            BackendOutputs served = remote.infer(goldenTokens);
            assertClose(ort.infer(goldenTokens).mean(), served.mean(), 1e-5f);
            assertEquals(4, server.inferRequests(), "503, 503, timed out, answered");
        }
    }

    @Test
    void retriesAreBoundedAndTheFailureSaysWhy() {
        try (KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withUnavailableInfers(10));
             KServeBackend remote = new KServeBackend(config(server, MODEL).withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)))) {
            InferenceException e = assertThrows(InferenceException.class, () -> remote.infer(goldenTokens));
            assertTrue(e.getMessage().contains("2 attempts") && e.getMessage().contains("503"), e.getMessage());
            assertEquals(2, server.inferRequests());
        }
    }

    @Test
    void outOfMemoryResponsesLetTheEmbedderSplit() {
        try (KServeServer server = KServeServer.start(repo, KServeServerOptions.defaults().withOutOfMemoryAbove(2));
             KServeBackend remote = new KServeBackend(config(server, MODEL))) {
            List<SequenceEmbedding> out = new SequenceEmbedder(remote, Tokenizer.forFamily(Family.ESM2),
                    EmbeddingOptions.defaults()).embed(GoldenEsm2.sequences());
            assertEquals(5, server.inferRows());
            for (int i = 0; i < out.size(); i++) {
                assertArrayEquals(GoldenEsm2.mean(expected, 3, i), out.get(i).pooled()[3], 1e-4f);
            }
        }
    }

    @Test
    void anUnknownModelIsAClearError() {
        try (KServeServer server = KServeServer.start(repo);
             KServeBackend remote = new KServeBackend(config(server, "nope").withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)))) {
            InferenceException e = assertThrows(InferenceException.class, () -> remote.infer(goldenTokens));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }

    private static void assertClose(float[][][] expected, float[][][] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int b = 0; b < expected.length; b++) {
            assertEquals(expected[b].length, actual[b].length);
            for (int t = 0; t < expected[b].length; t++) {
                assertArrayEquals(expected[b][t], actual[b][t], tolerance, "row " + b + " position " + t);
            }
        }
    }
}
