package dev.plmlab.inference.kserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.forge.checkpoint.Family;
import dev.plmlab.forge.onnx.TritonOptions;
import dev.plmlab.forge.tokens.Tokenizer;
import dev.plmlab.inference.GoldenEsm2;
import dev.plmlab.inference.InferenceBackend;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.RetryPolicy;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.ModelControlMode;
import dev.plmlab.testkit.ModelRepository;
import dev.plmlab.testkit.S3ModelRepository;
import dev.plmlab.testkit.S3ProxyProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link TritonServing} against S3Proxy and the testkit's KServe server in explicit model-control mode reading
 * the same bucket: published once with config.pbtxt last, loaded on request only, unloaded when idle, loaded
 * again when another client unloaded it mid-use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TritonServingIT {

    private static final String BUCKET = "plmlab";
    private static final String PREFIX = "triton-models";
    private static final RetryPolicy QUICK = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(10));

    private S3ProxyProcess s3;
    private ObjectStore store;
    private KServeServer server;
    private Path forged;
    private long[][] tokens;

    @BeforeAll
    void start() throws Exception {
        s3 = S3ProxyProcess.startTemporary();
        s3.createBucket(BUCKET);
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), BUCKET, s3.region()));
        server = KServeServer.start(ModelRepository.s3(new S3ModelRepository.Location(s3.endpoint(), s3.region(), BUCKET,
                PREFIX, s3.accessKey(), s3.secretKey())), ModelControlMode.EXPLICIT);
        forged = Files.createTempDirectory("triton-serving-forged");
        GoldenEsm2.forgeWithAllHiddenLayers(forged);
        tokens = Tokenizer.forFamily(Family.ESM2).batch(GoldenEsm2.sequences()).tokens();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        store.close();
        s3.close();
        GoldenEsm2.deleteTree(forged);
    }

    private TritonServing serving(Duration unloadIdle, SimpleMeterRegistry registry) {
        return new TritonServing(store, PREFIX, new KServeModelRepository(server.baseUri(), QUICK, Duration.ofSeconds(10),
                Duration.ofSeconds(60)), TritonServing.ModelControl.EXPLICIT, unloadIdle, registry);
    }

    @Test
    void publishedOnceLoadedOnRequestUnloadedWhenIdle() throws Exception {
        String name = "esm2_golden--0000000000000001";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TritonServing serving = serving(Duration.ofMillis(800), registry)) {
            assertTrue(serving.publish(name, forged, TritonOptions.gpu(8).withInstanceKind("KIND_CPU")));
            List<String> keys = store.list(PREFIX + "/" + name + "/");
            assertEquals(List.of(PREFIX + "/" + name + "/1/model.onnx", PREFIX + "/" + name + "/1/model.onnx.data",
                    PREFIX + "/" + name + "/config.pbtxt"), keys);
            assertFalse(serving.publish(name, forged, TritonOptions.gpu(8)), "published once");
            try (TritonServing another = serving(Duration.ZERO, null)) {
                assertFalse(another.publish(name, forged, TritonOptions.gpu(8)), "a present config.pbtxt means published");
            }
            assertEquals(Set.of(), server.models(), "publishing loads nothing");

            int loadsBefore = server.loads();
            try (InferenceBackend backend = serving.open(KServeConfig.of(server.baseUri(), name))) {
                assertEquals(loadsBefore + 1, server.loads());
                assertEquals(Set.of(name), server.models());
                assertEquals(tokens.length, backend.infer(tokens).mean().length);
                Thread.sleep(1500);
                assertEquals(Set.of(name), server.models(), "a model in use is not unloaded, however long");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!server.models().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(Set.of(), server.models(), "unloaded once idle");
            assertEquals(Set.of(), serving.loaded());
            assertEquals(1.0, registry.get("plmlab_triton_model_loads_total").tag("model", name).counter().count());
            assertEquals(1.0, registry.get("plmlab_triton_model_unloads_total").tag("model", name).counter().count());
        }
    }

    @Test
    void aModelUnloadedByAnotherClientMidUseIsLoadedAgain() throws Exception {
        String name = "esm2_golden--0000000000000002";
        try (TritonServing serving = serving(Duration.ZERO, null)) {
            serving.publish(name, forged, TritonOptions.gpu(8).withInstanceKind("KIND_CPU"));
            try (InferenceBackend backend = serving.open(KServeConfig.of(server.baseUri(), name))) {
                backend.infer(tokens);
                server.unload(name); // another replica's idle check
                assertEquals(tokens.length, backend.infer(tokens).mean().length);
                assertEquals(2, serving.loads());
                assertTrue(server.models().contains(name));
            }
            assertEquals(0, serving.unloads(), "unload-idle 0: never unloaded");
            server.unload(name);
        }
    }
}
