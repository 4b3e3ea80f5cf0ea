package dev.plmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plmlab.cli.local.ExperimentClient;
import dev.plmlab.cli.local.LocalStack;
import dev.plmlab.cli.local.ProgressView;
import dev.plmlab.model.spec.Variant;
import dev.plmlab.store.NpyArray;
import dev.plmlab.store.Npy;
import dev.plmlab.store.ObjectStore;
import dev.plmlab.store.S3Settings;
import dev.plmlab.testkit.KServeServer;
import dev.plmlab.testkit.ModelControlMode;
import dev.plmlab.testkit.ModelRepository;
import dev.plmlab.testkit.S3ModelRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GB1 example with the golden tiny ESM-2 checkpoint, forged by the embedder, through both
 * backends: ONNX Runtime in-process, and Triton's protocol (KServe v2) against the testkit's
 * server. Features and results must agree to 1e-5.
 *
 * <p>The Triton run goes the deployed path: the server runs in explicit model-control mode over the S3 model
 * repository in the stack's bucket, holding nothing; the embedder publishes its forged model there under the
 * name {@code plmlab forge} gives it, asks the server to load it, and unloads it once idle.
 */
class BackendParityIT {

    private static final String PREFIX = "triton-models";

    private static final Path GOLDEN_ESM2 = Path.of(System.getProperty("plmlab.repo.root", ".."),
            "libs/forge/src/test/resources/golden/esm2/esm2_t3_64_tiny.pt").toAbsolutePath();

    @TempDir
    Path work;

    private record Run(Map<String, NpyArray> features, String resultsCsv) {
    }

    private static String spec(String backend) {
        return """
                name: gb1-esm2-%s
                tasks:
                  - dataset: gb1
                    split: low_vs_high
                models:
                  - family: esm2
                    checkpoint: %s
                    layers: all
                probes: [ridge]
                compute:
                  backend: %s
                  token_budget: 4096
                """.formatted(backend, GOLDEN_ESM2, backend);
    }

    /** What a test checks on the running stack, before submitting and after the report. */
    private interface StackCheck {
        void check(ObjectStore store) throws Exception;
    }

    private Run run(String backend, Map<String, String> embedderConfig) throws Exception {
        return run(backend, embedderConfig, (stack, store) -> { }, store -> { });
    }

    private interface StackStart {
        void started(LocalStack stack, ObjectStore store) throws Exception;
    }

    private Run run(String backend, Map<String, String> embedderConfig, StackStart beforeSubmit, StackCheck afterReport)
            throws Exception {
        try (LocalStack stack = LocalStack.start(RepoLayout.locate(), work.resolve("state-" + backend), work, embedderConfig,
                System.out::println);
             ObjectStore stackStore = store(stack)) {
            beforeSubmit.started(stack, stackStore);
            ExperimentClient client = new ExperimentClient(stack.kafkaBootstrapServers());
            client.ensureTopics();
            // as plmlab run does: the services read the checkpoint from the store, never from this disk
            String sent = stack.uploadSpecFiles(spec(backend), work, System.out::println);
            ExperimentClient.Outcome outcome = client.submitAndFollow(sent, Duration.ofMinutes(10), System.out::println,
                    new ProgressView(new PrintStream(System.out), false));
            assertNotNull(outcome.report(), backend + " run finished");
            assertEquals(List.of(), outcome.failures(), backend + " run had no failed jobs");
            afterReport.check(stackStore);
            try (ObjectStore store = store(stack)) {
                // every layer object of every part, named by its key below the features id
                Map<String, NpyArray> features = new java.util.TreeMap<>();
                for (String key : store.list("embeddings/")) {
                    if (key.endsWith(".npy")) {
                        features.put(key.substring(key.indexOf('/', "embeddings/".length()) + 1),
                                Npy.fromBytes(store.get(key).orElseThrow()));
                    }
                }
                assertTrue(features.size() >= 3 * 4, "every layer of the 3-layer model, per part: " + features.keySet());
                return new Run(features,
                        new String(store.get(outcome.report().resultsCsvKey()).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
    }

    private static ObjectStore store(LocalStack stack) {
        Map<String, String> s3 = stack.config();
        return new ObjectStore(new S3Settings(s3.get("plmlab.s3.endpoint"), s3.get("plmlab.s3.access-key"),
                s3.get("plmlab.s3.secret-key"), LocalStack.BUCKET, s3.get("plmlab.s3.region")));
    }

    @Test
    void localAndTritonBackendsAgree() throws Exception {
        Path models = work.resolve("models");
        Run local = run("local", Map.of("plmlab.embedder.model-cache", models.toString()));

        // the name plmlab forge gives the same checkpoint: a forge Job's entry is the one the embedder asks for
        String served = ForgedNames.of("esm2_t3_64_tiny", GOLDEN_ESM2, Variant.PRETRAINED, 0);
        String config = PREFIX + "/" + served + "/config.pbtxt";
        StackModelRepository repository = new StackModelRepository();
        Run triton;
        try (KServeServer server = KServeServer.start(repository, ModelControlMode.EXPLICIT)) {
            triton = run("triton", Map.of("plmlab.embedder.model-cache", models.toString(),
                    "plmlab.embedder.triton-url", server.baseUri().toString(),
                    "plmlab.embedder.triton.unload-idle", "PT2S"), (stack, store) -> {
                        repository.bindTo(stack, PREFIX);
                        assertFalse(store.exists(config), "nothing published before the run");
                        assertEquals(Set.of(), server.models(), "explicit mode: nothing loaded at start");
                    }, store -> {
                        assertTrue(store.exists(config), "the embedder published " + config + "; the bucket holds "
                                + store.list(PREFIX + "/"));
                        assertTrue(store.exists(PREFIX + "/" + served + "/1/model.onnx"));
                        assertTrue(server.loads() >= 1, "the embedder asked the server to load " + served);
                        assertTrue(server.inferRequests() > 0, "the triton run went through the KServe server");
                        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                        while (server.unloads() == 0 && System.nanoTime() < deadline) {
                            Thread.sleep(200);
                        }
                        assertTrue(server.unloads() >= 1, "the idle model was unloaded within 60 s");
                        assertEquals(Set.of(), server.models(), "nothing loaded once idle");
                        System.out.println("triton run: " + server.loads() + " load(s), " + server.unloads()
                                + " unload(s) of " + served);
                    });
        }

        assertEquals(local.features().keySet(), triton.features().keySet());
        double worst = 0;
        for (String name : local.features().keySet()) {
            float[] a = local.features().get(name).floats();
            float[] b = triton.features().get(name).floats();
            assertEquals(a.length, b.length, name);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        System.out.println("max abs feature difference local vs triton: " + worst);
        assertTrue(worst <= 1e-5, "features differ by " + worst);
        assertEquals(values(local.resultsCsv()).size(), values(triton.resultsCsv()).size());
        List<Double> a = values(local.resultsCsv());
        List<Double> b = values(triton.resultsCsv());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), 1e-5, "result " + i);
        }
    }

    private static List<Double> values(String csv) {
        return csv.lines().skip(1).map(line -> Double.parseDouble(line.split(",", 16)[9])).toList();
    }
}
